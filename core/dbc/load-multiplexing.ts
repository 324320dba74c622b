/**
 * Multiplexing exactly as cantools 42 decides it (§2.5):
 * - exactly one `…M` signal in the message: it is the multiplexer of every other signal with an
 *   indicator; their ids are `k` of `m<k>` ∪ the SG_MUL_VAL_ ranges naming that multiplexer;
 * - several (or no) `…M` signals: only SG_MUL_VAL_ decides, for signals that have an indicator;
 *   `m<k>` is ignored. This covers cascaded `m<k>M` and independent multiplexers.
 */
import type { SignalSyntax } from './syntax.js';

/** SG_MUL_VAL_ of one message: multiplexer name → signal name → ids (the last statement wins). */
export type MuxValueTable = Map<string, Map<string, number[]>>;

export interface SignalMultiplexing {
  isMultiplexer: boolean;
  /** Sorted, without duplicates; null when there are none. */
  multiplexerIds: number[] | null;
  /** Name (as written in SG_) of the multiplexer signal. */
  multiplexerSignal: string | null;
}

export function loadMultiplexing(signals: readonly SignalSyntax[], muxValues: MuxValueTable | undefined): SignalMultiplexing[] {
  const table: MuxValueTable = muxValues ?? new Map();
  // Which multiplexer SG_MUL_VAL_ assigns each signal to (later entries override earlier ones).
  const multiplexerOf = new Map<string, string>();
  for (const [multiplexer, entries] of table) {
    for (const name of entries.keys()) multiplexerOf.set(name, multiplexer);
  }

  let single: string | null = null;
  let count = 0;
  for (const signal of signals) {
    if (signal.mux?.text.endsWith('M')) {
      count++;
      single ??= signal.name.text;
    }
  }
  if (count !== 1) single = null;

  return signals.map((signal) => {
    const name = signal.name.text;
    const marker = signal.mux?.text ?? null;
    const isMultiplexer = marker !== null && marker.endsWith('M');
    if (marker === null) return { isMultiplexer, multiplexerIds: null, multiplexerSignal: null };

    const ids: number[] = [];
    let multiplexer: string | null;
    if (single !== null) {
      multiplexer = single;
      if (!isMultiplexer) ids.push(Number(marker.slice(1)));
    } else {
      multiplexer = multiplexerOf.get(name) ?? null;
    }
    if (multiplexer !== null) ids.push(...(table.get(multiplexer)?.get(name) ?? []));
    const multiplexerIds = ids.length > 0 ? [...new Set(ids)].sort((a, b) => a - b) : null;
    // The single multiplexer is not multiplexed by itself.
    const multiplexerSignal = single !== null && name === single ? null : multiplexer;
    return { isMultiplexer, multiplexerIds, multiplexerSignal };
  });
}

/** Expands SG_MUL_VAL_ statements into per-message tables (cantools: ranges become id lists). */
export function buildMuxValueTables(
  statements: ReadonlyArray<{ dbcId: number; signal: string; multiplexer: string; ranges: Array<[number, number]> }>,
): Map<number, MuxValueTable> {
  const tables = new Map<number, MuxValueTable>();
  for (const statement of statements) {
    const ids: number[] = [];
    for (const [low, high] of statement.ranges) {
      for (let id = low; id <= high; id++) ids.push(id);
    }
    let table = tables.get(statement.dbcId);
    if (!table) tables.set(statement.dbcId, (table = new Map()));
    let entries = table.get(statement.multiplexer);
    if (!entries) table.set(statement.multiplexer, (entries = new Map()));
    entries.set(statement.signal, ids);
  }
  return tables;
}
