import type { Database, Statement } from 'better-sqlite3';
import type { CarEventInfo, DeviceInfo, RunInfo } from '../api/protocol.js';
import type { StoredRun } from './store-types.js';

/** The read side: statements prepared once; rows are parsed back into the wire shapes. */
export class StoreQueries {
  private readonly eventsLatest: Statement;
  private readonly eventsBefore: Statement;
  private readonly runsAll: Statement;
  private readonly runsOf: Statement;
  private readonly runTrace: Statement;
  private readonly signalCount: Statement;
  private readonly signalPoints: Statement;
  private readonly signalBuckets: Statement;
  private readonly history: Statement;
  private readonly devices: Statement;

  constructor(db: Database) {
    this.eventsLatest = db.prepare('SELECT ts, name, evidence FROM events ORDER BY ts DESC, id DESC LIMIT ?');
    this.eventsBefore = db.prepare('SELECT ts, name, evidence FROM events WHERE ts < ? ORDER BY ts DESC, id DESC LIMIT ?');
    this.runsAll = db.prepare('SELECT info FROM runs ORDER BY ts DESC, rowid DESC LIMIT ?');
    this.runsOf = db.prepare('SELECT info FROM runs WHERE automation = ? ORDER BY ts DESC, rowid DESC LIMIT ?');
    this.runTrace = db.prepare('SELECT info, trace FROM runs WHERE run_id = ?');
    const numeric = "path = ? AND ts >= ? AND ts <= ? AND typeof(value) IN ('integer', 'real')";
    this.signalCount = db.prepare(`SELECT count(*) AS n FROM signals WHERE ${numeric}`);
    this.signalPoints = db.prepare(`SELECT ts, value FROM signals WHERE ${numeric} ORDER BY ts`).raw();
    // SQLite's bare-column rule: with max(ts), `value` comes from the row holding the max, i.e. the
    // latest sample of each bucket (a step signal such as a door keeps its last state).
    this.signalBuckets = db
      .prepare(`SELECT max(ts) AS ts, value FROM signals WHERE ${numeric} GROUP BY min(CAST((ts - ?) / ? AS INTEGER), ?) ORDER BY ts`)
      .raw();
    this.history = db.prepare('SELECT ts, online FROM device_online_history WHERE device_id = ? ORDER BY ts DESC, id DESC LIMIT ?');
    this.devices = db.prepare('SELECT info FROM devices ORDER BY id');
  }

  events(q: { before_ts?: number; limit: number }): CarEventInfo[] {
    const rows = (q.before_ts === undefined ? this.eventsLatest.all(q.limit) : this.eventsBefore.all(q.before_ts, q.limit)) as { ts: number; name: string; evidence: string }[];
    return rows.map((row) => ({ name: row.name, ts: row.ts, evidence: JSON.parse(row.evidence) as CarEventInfo['evidence'] }));
  }

  runs(q: { automation?: string; limit: number }): StoredRun[] {
    const rows = (q.automation === undefined ? this.runsAll.all(q.limit) : this.runsOf.all(q.automation, q.limit)) as { info: string }[];
    return rows.map((row) => JSON.parse(row.info) as StoredRun);
  }

  trace(runId: string): RunInfo | undefined {
    const row = this.runTrace.get(runId) as { info: string; trace: string } | undefined;
    if (row === undefined) return undefined;
    return { ...(JSON.parse(row.info) as StoredRun), trace: JSON.parse(row.trace) as RunInfo['trace'] };
  }

  /** Numeric samples in [from_ts, to_ts]; past max_points, the latest sample of each of max_points equal slices. */
  signalHistory(q: { path: string; from_ts: number; to_ts: number; max_points: number }): { path: string; points: [number, number][] } {
    const args = [q.path, q.from_ts, q.to_ts] as const;
    const maxPoints = Math.max(1, Math.floor(q.max_points));
    const { n } = this.signalCount.get(...args) as { n: number };
    const widthS = (q.to_ts - q.from_ts) / maxPoints;
    const rows = n <= maxPoints || !(widthS > 0) ? this.signalPoints.all(...args) : this.signalBuckets.all(...args, q.from_ts, widthS, maxPoints - 1);
    return { path: q.path, points: rows as [number, number][] };
  }

  deviceHistory(id: string, limit: number): { ts: number; online: boolean }[] {
    return (this.history.all(id, limit) as { ts: number; online: number }[]).map((row) => ({ ts: row.ts, online: row.online === 1 }));
  }

  lastDevices(): DeviceInfo[] {
    return (this.devices.all() as { info: string }[]).map((row) => JSON.parse(row.info) as DeviceInfo);
  }
}
