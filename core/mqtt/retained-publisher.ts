import type { SchedulerLike, Subscription } from 'rxjs';

export interface RetainedPublisherOptions {
  readonly scheduler: SchedulerLike;
  /** Per topic: at most one message in this long; the latest value wins (default 1000). */
  readonly minIntervalMs: number;
  /** Whether a publish can go out now (connected); otherwise values wait for flush(). */
  canSend(): boolean;
  /** Publishes retained; calls `failed()` if the message never reached the client's store. */
  send(topic: string, payload: string, failed: () => void): void;
}

interface TopicState {
  /** The payload last handed to send (what subscribers hold). */
  sent?: string;
  sentAtMs?: number;
  /** The newest value not yet sent. */
  pending?: string;
  timer?: Subscription;
}

/**
 * Retained state, one topic a value: sent only when it differs from what was last sent (an unchanged
 * door state is never re-sent: it would re-trigger people's automations), at most once per
 * `minIntervalMs` per topic with the latest value sent when the interval ends (a change and its
 * change back within one interval send nothing). While offline values wait; flush() sends them.
 */
export class RetainedPublisher {
  readonly stats = { sent: 0, unchanged: 0 };
  private readonly topics = new Map<string, TopicState>();
  private closed = false;

  constructor(private readonly options: RetainedPublisherOptions) {}

  offer(topic: string, payload: string): void {
    if (this.closed) return;
    let state = this.topics.get(topic);
    if (state === undefined) {
      state = {};
      this.topics.set(topic, state);
    }
    if (payload === state.sent) {
      this.stats.unchanged += 1;
      state.pending = undefined;
      return;
    }
    state.pending = payload;
    this.trySend(topic, state);
  }

  /** The payload subscribers were last given on a topic (or undefined). */
  lastSent(topic: string): string | undefined {
    return this.topics.get(topic)?.sent;
  }

  /** Sends every value that waited while offline (respecting each topic's interval). */
  flush(): void {
    for (const [topic, state] of this.topics) if (state.pending !== undefined) this.trySend(topic, state);
  }

  close(): void {
    this.closed = true;
    for (const state of this.topics.values()) state.timer?.unsubscribe();
    this.topics.clear();
  }

  private trySend(topic: string, state: TopicState): void {
    if (state.timer !== undefined || !this.options.canSend()) return;
    const now = this.options.scheduler.now();
    const dueMs = state.sentAtMs === undefined ? now : state.sentAtMs + this.options.minIntervalMs;
    if (now >= dueMs) {
      this.sendNow(topic, state, now);
      return;
    }
    state.timer = this.options.scheduler.schedule(() => {
      state.timer = undefined;
      if (this.closed || state.pending === undefined) return;
      if (this.options.canSend()) this.sendNow(topic, state, this.options.scheduler.now());
    }, dueMs - now);
  }

  private sendNow(topic: string, state: TopicState, now: number): void {
    const payload = state.pending;
    if (payload === undefined) return;
    state.pending = undefined;
    state.sent = payload;
    state.sentAtMs = now;
    this.stats.sent += 1;
    this.options.send(topic, payload, () => {
      // Never reached the broker: send it again once connected, unless something newer waits.
      if (state.sent === payload) state.sent = undefined;
      state.pending ??= payload;
    });
  }
}
