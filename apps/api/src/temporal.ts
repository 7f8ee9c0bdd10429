// The process's one Temporal client: connected lazily, every call bounded by a short deadline.
import { TemporalUnavailableError, type TemporalGateway } from '@distillery/api';
import { Client, Connection, isGrpcServiceError } from '@temporalio/client';

export interface TemporalGatewayOptions {
  address: string;
  namespace: string;
  taskQueuePrefix: string;
  /** How long to wait for a connection before answering SERVICE_UNAVAILABLE. */
  connectTimeoutMs?: number;
  /** Deadline for each call (start, cancel, describe) so a dead server answers in seconds. */
  callTimeoutMs?: number;
}

export type { TemporalGateway };

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** The SDK wraps gRPC errors (e.g. ServiceError "Failed to start Workflow"), so look down the cause chain. */
function isUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code: number | undefined = isGrpcServiceError(e) ? e.code : undefined;
    if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return true;
  }
  return false;
}

export function createTemporalGateway(opts: TemporalGatewayOptions): TemporalGateway {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
  const callTimeoutMs = opts.callTimeoutMs ?? 5000;
  let connecting: Promise<{ connection: Connection; client: Client }> | null = null;

  function connect(): Promise<{ connection: Connection; client: Client }> {
    connecting ??= Connection.connect({ address: opts.address, connectTimeout: connectTimeoutMs })
      .then((connection) => ({ connection, client: new Client({ connection, namespace: opts.namespace }) }))
      .catch((err: unknown) => {
        // Forget the failed attempt so the next request tries again (Temporal may come up later).
        connecting = null;
        throw new TemporalUnavailableError(opts.address, { cause: err });
      });
    return connecting;
  }

  return {
    address: opts.address,
    namespace: opts.namespace,
    taskQueuePrefix: opts.taskQueuePrefix,

    async call<T>(fn: (client: Client) => Promise<T>, callOpts?: { timeoutMs?: number }): Promise<T> {
      const { connection, client } = await connect();
      try {
        // A call that waits for a worker's answer (the pre-run estimate) asks for a longer deadline than a start or a cancel.
        const timeoutMs = callOpts?.timeoutMs ?? callTimeoutMs;
        return await connection.withDeadline(Date.now() + timeoutMs, () => fn(client));
      } catch (err) {
        if (isUnreachable(err)) throw new TemporalUnavailableError(opts.address, { cause: err });
        throw err;
      }
    },

    async health() {
      try {
        const { connection } = await connect();
        await connection.withDeadline(Date.now() + callTimeoutMs, () =>
          connection.workflowService.describeNamespace({ namespace: opts.namespace }),
        );
        return { ok: true, detail: `temporal ${opts.address} namespace ${opts.namespace}` };
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    },

    async close() {
      const pending = connecting;
      connecting = null;
      if (pending) await pending.then(({ connection }) => connection.close()).catch(() => undefined);
    },
  };
}
