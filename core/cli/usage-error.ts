import { HomewardError } from '../base/errors.js';

/** Exit codes shared by every command (sysexits' EX_USAGE for bad arguments). */
export const EXIT = { ok: 0, someFailed: 1, badInput: 2, usage: 64 } as const;

/** Bad command-line arguments: the command prints its usage and exits 64. */
export class UsageError extends HomewardError {
  constructor(message: string) {
    super('usage', message);
  }
}
