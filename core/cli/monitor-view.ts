/**
 * What `homeward monitor` keeps and shows: the latest decode of each message and the counters, and
 * the screen drawn from them on a terminal (like `cantools monitor`: one block a message, sorted by
 * name, its signals under it).
 */
import type { CanFrame } from '../can/frame.js';
import type { FrameClass } from '../dbc/classify-frame.js';
import { formatSignalText } from './format-signals.js';

export interface MonitorRow {
  name: string;
  id: number;
  extended: boolean;
  count: number;
  lastTs: number;
  /** `signal: value unit`, in the message's signal order; or the decode error. */
  lines: string[];
}

export interface MonitorState {
  rows: Map<string, MonitorRow>;
  frames: number;
  unknown: number;
  errorFrames: number;
  decodeErrors: number;
  firstTs: number | undefined;
  lastTs: number | undefined;
}

export function createMonitorState(): MonitorState {
  return { rows: new Map(), frames: 0, unknown: 0, errorFrames: 0, decodeErrors: 0, firstTs: undefined, lastTs: undefined };
}

/** Counts the frame and keeps its decode; returns the row it updated (undefined: not a message). */
export function noteFrame(state: MonitorState, frame: CanFrame, classified: FrameClass): MonitorRow | undefined {
  state.frames++;
  state.firstTs ??= frame.ts;
  state.lastTs = frame.ts;
  if (classified.kind === 'unknown') state.unknown++;
  if (classified.kind === 'error_frame') state.errorFrames++;
  if (classified.kind !== 'decoded' && classified.kind !== 'decode_error') return undefined;
  const { message } = classified.compiled;
  let row = state.rows.get(message.name);
  if (row === undefined) {
    row = { name: message.name, id: message.frameId, extended: message.isExtendedFrame, count: 0, lastTs: frame.ts, lines: [] };
    state.rows.set(message.name, row);
  }
  row.count++;
  row.lastTs = frame.ts;
  if (classified.kind === 'decode_error') {
    state.decodeErrors++;
    row.lines = [`error: ${classified.error.message}`];
  } else {
    const { signals } = classified;
    row.lines = message.signals.filter((s) => signals[s.name] !== undefined).map((s) => formatSignalText(s, signals[s.name]));
  }
  return row;
}

const hexId = (row: MonitorRow): string => `0x${row.id.toString(16).padStart(row.extended ? 8 : 3, '0')}`;

/** The screen: a status line, then each message (name, id, count, rate) with its signals indented. */
export function renderMonitor(state: MonitorState, iface: string, maxLines = Infinity): string {
  const spanS = state.firstTs !== undefined && state.lastTs !== undefined ? state.lastTs - state.firstTs : 0;
  const out = [
    `homeward monitor ${iface}: ${state.frames} frames (${spanS > 0 ? Math.round(state.frames / spanS) : 0}/s), ${state.unknown} unknown, ${state.errorFrames} error frames, ${state.decodeErrors} decode errors   Ctrl-C quits`,
    '',
  ];
  for (const row of [...state.rows.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const rate = spanS > 0 ? ` ${(row.count / spanS).toFixed(1)}/s` : '';
    out.push(`${row.name} (${hexId(row)})  ${row.count}${rate}`);
    for (const line of row.lines) out.push(`    ${line}`);
  }
  return out.slice(0, maxLines).join('\n');
}
