// The console's server-side settings, read at request time so one build serves any API address.
import { z } from 'zod';

const ConsoleEnv = z.object({
  DISTILLERY_API_URL: z.url('DISTILLERY_API_URL must be an http(s) URL').default('http://localhost:4000'),
});
export type ConsoleEnv = z.infer<typeof ConsoleEnv>;

/** Parses the environment; throws an error naming the bad variable. */
export function readConsoleEnv(source: Record<string, string | undefined> = process.env): ConsoleEnv {
  const parsed = ConsoleEnv.safeParse({ DISTILLERY_API_URL: source.DISTILLERY_API_URL || undefined });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return { DISTILLERY_API_URL: parsed.data.DISTILLERY_API_URL.replace(/\/+$/, '') };
}
