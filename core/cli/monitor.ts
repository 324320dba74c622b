// `homeward monitor --can socketcan:IFACE --dbc FILE`: the bus's messages decoded live, like `cantools monitor`.
import { asyncScheduler, fromEvent, interval, lastValueFrom, takeUntil, tap } from 'rxjs';
import { formatCandumpLine } from '../can/candump.js';
import type { CanFrame } from '../can/frame.js';
import { openSocketcan } from '../can/sources/socketcan.js';
import { classifyFrame } from '../dbc/classify-frame.js';
import { createDbcCodec, type DecodeOptions } from '../dbc/codec.js';
import { loadDbcFile } from '../dbc/load-dbc-file.js';
import { parseCanFlag } from './can-flag.js';
import { withStopSignals } from './stop-signals.js';
import { formatFrameText } from './decode-text.js';
import { processIo, type CliIo } from './io.js';
import { createMonitorState, noteFrame, renderMonitor } from './monitor-view.js';
import { parseFlags } from './parse-flags.js';
import { EXIT, UsageError } from './usage-error.js';

export const MONITOR_USAGE = `usage: homeward monitor --can socketcan:IFACE --dbc FILE [--choices] [--no-strict] [--allow-truncated]

Decodes the frames on a CAN interface with the DBC, live. On a terminal: a table of every message
and its latest signals, redrawn in place (like 'cantools monitor'). Otherwise (a pipe, a file): one
line each time a message's signals change, as 'homeward decode' prints it; unknown ids once each.
  --can socketcan:IFACE   the interface, e.g. socketcan:vcan0
  --dbc FILE              the CAN database
  --choices               VAL_ names instead of numbers
  --no-strict             skip the DBC's consistency checks (cantools' strict=False)
  --allow-truncated       decode the signals that fit in short frames (cantools' allow_truncated)
Ctrl-C stops. Exit status: 0 ok, 2 unreadable DBC or no such interface, 64 bad arguments.
`;

/** Redraws at most this often on a terminal. */
const REDRAW_MS = 200;

export interface RunMonitorOptions {
  signal: AbortSignal;
  /** Draw the table (a terminal) rather than print lines; default: whether stdout is a TTY. */
  tty?: boolean;
  /** Terminal rows, to cut the table (default: process.stdout.rows). */
  rows?: number;
}

export function monitorCommand(args: string[], io: CliIo): Promise<number> {
  return withStopSignals((signal) => runMonitorCommand(args, io, { signal }));
}

/** The command with an injected stop signal, so tests run it in-process. */
export async function runMonitorCommand(args: string[], io: CliIo, options: RunMonitorOptions): Promise<number> {
  const flags = parseFlags(args, { values: ['can', 'dbc'], switches: ['choices', 'no-strict', 'allow-truncated'] });
  if (flags.switches.has('help')) {
    io.out(MONITOR_USAGE);
    return EXIT.ok;
  }
  const can = parseCanFlag(flags.values.get('can'), { allowVirtual: false });
  if (can.kind !== 'socketcan') return EXIT.usage;
  const dbcPath = flags.values.get('dbc');
  if (dbcPath === undefined) throw new UsageError("--dbc FILE is required (see 'homeward monitor --help')");
  if (flags.positionals.length > 0) throw new UsageError('monitor takes no arguments besides its options');
  const isStrict = !flags.switches.has('no-strict');
  const codec = createDbcCodec(loadDbcFile(dbcPath, { strict: isStrict }));
  const decodeOptions: DecodeOptions = { decodeChoices: flags.switches.has('choices'), allowTruncated: flags.switches.has('allow-truncated') };
  if (options.signal.aborted) return EXIT.ok;
  const tty = options.tty ?? (io === processIo && process.stdout.isTTY === true);
  const state = createMonitorState();
  /** Per message (or unknown id): what was last printed after ' :: ', so plain mode prints changes only. */
  const printed = new Map<string, string>();
  const stop$ = fromEvent(options.signal, 'abort');
  let dirty = true;
  const draw = (): void => {
    if (!dirty) return;
    dirty = false;
    // Home, clear to the end, then the table: a redraw in place without flicker on most terminals.
    io.out(`\x1b[H\x1b[J${renderMonitor(state, can.iface, options.rows ?? process.stdout.rows ?? Infinity)}\n`);
  };
  const onFrame = (frame: CanFrame): void => {
    const classified = classifyFrame(frame, codec.getMessage, decodeOptions);
    const row = noteFrame(state, frame, classified);
    dirty = true;
    if (tty) return;
    const line = formatCandumpLine(frame);
    const text = formatFrameText(line, frame, classified);
    const key = row?.name ?? (classified.kind === 'unknown' ? `${frame.extended ? 'x' : 's'}${frame.id}` : undefined);
    if (key !== undefined) {
      const said = text.slice(line.length);
      if (printed.get(key) === said) return;
      printed.set(key, said);
    }
    io.out(`${text}\n`);
  };
  const redraws = tty ? interval(REDRAW_MS, asyncScheduler).pipe(takeUntil(stop$)).subscribe(draw) : undefined;
  try {
    const frames$ = openSocketcan(can.iface, { onStatus: (s) => io.err(`homeward monitor: ${s.message}\n`) }).pipe(takeUntil(stop$), tap(onFrame));
    await lastValueFrom(frames$, { defaultValue: undefined });
  } finally {
    redraws?.unsubscribe();
    if (tty) {
      dirty = true;
      draw();
    }
  }
  io.err(`homeward monitor: ${state.frames} frame(s), ${state.rows.size} message(s), ${state.unknown} unknown\n`);
  return EXIT.ok;
}
