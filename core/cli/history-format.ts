/**
 * How `homeward history` prints what the store holds: aligned text for a person (ISO times in UTC)
 * or one JSON object a line, the wire shapes of core/api/protocol as they are.
 */
import type { CarEventInfo, RunInfo, TraceElement } from '../api/protocol.js';
import type { StoredRun } from '../store/open-store.js';

export type HistoryFormat = 'text' | 'json';

function isoTime(ts: number | null): string {
  if (ts === null || !Number.isFinite(ts)) return '-';
  const date = new Date(Math.round(ts * 1000));
  return Number.isNaN(date.getTime()) ? String(ts) : date.toISOString();
}

function pairs(record: Readonly<Record<string, unknown>>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(6)) : String(v)}`)
    .join(' ');
}

const json = (value: unknown): string => `${JSON.stringify(value)}\n`;

export function formatHistoryEvent(event: CarEventInfo, format: HistoryFormat): string {
  if (format === 'json') return json(event);
  return `${isoTime(event.ts)}  ${event.name}  ${pairs(event.evidence)}\n`;
}

export function formatHistoryRun(run: StoredRun, format: HistoryFormat): string {
  if (format === 'json') return json(run);
  const reason = run.reason ? ` (${run.reason})` : '';
  return `${isoTime(run.ts)}  ${run.run_id}  ${run.automation}  ${run.result}${reason}  trigger ${run.trigger.path}: ${run.trigger.description}\n`;
}

function formatElement(element: TraceElement): string {
  const outcome = element.error ? `error ${element.error.code}: ${element.error.message}` : element.result === undefined ? '' : JSON.stringify(element.result);
  return `  ${element.path.padEnd(28)} ${isoTime(element.start_ts)} → ${isoTime(element.end_ts)}  ${outcome}\n`;
}

export function formatHistoryTrace(run: RunInfo, format: HistoryFormat): string {
  if (format === 'json') return json(run);
  return formatHistoryRun(run, 'text') + `  ended ${isoTime(run.end_ts)}, ${run.trace.length} trace element(s)\n` + run.trace.map(formatElement).join('');
}

export function formatHistoryPoint(path: string, [ts, value]: [number, number], format: HistoryFormat): string {
  if (format === 'json') return json({ path, ts, value });
  return `${isoTime(ts)}  ${path}  ${Number(value.toFixed(7))}\n`;
}
