/**
 * The simulated car, live: the demo EV's frames (vehicle-frames.ts) put out on the scheduler at their
 * time, `speed` times faster than real, as an Observable<CanFrame> for the in-process virtual bus or
 * for SocketCAN. Cold: each subscriber gets its own car, starting with the prelude at home.
 */
import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { CanFrame } from '../../can/frame.js';
import { createDbcCodec, type DbcCodec } from '../../dbc/codec.js';
import { loadDbcFile } from '../../dbc/load-dbc-file.js';
import { homewardEvDbcPath } from '../../vehicle/demo/paths.js';
import { VehicleSimOptionError } from './errors.js';
import { DEMO_HOME, type GeoPoint } from './drive-model.js';
import { vehicleFrames } from './vehicle-frames.js';

export { DEMO_HOME, type GeoPoint } from './drive-model.js';
export { loopSeconds } from './vehicle-frames.js';

export interface SimulateVehicleOptions {
  /** Where the frames wait for their time (the core's Clock; a TestScheduler in tests). */
  scheduler: SchedulerLike;
  /** The home the car leaves and comes back to (default DEMO_HOME); the route is relative to it. */
  home?: Readonly<GeoPoint>;
  /** N times faster than real time (default 1). */
  speed?: number;
  /** Loop for ever (default: one loop, then complete). */
  loop?: boolean;
  /** Seconds parked at home between arriving and the next loop (default 60). */
  parkedS?: number;
  /** Complete after this many seconds of simulated time (default: at the end of the loop, or never with loop). */
  untilS?: number;
  /** The demo EV's codec; loaded from core/vehicle/demo/homeward-ev.dbc when absent. */
  codec?: DbcCodec;
  /** The frames' `channel` (default none). */
  channel?: string;
  /** Seed of the GPS wander and the transmit jitter (default: the committed drive's). */
  seed?: number;
}

/** Frames due within this much of now go out together: one timer per millisecond at most. */
const BATCH_MS = 1;

/**
 * One loop: prelude at home (charging stops, cable out, unlock, the driver gets in), ignition on, the
 * drive of drive-home.log (leave, a loop through the suburb, back home), park, ignition off, door,
 * lock, cable in, charging, then `parkedS` parked. Each frame's `ts` is the scheduler's time (s) at
 * which it is due.
 */
export function simulateVehicle$(options: SimulateVehicleOptions): Observable<CanFrame> {
  const { scheduler } = options;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new VehicleSimOptionError(`vehicle speed must be a positive number, got ${String(speed)}`);
  const parkedS = options.parkedS ?? 60;
  if (!(parkedS >= 0) || !Number.isFinite(parkedS)) throw new VehicleSimOptionError(`parked time must be a number of seconds >= 0, got ${String(parkedS)}`);
  return new Observable<CanFrame>((subscriber) => {
    const codec = options.codec ?? createDbcCodec(loadDbcFile(homewardEvDbcPath()));
    const frames = vehicleFrames({
      codec,
      home: options.home ?? DEMO_HOME,
      parkedS,
      loops: options.loop === true ? Infinity : 1,
      untilS: options.untilS,
      seed: options.seed ?? 0x484f4d45,
      channel: options.channel,
    });
    const startMs = scheduler.now();
    let pending: IteratorResult<{ offsetUs: number; frame: CanFrame }> = frames.next();
    let timer: Subscription | undefined;
    const dueMs = (offsetUs: number): number => startMs + offsetUs / 1000 / speed;
    const drain = (): void => {
      timer = undefined;
      const now = scheduler.now();
      while (!pending.done && dueMs(pending.value.offsetUs) <= now + BATCH_MS / 2) {
        const { offsetUs, frame } = pending.value;
        frame.ts = dueMs(offsetUs) / 1000;
        subscriber.next(frame);
        if (subscriber.closed) return;
        pending = frames.next();
      }
      if (pending.done) subscriber.complete();
      else timer = scheduler.schedule(drain, Math.max(0, dueMs(pending.value.offsetUs) - now));
    };
    timer = scheduler.schedule(drain, Math.max(0, pending.done ? 0 : dueMs(pending.value.offsetUs) - startMs));
    return () => {
      timer?.unsubscribe();
      void frames.return(undefined);
    };
  });
}
