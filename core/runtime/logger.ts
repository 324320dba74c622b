/**
 * The runtime's structured logs: pino, JSON lines, with every field that can hold a secret redacted
 * before it is written (miIO tokens, the pairing token, passwords, authorization headers), however
 * deep the caller nested it. Time comes from the injected scheduler, not the wall clock.
 */
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';

export type { Logger } from 'pino';

/** Keys whose values never reach a log, at the top and up to three levels down. */
const SECRET_KEYS = ['token', 'tokenHex', 'pairingToken', 'pairing_token', 'password', 'authorization', 'secret'];
export const REDACTED_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);
export const REDACTED = '[redacted]';

export interface LoggerOptions {
  /** Default 'info'. */
  level?: Level | 'silent';
  /** Stamps each line with scheduler.now() (ms); without one, lines carry no time. */
  scheduler?: SchedulerLike;
  /** Where lines go; default standard output. */
  destination?: DestinationStream;
  /** A `name` field on every line (the module that logs). */
  name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const { scheduler } = options;
  return pino(
    {
      level: options.level ?? 'info',
      base: options.name === undefined ? null : { name: options.name },
      timestamp: scheduler === undefined ? false : () => `,"time":${scheduler.now()}`,
      redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
