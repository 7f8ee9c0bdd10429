// What procedures need of Temporal: the process's one client, each call under a deadline. apps/api-server builds it.
import type { Client } from '@temporalio/client';

export interface TemporalGateway {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueuePrefix: string;
  /**
   * Runs `fn` with the shared client under the call deadline. Connection failures and gRPC
   * UNAVAILABLE / DEADLINE_EXCEEDED become TemporalUnavailableError; other errors pass through.
   * `timeoutMs` replaces the default call deadline for this call.
   */
  call<T>(fn: (client: Client) => Promise<T>, opts?: { timeoutMs?: number }): Promise<T>;
  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}
