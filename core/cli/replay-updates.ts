/**
 * The replay pipeline: candump -L log → frames → (paced) → DBC decode → VSS mapping → updates.
 * At a real-time speed the frames are paced by replay() on the given scheduler; at 'max' they pass
 * at once while a VirtualTimeScheduler's clock is set to each frame's timestamp, so the core sees log
 * time and the output is the same on every run.
 */
import type { Readable } from 'node:stream';
import { asyncScheduler, Observable, tap, type SchedulerLike } from 'rxjs';
import { ManualClock } from '../base/manual-clock.js';
import { replay } from '../can/replay.js';
import { onlyFrames, readCandumpLog } from '../can/sources/read-candump-log.js';
import type { CandumpParseError } from '../can/errors.js';
import type { CanFrame } from '../can/frame.js';
import type { DbcCodec } from '../dbc/codec.js';
import type { BoundVssMapping } from '../vehicle/bind-vss-mapping.js';
import { toSignalUpdates, type SignalUpdate, type SignalUpdateCounters } from '../vehicle/signal-updates.js';

export interface ReplayUpdatesOptions {
  /** 1 = the log's pace, 10 = ten times faster, 'max' = as fast as the log can be read. */
  speed: number | 'max';
  counters: SignalUpdateCounters;
  /** Where real-time pacing waits; asyncScheduler by default. Ignored at 'max'. */
  scheduler?: SchedulerLike;
  onBadLine?: (error: CandumpParseError) => void;
  onDecodeError?: (error: unknown, frame: CanFrame) => void;
  /** cantools' allow_truncated: short frames feed the signals that fit (default: a decode error). */
  allowTruncated?: boolean;
}


export function replayUpdates(source: string | Readable, codec: DbcCodec, bound: BoundVssMapping, options: ReplayUpdatesOptions): Observable<SignalUpdate> {
  const frames$ = readCandumpLog(source).pipe(onlyFrames(options.onBadLine));
  let paced$: Observable<CanFrame>;
  let scheduler: SchedulerLike;
  if (options.speed === 'max') {
    const clock = new ManualClock();
    scheduler = clock;
    paced$ = frames$.pipe(tap((frame) => clock.advanceTo(frame.ts * 1000)));
  } else {
    scheduler = options.scheduler ?? asyncScheduler;
    paced$ = replay(frames$, { speed: options.speed, scheduler });
  }
  return paced$.pipe(
    toSignalUpdates(codec, bound, {
      scheduler,
      counters: options.counters,
      allowTruncated: options.allowTruncated === true,
      ...(options.onDecodeError ? { onDecodeError: options.onDecodeError } : {}),
    }),
  );
}
