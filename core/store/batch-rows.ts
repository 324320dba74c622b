import type { SchedulerLike } from 'rxjs';
import type { CarEventInfo, DeviceInfo, RunInfo } from '../api/protocol.js';
import type { SignalRow } from './signal-sampler.js';
import type { CommittedBatch } from './store-types.js';

export interface HistoryRow {
  deviceId: string;
  ts: number;
  online: number;
}

/** The rows of one commit, as queued (kept by the writer until the commit is acknowledged). */
export interface Batch {
  events: CarEventInfo[];
  runs: RunInfo[];
  devices: DeviceInfo[];
  history: HistoryRow[];
  signals: SignalRow[];
}

/** The tables a commit writes: each message field holds `width` statement parameters per row, flat. */
export const BATCH_TABLES = {
  events: { width: 3, sql: 'INSERT INTO events (ts, name, evidence) VALUES (?, ?, ?)' },
  runs: {
    width: 7,
    sql: `INSERT INTO runs (run_id, automation, ts, end_ts, result, info, trace) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE SET automation = excluded.automation, ts = excluded.ts, end_ts = excluded.end_ts,
        result = excluded.result, info = excluded.info, trace = excluded.trace`,
  },
  devices: {
    width: 4,
    sql: `INSERT INTO devices (id, info, online, ts) VALUES (?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET info = excluded.info, online = excluded.online, ts = excluded.ts`,
  },
  history: { width: 3, sql: 'INSERT INTO device_online_history (device_id, ts, online) VALUES (?, ?, ?)' },
} as const;

/** Signal rows: [bucket_ts, path id, ts, value] each (see BatchMessage). */
export const SIGNAL_SQL = `INSERT INTO signals (bucket_ts, path, ts, value) VALUES (?, ?, ?, ?)
  ON CONFLICT (bucket_ts, path) DO UPDATE SET ts = excluded.ts, value = excluded.value`;

export type TableName = keyof typeof BATCH_TABLES;
type Param = string | number | null;

/**
 * What goes to the commit worker: primitives only, so the structured clone cannot fail. Signal rows,
 * the bulk, travel as numbers in a Float64Array whose buffer is transferred, not copied: a path is
 * a number the worker looks up in the names it was sent before (`paths` holds the new ones, in id
 * order); rows with a string value go in `stringSignals`.
 */
export interface BatchMessage {
  tables: Record<TableName, Param[]>;
  signals: Float64Array;
  stringSignals: Param[];
  paths: string[];
}

/** Path names as numbers for the worker; new names are sent with the next batch. */
export interface PathIds {
  id(path: string): number;
  /** Names given an id since the last call, in id order. */
  takeNew(): string[];
}

/**
 * Flattens a batch into statement parameters (JSON text for the objects). Items JSON cannot hold
 * (a cycle, a BigInt) are left out and counted in `dropped`; `counts` is what committed$ reports.
 */
export function toBatchMessage(rows: Batch, scheduler: SchedulerLike, paths: PathIds): { message: BatchMessage; counts: CommittedBatch; dropped: number } {
  const tables: BatchMessage['tables'] = { events: [], runs: [], devices: [], history: [] };
  let dropped = 0;
  for (const event of rows.events) {
    const evidence = toJson(event.evidence ?? {});
    if (evidence === undefined) dropped++;
    else tables.events.push(event.ts, event.name, evidence);
  }
  for (const run of rows.runs) {
    const { trace, ...info } = run;
    const infoJson = toJson(info);
    const traceJson = toJson(trace ?? []);
    if (infoJson === undefined || traceJson === undefined) dropped++;
    else tables.runs.push(run.run_id, run.automation, run.ts, run.end_ts ?? null, run.result, infoJson, traceJson);
  }
  for (const device of rows.devices) {
    const json = toJson(device);
    if (json === undefined) {
      dropped++;
      continue;
    }
    const online = typeof device.online === 'boolean' ? (device.online ? 1 : 0) : null;
    tables.devices.push(device.id, json, online, deviceTs(device, scheduler));
  }
  for (const row of rows.history) tables.history.push(row.deviceId, row.ts, row.online);
  // Copied now: an open row object keeps changing after it was handed over.
  const signals = new Float64Array(rows.signals.length * 4);
  const stringSignals: Param[] = [];
  let n = 0;
  for (const row of rows.signals) {
    const id = paths.id(row.path);
    if (typeof row.value === 'string') {
      stringSignals.push(row.bucketTs, id, row.ts, row.value);
      continue;
    }
    signals[n++] = row.bucketTs;
    signals[n++] = id;
    signals[n++] = row.ts;
    signals[n++] = row.value;
  }
  const message = { tables, signals: n === signals.length ? signals : signals.slice(0, n), stringSignals, paths: paths.takeNew() };
  const counts = { events: tables.events.length / 3, runs: tables.runs.length / 7, signals: rows.signals.length };
  return { message, counts, dropped };
}

export function countRows(rows: Batch): number {
  return rows.events.length + rows.runs.length + rows.devices.length + rows.history.length + rows.signals.length;
}

export function deviceTs(device: DeviceInfo, scheduler: SchedulerLike): number {
  return typeof device.ts === 'number' && Number.isFinite(device.ts) ? device.ts : scheduler.now() / 1000;
}

/** JSON text, or undefined for a value JSON cannot hold (a cycle, a BigInt). */
function toJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
