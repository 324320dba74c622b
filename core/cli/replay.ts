// `homeward replay LOG`: a recorded drive through the whole runtime, printing car events, automation
// runs and device actions (and, with --signals, the VSS updates), at the log's pace or at 'max'.
import type { CandumpProgress } from '../can/sources/read-candump-log.js';
import { loadConfig } from '../runtime/config/load-config.js';
import type { HomewardConfig } from '../runtime/config/schema.js';
import { createRuntime } from '../runtime/create-runtime.js';
import { demoConfigPath } from '../runtime/demo-config.js';
import { isSignalLog, readSignalLog } from '../vehicle/read-signal-log.js';
import { demoDriveLogPath } from '../vehicle/demo/paths.js';
import { bufferOutput } from './buffered-out.js';
import { parseCanFlag } from './can-flag.js';
import { replayToBus } from './replay-to-bus.js';
import { formatAction, formatEvent, formatRun, formatSignal, type ReplayFormat } from './format-replay.js';
import type { CliIo } from './io.js';
import { parseFlags } from './parse-flags.js';
import { EXIT, UsageError } from './usage-error.js';

const DEFAULT_SPEED = 10;

export const REPLAY_USAGE = `usage: homeward replay [LOG] [--config FILE] [--home LAT,LON[,RADIUS_M]] [--dry-run] [--speed max|N]
                       [--format text|json] [--signals] [--no-strict] [--allow-truncated] [--to socketcan:IFACE]

Plays a recorded drive through the runtime and prints what happened: car events, automation runs and
the device actions they sent.
  LOG               a candump -L log (decoded with the config's DBC and VSS mapping) or a VSS signal
                    log, JSON lines {"ts": unix_seconds, "path": ..., "value": ...} (told by its first
                    line); default: the demo EV's drive home
  --config FILE     the Homeward config (default: the demo's, config/demo.yaml)
  --home LAT,LON[,RADIUS_M]  sets or overrides the home point
  --dry-run         records the intended device actions and sends nothing
  --speed N         N times the log's own pace (default ${DEFAULT_SPEED}); max: virtual time, deterministic
  --format json     one JSON object a line: {"ts", "type": "event"|"run"|"action"|"signal", ...}
  --signals         also print every VSS signal update
  --to socketcan:IFACE  put the log's frames on that bus at the log's pace instead (like canplayer)
  --no-strict       load the DBC leniently (cantools' strict=False)
  --allow-truncated decode the signals that fit in a short frame (cantools' allow_truncated)
Counters go to standard error at the end. Ctrl-C stops early.
Exit status: 0 ok, 1 some frames or lines were bad, 2 unreadable config, DBC, mapping or log, 64 bad arguments.
`;

function parseSpeed(text: string | undefined): number | 'max' {
  if (text === undefined) return DEFAULT_SPEED;
  if (text === 'max') return 'max';
  const speed = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new UsageError("--speed must be a positive number or 'max'");
  return speed;
}

