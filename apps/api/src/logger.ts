// The API server's log: pino JSON lines on stdout with levels; each HTTP request logs under its own request id.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `destination` defaults to stdout, where scripts/start.sh prefixes the lines and keeps them in logs/api.log. */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'api', pid: process.pid } };
  return destination ? pino(options, destination) : pino(options);
}
