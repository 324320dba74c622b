/**
 * The vehicle side's input: the configured CAN source (demo car, SocketCAN, a candump log, none) as
 * frames, decoded with the DBC and mapped to VSS updates; or VSS updates given directly (a signal log).
 * At speed 'max' a ManualClock is moved to each frame's time, so the whole runtime sees log time.
 */
import { EMPTY, type Observable, type SchedulerLike, share, tap } from 'rxjs';
import { ManualClock } from '../base/manual-clock.js';
import { ScaledClock } from '../base/scaled-clock.js';
import type { CanFrame } from '../can/frame.js';
import { replay } from '../can/replay.js';
import { onlyFrames, readCandumpLog, type CandumpProgress } from '../can/sources/read-candump-log.js';
import { openSocketcan, type SocketcanStatus } from '../can/sources/socketcan.js';
import { createDbcCodec } from '../dbc/codec.js';
import { loadDbcFile } from '../dbc/load-dbc-file.js';
import type { Database } from '../dbc/model.js';
import { simulateVehicle$ } from '../sim/vehicle/simulate-vehicle.js';
import { bindVssMapping } from '../vehicle/bind-vss-mapping.js';
import { cycleTimesByPath } from '../vehicle/cycle-times-by-path.js';
import { createSignalUpdateCounters, toSignalUpdates, type SignalUpdate, type SignalUpdateCounters } from '../vehicle/signal-updates.js';
import { loadVssMappingFile } from '../vehicle/vss-mapping.js';
import type { CanSourceSpec } from './config/vehicle-schema.js';
import { holdWhileBusy, type SourceHold } from './hold-while-busy.js';


export interface VehicleInputOptions {
  readonly source: CanSourceSpec;
  readonly dbcFiles: readonly string[];
  readonly mappingFile: string;
  readonly strict: boolean;
  readonly allowTruncated: boolean;
  /** 1 = real time; N = N times faster; 'max' = no waiting (candump logs only). */
  readonly speed: number | 'max';
  readonly home: { latitude: number; longitude: number } | null;
  /** Frames from elsewhere (a test's virtual bus) instead of `source`. */
  readonly frames$?: Observable<CanFrame>;
  /** Updates from a VSS signal log: no DBC is read. */
  readonly updates$?: Observable<SignalUpdate>;
  readonly onDecodeError?: (error: unknown, frame: CanFrame) => void;
  readonly onBadLine?: (error: Error) => void;
  /** A SocketCAN interface opened, gone down, or back up (the runtime logs it). */
  readonly onCanStatus?: (status: SocketcanStatus) => void;
  /** A candump log's reading progress (a replay's progress line). */
  readonly onProgress?: (progress: CandumpProgress) => void;
  /** At 'max': the log waits while device commands are in flight, so log time never runs ahead of them. */
  readonly hold?: SourceHold;
}


export interface VehicleInput {
  /** Shared: one source subscription for every consumer. */
  readonly updates$: Observable<SignalUpdate>;
  readonly counters: SignalUpdateCounters;
  /** The expected refresh of each path (ms), for staleness. */
  readonly cycleMs: (path: string) => number | undefined;
  /**
   * The clock the runtime runs on when the source sets the pace: a ManualClock following a log at
   * 'max', or a ScaledClock for the demo car at speed N (so GPS, wheel speed, `for` and `delay` agree).
   */
  readonly clock: SchedulerLike | null;
}

export async function openVehicleInput(options: VehicleInputOptions, scheduler: SchedulerLike): Promise<VehicleInput> {
  const counters = createSignalUpdateCounters();
  const isLog = options.updates$ !== undefined || options.source.kind === 'candump';
  const clock = options.speed === 'max' && isLog ? new ManualClock() : null;
  const isScaledDemo = !options.frames$ && options.source.kind === 'demo' && typeof options.speed === 'number' && options.speed !== 1;
  const demoClock = isScaledDemo ? new ScaledClock(options.speed as number, scheduler) : null;
  if (options.updates$) {
    const counted$ = options.updates$.pipe(tap(() => counters.updates++));
    const updates$ = clock ? counted$.pipe(holdWhileBusy(options.hold), tap((u) => clock.advanceTo(u.ts * 1000))) : counted$;
    return { updates$: updates$.pipe(share()), counters, cycleMs: () => undefined, clock };
  }
  const db = mergeDatabases(options.dbcFiles.map((file) => loadDbcFile(file, { strict: options.strict })));
  const bound = bindVssMapping(await loadVssMappingFile(options.mappingFile), db);
  const codec = createDbcCodec(db);
  const cycles = cycleTimesByPath(bound, db);
  const frames$ = clock
    ? rawFrames(options, scheduler).pipe(holdWhileBusy(options.hold), tap((frame) => clock.advanceTo(frame.ts * 1000)))
    : paced(rawFrames(options, demoClock ?? scheduler), options, scheduler);
  const updates$ = frames$.pipe(
    toSignalUpdates(codec, bound, { scheduler: clock ?? demoClock ?? scheduler, counters, allowTruncated: options.allowTruncated, ...(options.onDecodeError ? { onDecodeError: options.onDecodeError } : {}) }),
    share(),
  );
  return { updates$, counters, cycleMs: (path) => cycles.get(path), clock: clock ?? demoClock };
}

function rawFrames(options: VehicleInputOptions, scheduler: SchedulerLike): Observable<CanFrame> {
  if (options.frames$) return options.frames$;
  const source = options.source;
  switch (source.kind) {
    case 'demo':
      // The speed is in the scheduler (a ScaledClock): frames are stamped on the runtime's time.
      return simulateVehicle$({ scheduler, ...(options.home ? { home: options.home } : {}), loop: true });
    case 'socketcan':
      return openSocketcan(source.iface, options.onCanStatus ? { onStatus: options.onCanStatus } : {});
    case 'candump':
      return readCandumpLog(source.file, options.onProgress ? { onProgress: options.onProgress } : {}).pipe(onlyFrames(options.onBadLine));
    case 'none':
      return EMPTY;
  }
}

/** Logs are paced by their timestamps; live sources and the simulated car pace themselves. */
function paced(frames$: Observable<CanFrame>, options: VehicleInputOptions, scheduler: SchedulerLike): Observable<CanFrame> {
  if (options.frames$ || options.source.kind !== 'candump' || options.speed === 'max') return frames$;
  return replay(frames$, { speed: options.speed, scheduler });
}

/** Several DBC files of one car: their messages side by side (the first file's header wins). */
function mergeDatabases(dbs: Database[]): Database {
  if (dbs.length === 1) return dbs[0];
  return { ...dbs[0], messages: dbs.flatMap((d) => d.messages), nodes: dbs.flatMap((d) => d.nodes) };
}
