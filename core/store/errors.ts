import { HomewardError } from '../base/errors.js';

export type StoreErrorKind =
  /** The file is not an SQLite database, or SQLite found it damaged. */
  | 'corrupt'
  /** Another process holds the database locked past the busy timeout. */
  | 'locked'
  /** The file or its directory cannot be created or written (read-only dir, permissions, disk full). */
  | 'unwritable'
  /** The database was written by a newer Homeward (its schema version is ahead of ours). */
  | 'version'
  /** The key for secrets is missing, of the wrong size, or its file is readable by others. */
  | 'key'
  /** A stored secret failed authentication (wrong key or tampered bytes). */
  | 'secret'
  /** A value that cannot be stored (a token that is not 32 hex digits, a setting that is not JSON). */
  | 'value'
  /** The store was used after close(). */
  | 'closed'
  /** Anything else SQLite refused. */
  | 'sqlite';

/**
 * Everything core/store throws or reports on errors$: says which file and what went wrong. Messages
 * never carry a secret's value, only the name it is stored under.
 */
export class StoreError extends HomewardError {
  readonly kind: StoreErrorKind;
  readonly path: string;

  constructor(kind: StoreErrorKind, path: string, reason: string, options?: { cause?: unknown }) {
    super(`store.${kind}`, `${path}: ${reason}`, options);
    this.kind = kind;
    this.path = path;
  }
}

/** Maps an SQLite or file-system error onto a StoreError for `path` (StoreErrors pass through). */
export function toStoreError(error: unknown, path: string, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(kindOf(code), path, `${doing}: ${message}${code ? ` (${code})` : ''}`, { cause: error });
}

function kindOf(code: string): StoreErrorKind {
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) return 'unwritable';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'ENOSPC') return 'unwritable';
  return 'sqlite';
}
