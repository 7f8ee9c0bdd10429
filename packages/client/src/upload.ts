// Uploading a data file to the API's raw POST /uploads route (outside tRPC, which caps bodies at 1 MiB).
import { UploadProblem, UploadResult, type UploadKind } from '@distillery/schemas';

/** The API refused an upload; `problems` lists the first bad rows by line and field when it gave them. */
export class UploadRefusedError extends Error {
  override readonly name = 'UploadRefusedError';
  constructor(
    message: string,
    readonly status: number,
    readonly problems: UploadProblem[],
  ) {
    super(message);
  }
}

export interface UploadDatasetOptions {
  url: string;
  token: string | null;
  kind: UploadKind;
  /** The original file name, kept with the upload for people to recognise. */
  name?: string;
  body: Uint8Array | string;
  fetch?: typeof fetch;
}

/** Sends a data file; resolves to the stored upload (its `dataset` goes into a spec), rejects with UploadRefusedError. */
export async function uploadDataset(opts: UploadDatasetOptions): Promise<UploadResult> {
  const query = new URLSearchParams({ kind: opts.kind, ...(opts.name ? { name: opts.name } : {}) });
  const fetchImpl = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const res = await fetchImpl(`${opts.url.replace(/\/+$/, '')}/uploads?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    // A copy typed over a plain ArrayBuffer satisfies both the DOM and the Node fetch typings.
    body: typeof opts.body === 'string' ? opts.body : new Uint8Array(opts.body),
  });
  const payload: unknown = await res.json().catch(() => null);
  if (res.ok) return UploadResult.parse(payload);
  const error = (payload as { error?: { code?: unknown; message?: unknown; problems?: unknown } } | null)?.error;
  const problems = UploadProblem.array().safeParse(error?.problems);
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`;
  const code = typeof error?.code === 'string' ? error.code : `HTTP ${res.status}`;
  throw new UploadRefusedError(`${code}: ${message}`, res.status, problems.success ? problems.data : []);
}
