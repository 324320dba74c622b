import type { Database, Statement } from 'better-sqlite3';
import type { RetentionOptions } from './store-types.js';

/** Tables retention trims, each by an indexed time column (devices' last state and the MQTT outbox stay). */
const TABLES = [['signals', 'bucket_ts'], ['events', 'ts'], ['runs', 'ts'], ['device_online_history', 'ts']] as const;
/** Each round of the size limit cuts this share of the time span held. */
const SLICE = 0.1;
const MAX_ROUNDS = 40;

export interface RetentionResult {
  deletedRows: number;
  usedBytes: number;
}

/**
 * Retention by age (everything older than maxAgeDays) and by size: while the used pages exceed
 * maxSizeMb, everything older than a cut moving forward by a tenth of the held time span goes, in all
 * tables alike (history stays consistent: no table keeps a period the others lost). Then the freed
 * pages go back to the file system (incremental vacuum, WAL truncated).
 */
export class Retention {
  private readonly deletes: Statement[];
  private readonly oldest: Statement[];
  private readonly newest: Statement[];

  constructor(private readonly db: Database) {
    this.deletes = TABLES.map(([table, ts]) => db.prepare(`DELETE FROM ${table} WHERE ${ts} < ?`));
    this.oldest = TABLES.map(([table, ts]) => db.prepare(`SELECT min(${ts}) AS ts FROM ${table}`));
    this.newest = TABLES.map(([table, ts]) => db.prepare(`SELECT max(${ts}) AS ts FROM ${table}`));
  }

  apply(options: RetentionOptions, nowS: number): RetentionResult {
    let deletedRows = this.deleteBefore(nowS - options.maxAgeDays * 86_400);
    const maxBytes = options.maxSizeMb * 1024 * 1024;
    for (let round = 0; round < MAX_ROUNDS && this.usedBytes() > maxBytes; round++) {
      const oldest = minOf(this.oldest);
      const newest = maxOf(this.newest);
      if (oldest === undefined || newest === undefined) break;
      // The cut always passes the oldest row, so each round removes something.
      const cut = Math.max(oldest + (newest - oldest) * SLICE, nextAfter(oldest));
      deletedRows += this.deleteBefore(cut);
    }
    if (deletedRows > 0) {
      this.db.pragma('incremental_vacuum');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return { deletedRows, usedBytes: this.usedBytes() };
  }

  /** Pages in use (file size less the free list), in bytes. */
  usedBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * size;
  }

  private deleteBefore(ts: number): number {
    return this.db.transaction(() => this.deletes.reduce((sum, statement) => sum + statement.run(ts).changes, 0))();
  }
}

function minOf(statements: Statement[]): number | undefined {
  const values = statements.map((s) => (s.get() as { ts: number | null }).ts).filter((v): v is number => v !== null);
  return values.length === 0 ? undefined : Math.min(...values);
}

function maxOf(statements: Statement[]): number | undefined {
  const values = statements.map((s) => (s.get() as { ts: number | null }).ts).filter((v): v is number => v !== null);
  return values.length === 0 ? undefined : Math.max(...values);
}

function nextAfter(ts: number): number {
  return ts + Math.max(Math.abs(ts) * Number.EPSILON * 4, 1e-6);
}
