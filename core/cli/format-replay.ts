/**
 * The lines `homeward replay` prints: car events, automation runs and device actions, as text for a
 * person or one JSON object a line (`type` says which), each stamped with log time.
 */
import type { RunInfo, StepResult } from '../api/protocol.js';
import type { CarEvent } from '../vehicle/events/car-event.js';
import type { SignalUpdate } from '../vehicle/signal-updates.js';

export type ReplayFormat = 'text' | 'json';

export interface ActionLine {
  readonly ts: number;
  readonly automation: string | null;
  readonly scene: string | null;
  readonly result: StepResult;
}

function timeOfDay(ts: number): string {
  return new Date(Math.round(ts * 1000)).toISOString().slice(11, 23);
}

function pairs(record: Readonly<Record<string, unknown>>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(6)) : String(v)}`)
    .join(' ');
}

export function formatEvent(event: CarEvent, format: ReplayFormat): string {
  if (format === 'json') return `${JSON.stringify({ ts: event.ts, type: 'event', name: event.name, ...event.evidence })}\n`;
  return `${timeOfDay(event.ts)} event  ${event.name} ${pairs(event.evidence)}\n`;
}

export function formatRun(run: RunInfo, format: ReplayFormat): string {
  const ts = run.end_ts ?? run.ts;
  if (format === 'json') {
    return `${JSON.stringify({ ts, type: 'run', automation: run.automation, result: run.result, run_id: run.run_id, trigger: run.trigger.path, ...(run.reason ? { reason: run.reason } : {}), ...(run.dry_run ? { dry_run: true } : {}) })}\n`;
  }
  return `${timeOfDay(ts)} run    ${run.automation} ${run.result}${run.reason ? ` (${run.reason})` : ''}\n`;
}

export function formatAction(line: ActionLine, format: ReplayFormat): string {
  const r = line.result;
  if (format === 'json') {
    return `${JSON.stringify({ ts: line.ts, type: 'action', automation: line.automation, ...(line.scene ? { scene: line.scene } : {}), device: r.device, method: r.method, params: r.params ?? null, ok: r.ok, ...(r.dry_run ? { dry_run: true } : {}), ...(r.error ? { error: r.error.message } : {}) })}\n`;
  }
  const outcome = r.dry_run ? 'dry run' : r.ok ? 'ok' : `failed: ${r.error?.message ?? 'unknown error'}`;
  return `${timeOfDay(line.ts)} action ${r.device} ${r.method} ${JSON.stringify(r.params ?? null)} (${outcome})\n`;
}

export function formatSignal(update: SignalUpdate, format: ReplayFormat): string {
  const value = typeof update.value === 'bigint' ? update.value.toString() : update.value;
  if (format === 'json') return `${JSON.stringify({ ts: update.ts, type: 'signal', path: update.path, value })}\n`;
  const shown = typeof value === 'number' && !Number.isInteger(value) ? String(Number(value.toFixed(7))) : String(value);
  return `${timeOfDay(update.ts)} signal ${update.path} ${shown}\n`;
}
