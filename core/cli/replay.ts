// `homeward replay [LOG]`: a candump -L log through the DBC and VSS mapping, one VSS update a line.
import type { Readable } from 'node:stream';
import { createDbcCodec } from '../dbc/codec.js';
import { loadDbcFile } from '../dbc/load-dbc-file.js';
import { bindVssMapping } from '../vehicle/bind-vss-mapping.js';
import { demoDriveLogPath, homewardEvDbcPath, homewardEvVssMappingPath } from '../vehicle/demo/paths.js';
import { createSignalUpdateCounters, type SignalUpdate, type SignalUpdateCounters } from '../vehicle/signal-updates.js';
import { loadVssMappingFile } from '../vehicle/vss-mapping.js';
import { bufferOutput } from './buffered-out.js';
import type { CliIo } from './io.js';
import { parseFlags } from './parse-flags.js';
import { replayUpdates } from './replay-updates.js';
import { EXIT, UsageError } from './usage-error.js';

const DEFAULT_SPEED = 10;

export const REPLAY_USAGE = `usage: homeward replay [--dbc FILE --mapping FILE] [--speed N|max] [--format text|json] [--no-strict] [LOG]

Plays a candump -L log through the DBC and the DBC→VSS mapping and prints each VSS signal update.
Without --dbc and --mapping: the demo EV and, without LOG, its 6-minute drive home.
  --dbc FILE        the CAN database
  --mapping FILE    the DBC→VSS mapping (kuksa-can-provider vspec overlay, YAML or JSON)
  --speed N         N times the log's own pace (default ${DEFAULT_SPEED}); max: no waiting, deterministic
  --format text     'time path value' a line, time of day (UTC) of the frame (default)
  --format json     {"ts": seconds since the epoch, "path": ..., "value": ...} a line
  --no-strict       load the DBC leniently
  LOG               the log file; '-' (or none, with your own --dbc) reads standard input
Counters go to standard error at the end. Ctrl-C stops early (the counters still print).
Exit status: 0 ok, 1 some frames or lines were bad, 2 unreadable DBC, mapping or log, 64 bad arguments.
`;

export interface RunReplayOptions {
  /** Stops the replay when aborted (the command wires SIGINT and SIGTERM to it). */
  signal?: AbortSignal;
}

export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await runReplayCommand(args, io, { signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function parseSpeed(text: string | undefined): number | 'max' {
  if (text === undefined) return DEFAULT_SPEED;
  if (text === 'max') return 'max';
  const speed = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError("--speed must be a positive number or 'max'");
  return speed;
}

/** The command with an injected stop signal, so tests run it in-process. */
export async function runReplayCommand(args: string[], io: CliIo, options: RunReplayOptions = {}): Promise<number> {
  const flags = parseFlags(args, { values: ['dbc', 'mapping', 'speed', 'format'], switches: ['no-strict'] });
  if (flags.switches.has('help')) {
    io.out(REPLAY_USAGE);
    return EXIT.ok;
  }
  const dbcFlag = flags.values.get('dbc');
  const mappingFlag = flags.values.get('mapping');
  if ((dbcFlag === undefined) !== (mappingFlag === undefined)) throw new UsageError('give --dbc and --mapping together (or neither, for the demo EV)');
  if (flags.positionals.length > 1) throw new UsageError('give at most one LOG file');
  const speed = parseSpeed(flags.values.get('speed'));
  const format = flags.values.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  const isDemo = dbcFlag === undefined;
  const logArg = flags.positionals[0] ?? (isDemo ? demoDriveLogPath() : '-');

  const db = loadDbcFile(dbcFlag ?? homewardEvDbcPath(), { strict: !flags.switches.has('no-strict') });
  const bound = bindVssMapping(await loadVssMappingFile(mappingFlag ?? homewardEvVssMappingPath()), db);
  const codec = createDbcCodec(db);
  const counters = createSignalUpdateCounters();
  let badLines = 0;
  const out = bufferOutput(io.out, speed === 'max' ? 64 * 1024 : 0);
  const print = format === 'json' ? formatUpdateJson : formatUpdateText;

  const updates$ = replayUpdates(logArg === '-' ? (io.stdin as Readable) : logArg, codec, bound, {
    speed,
    counters,
    onBadLine: (error) => {
      if (++badLines <= 10) io.err(`warning: ${error.message}\n`);
    },
    onDecodeError: (error, frame) => {
      if (counters.decodeErrors <= 10) io.err(`warning: frame 0x${frame.id.toString(16)} at ${frame.ts.toFixed(6)}: ${error instanceof Error ? error.message : String(error)}\n`);
    },
  });

  let wasStopped = false;
  await new Promise<void>((resolve, reject) => {
    const subscription = updates$.subscribe({
      next: (update) => out.write(print(update)),
      error: reject,
      complete: resolve,
    });
    const onAbort = (): void => {
      wasStopped = true;
      subscription.unsubscribe();
      resolve();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  }).finally(() => out.flush());

  io.err(formatSummary(counters, badLines, wasStopped));
  return counters.decodeErrors > 0 || badLines > 0 ? EXIT.someFailed : EXIT.ok;
}

/** A value for a person: booleans and names as they are, numbers without float noise. */
export function formatVssValue(value: SignalUpdate['value']): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(7)));
  return String(value);
}

/** `16:00:12.340 Vehicle.Speed 42.5`: the frame's time of day in UTC, the VSS path, the value. */
export function formatUpdateText(update: SignalUpdate): string {
  const time = new Date(Math.round(update.ts * 1000)).toISOString().slice(11, 23);
  return `${time} ${update.path} ${formatVssValue(update.value)}\n`;
}

export function formatUpdateJson(update: SignalUpdate): string {
  const value = typeof update.value === 'bigint' ? update.value.toString() : update.value;
  return `${JSON.stringify({ ts: update.ts, path: update.path, value })}\n`;
}

function formatSummary(c: SignalUpdateCounters, badLines: number, wasStopped: boolean): string {
  return (
    `homeward replay: ${wasStopped ? 'stopped after ' : ''}${c.frames} frames: ${c.decoded} decoded, ${c.unknown} unknown id, ` +
    `${c.unmapped} unmapped, ${c.errors} error/remote, ${c.decodeErrors} decode errors; ${badLines} bad lines; ` +
    `${c.updates} updates, ${c.dropped} values dropped by transforms\n`
  );
}
