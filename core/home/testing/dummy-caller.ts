import { defer, map, type Observable, of, type SchedulerLike, timer } from 'rxjs';
import { MiioDeviceError } from '../../miio/errors.js';
import type { DeviceCaller } from '../create-device.js';

/** One method's answer: the `result` to return, or throw (a MiioDeviceError) to answer an error. */
export type DummyReply = (params: unknown) => unknown;

export interface DummyCall {
  readonly method: string;
  readonly params: unknown;
  /** scheduler.now() when the request was sent. */
  readonly atMs: number;
}

export interface DummyCaller extends DeviceCaller {
  readonly calls: DummyCall[];
  /** Virtual time between a request and its answer. */
  latencyMs: number;
  /** While set, every request fails with it after latencyMs (device unreachable). */
  failWith: Error | undefined;
  send$(method: string, params?: unknown): Observable<unknown>;
}

/**
 * A command→reply table standing in for a device, like python-miio's tests/dummies.py: unknown methods
 * get the device's own -32601 "Method not found". Answers arrive after latencyMs on the scheduler.
 */
export function createDummyCaller(replies: Readonly<Record<string, DummyReply>>, scheduler: SchedulerLike, latencyMs = 0): DummyCaller {
  const caller: DummyCaller = {
    calls: [],
    latencyMs,
    failWith: undefined,
    send$: (method, params = []) =>
      defer(() => {
        caller.calls.push({ method, params, atMs: scheduler.now() });
        const failure = caller.failWith;
        const answer = (): unknown => {
          if (failure) throw failure;
          const reply = replies[method];
          if (!reply) throw new MiioDeviceError(-32601, 'Method not found.', method);
          return reply(params);
        };
        const delay$ = caller.latencyMs > 0 ? timer(caller.latencyMs, scheduler) : of(0);
        // A throw inside map is an error notification: the device's error reply.
        return delay$.pipe(map(answer));
      }),
    send: (method, params) =>
      new Promise((resolve, reject) => {
        caller.send$(method, params).subscribe({ next: resolve, error: reject });
      }),
  };
  return caller;
}

