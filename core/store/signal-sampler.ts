import type { Signal } from '../api/protocol.js';

export interface SignalRow {
  path: string;
  /** The bucket's start in seconds: floor(ts / interval) * interval. */
  bucketTs: number;
  ts: number;
  /** Booleans as 0/1. */
  value: number | string;
  /** Changed since it was last written. */
  dirty: boolean;
}

/** What a sample did: refused, nothing new to write, a row to write later, or a closed row queued. */
export type SampleOutcome = 'invalid' | 'unchanged' | 'dirty' | 'closed';

/**
 * Downsampling on the way in, on the hot path (a Map lookup and two assignments a sample): each path
 * has one open row for its current bucket, overwritten in place by later samples, so the table holds
 * at most one row per path per interval, the bucket's latest sample. A sample in a later bucket
 * closes the open row (it joins `closed`, to be written with the next batch).
 */
export class SignalSampler {
  closed: SignalRow[] = [];
  private readonly open = new Map<string, SignalRow>();

  constructor(private readonly intervalS: number) {}

  record(signal: Signal): SampleOutcome {
    const { path, ts } = signal;
    const raw = signal.value;
    const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
    if (typeof path !== 'string' || !Number.isFinite(ts) || (typeof value !== 'number' && typeof value !== 'string')) return 'invalid';
    const bucketTs = Math.floor(ts / this.intervalS) * this.intervalS;
    const open = this.open.get(path);
    if (open !== undefined && open.bucketTs === bucketTs) {
      if (ts < open.ts) return 'unchanged';
      open.ts = ts;
      open.value = value;
      if (open.dirty) return 'unchanged';
      open.dirty = true;
      return 'dirty';
    }
    this.open.set(path, { path, bucketTs, ts, value, dirty: true });
    if (!open?.dirty) return 'dirty';
    this.closed.push(open);
    return 'closed';
  }

  /** Dirty open rows: all of them, or those whose bucket has ended by `nowS`. */
  openRows(all: boolean, nowS: number): SignalRow[] {
    const rows: SignalRow[] = [];
    const endedBefore = nowS - this.intervalS;
    for (const row of this.open.values()) if (row.dirty && (all || row.bucketTs <= endedBefore)) rows.push(row);
    return rows;
  }

  /** The closed rows and the given open ones, handed over for writing (open ones marked clean). */
  take(open: SignalRow[]): SignalRow[] {
    const rows = this.closed.concat(open);
    this.closed = [];
    for (const row of open) row.dirty = false;
    return rows;
  }
}