export function parseHome(text: string): { latitude: number; longitude: number; radius_m?: number } {
  const parts = text.split(',').map((p) => (/^-?\d+(\.\d+)?$/.test(p.trim()) ? Number(p) : Number.NaN));
  const [latitude, longitude, radius] = parts;
  if (parts.length < 2 || parts.length > 3 || parts.some(Number.isNaN) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180 || (radius !== undefined && !(radius > 0))) {
    throw new UsageError('--home must be LAT,LON or LAT,LON,RADIUS_M (degrees, metres)');
  }
  return { latitude, longitude, ...(radius !== undefined ? { radius_m: radius } : {}) };
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

/** The command with an injected stop signal, so tests run it in-process. */
export async function runReplayCommand(args: string[], io: CliIo, options: { signal?: AbortSignal } = {}): Promise<number> {
  const flags = parseFlags(args, { values: ['config', 'home', 'speed', 'format', 'to'], switches: ['dry-run', 'signals', 'no-strict', 'allow-truncated'] });
  if (flags.switches.has('help')) {
    io.out(REPLAY_USAGE);
    return EXIT.ok;
  }
  if (flags.positionals.length > 1) throw new UsageError('give at most one LOG file');
  const speed = parseSpeed(flags.values.get('speed'));
  const format = (flags.values.get('format') ?? 'text') as ReplayFormat;
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  const homeFlag = flags.values.get('home');
  const home = homeFlag === undefined ? undefined : parseHome(homeFlag);
  const log = flags.positionals[0] ?? demoDriveLogPath();
  const dryRun = flags.switches.has('dry-run');
  const to = flags.values.get('to');
  if (to !== undefined) {
    const bus = parseCanFlag(to, { allowVirtual: false });
    if (bus.kind === 'socketcan') return replayToBus(log, bus.iface, speed, io, options.signal);
  }

  const configFile = flags.values.get('config') ?? demoConfigPath();
  const loaded = await loadConfig(configFile);
  const signalLog = await isSignalLog(log);
  const config = replayConfig(loaded.config, { log: signalLog ? null : log, home, strict: !flags.switches.has('no-strict'), allowTruncated: flags.switches.has('allow-truncated') });

  let badLines = 0;
  const warn = (message: string): void => {
    if (++badLines <= 10) io.err(`warning: ${message}\n`);
  };
  const runtime = await createRuntime(config, {
    speed,
    dryRun,
    configFile,
    simulate: !dryRun,
    services: { store: false, mqtt: false, web: false },
    ...(signalLog ? { updates$: readSignalLog(log, (e) => warn(e.message)) } : {}),
    onBadLine: (e) => warn(e.message),
    ...(process.stderr.isTTY ? { onProgress: progressLine(io) } : {}),
    onDecodeError: (error, frame) => warn(`frame 0x${frame.id.toString(16)} at ${frame.ts.toFixed(6)}: ${error instanceof Error ? error.message : String(error)}`),
    onUnexpectedError: (e) => io.err(`homeward replay: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`),
  });

  const out = bufferOutput(io.out, speed === 'max' ? 64 * 1024 : 0);
  const subscriptions = [
    runtime.events$.subscribe((event) => out.write(formatEvent(event, format))),
    runtime.runs$.subscribe((run) => run.result !== 'running' && out.write(formatRun(run, format))),
    runtime.actions$.subscribe((line) => out.write(formatAction(line, format))),
  ];
  if (flags.switches.has('signals')) subscriptions.push(runtime.vehicle.samples$.subscribe((s) => !s.stale && out.write(formatSignal(s, format))));

  let wasStopped = false;
  const aborted = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  }).then(() => (wasStopped = true));
  try {
    await runtime.start();
    await Promise.race([runtime.sourceDone, aborted]);
    // Commands already sent get their answers before the runtime closes the sockets.
    await runtime.idle();
  } finally {
    for (const s of subscriptions) s.unsubscribe();
    await runtime.stop();
    out.flush();
  }
  const c = runtime.counters;
  io.err(
    `homeward replay: ${wasStopped ? 'stopped after ' : ''}${c.frames} frames: ${c.decoded} decoded, ${c.unknown} unknown id, ${c.unmapped} unmapped, ` +
      `${c.errors} error/remote, ${c.decodeErrors} decode errors; ${badLines} bad lines; ${c.updates} updates\n`,
  );
  return c.decodeErrors > 0 || badLines > 0 ? EXIT.someFailed : EXIT.ok;
}

/** `replaying: 41 % (12,345 lines)` redrawn in place on a terminal; cleared at the end. */
function progressLine(io: CliIo): (p: CandumpProgress) => void {
  return (p) => {
    const share = p.totalBytes ? `${Math.floor((100 * p.bytes) / p.totalBytes)} % ` : '';
    io.err(`\rreplaying: ${share}(${p.lines.toLocaleString('en')} lines)${p.totalBytes !== undefined && p.bytes >= p.totalBytes ? '\r\x1b[K' : ''}`);
  };
}

/** The config as a replay runs it: the log as the CAN source, the home point from --home, no services. */
function replayConfig(config: HomewardConfig, o: { log: string | null; home: ReturnType<typeof parseHome> | undefined; strict: boolean; allowTruncated: boolean }): HomewardConfig {
  const home = o.home ? { ...(config.home ?? { name: 'home', radius_m: 50 }), ...o.home } : config.home;
  return {
    ...config,
    ...(home ? { home: home as HomewardConfig['home'] } : {}),
    vehicle: { ...config.vehicle, can: o.log === null ? 'none' : `candump:${o.log}`, strict: o.strict && config.vehicle.strict, allow_truncated: o.allowTruncated || config.vehicle.allow_truncated },
  };
}
