import type { SchedulerLike } from 'rxjs';
import type { ErrorInfo, TraceElement } from '../api/protocol.js';
import { describeError, HomewardError } from '../base/errors.js';

/** One element being recorded: end it once with a result or an error. */
export interface TraceHandle {
  end(result?: unknown): void;
  fail(error: unknown, result?: unknown): void;
  readonly ended: boolean;
}

/** HA keeps the last 20 elements of a node hit repeatedly; so do we, per path. */
const MAX_PER_PATH = 20;

/** The elements of one run, in start order, addressed by config path; times in wire seconds. */
export class TraceRecorder {
  readonly elements: TraceElement[] = [];
  private readonly perPath = new Map<string, number>();

  constructor(private readonly scheduler: SchedulerLike) {}

  start(path: string): TraceHandle {
    const count = this.perPath.get(path) ?? 0;
    if (count >= MAX_PER_PATH) {
      const index = this.elements.findIndex((e) => e.path === path);
      if (index >= 0) this.elements.splice(index, 1);
    } else this.perPath.set(path, count + 1);
    const element: TraceElement = { path, start_ts: this.nowS(), end_ts: null };
    this.elements.push(element);
    let ended = false;
    return {
      end: (result?: unknown) => {
        if (ended) return;
        ended = true;
        element.end_ts = this.nowS();
        if (result !== undefined) element.result = result;
      },
      fail: (error: unknown, result?: unknown) => {
        if (ended) return;
        ended = true;
        element.end_ts = this.nowS();
        if (result !== undefined) element.result = result;
        element.error = toErrorInfo(error);
      },
      get ended() {
        return ended;
      },
    };
  }

  /** Records an element that starts and ends now. */
  note(path: string, result: unknown, error?: unknown): void {
    const handle = this.start(path);
    if (error === undefined) handle.end(result);
    else handle.fail(error, result);
  }

  nowS(): number {
    return this.scheduler.now() / 1000;
  }

  snapshot(): TraceElement[] {
    return this.elements.map((e) => ({ ...e }));
  }
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof HomewardError) return error.toJSON();
  return { code: 'error', message: describeError(error) };
}
