import { asyncScheduler, type SchedulerLike, type Subscription as RxSubscription } from 'rxjs';
import { HomewardError } from '../base/errors.js';
import { parseRequest, type Derived, type ErrorInfo, type ServerMessage, type Topic } from './protocol.js';
import { driveLockRefusal } from './drive-lock.js';
import { RateLimiter } from './rate-limiter.js';
import type { RuntimeApi } from './runtime-api.js';
import { UpdateCoalescer, type Subscription } from './update-coalescer.js';

export interface ClientSessionOptions {
  api: RuntimeApi;
  /** Writes one message to the client; must not throw (the transport counts its own failures). */
  send(message: ServerMessage): void;
  /** Bytes the transport still holds for this client (ws `bufferedAmount`); 0 for IPC. */
  backlogBytes?(): number;
  scheduler?: SchedulerLike;
  /** Pushes per second at most (default 30). */
  maxHz?: number;
  /** Client messages per second on average (default 50, bursts of twice that). */
  rateLimitPerS?: number;
  /** Skip a push while the backlog is above this (default 256 KiB); values keep coalescing. */
  highWaterBytes?: number;
  /** Refuse settings and non-power device commands unless the car is parked (default true). */
  driveLockout?: boolean;
  /** The client misbehaves (repeated bad or rate-limited messages): the transport should close it. */
  onViolation?(reason: string): void;
  onUnexpectedError(error: unknown): void;
}

export interface ClientSessionStats {
  requests: number;
  rejected: number;
  pushes: number;
  skippedPushes: number;
  dropped: number;
}

/** Consecutive refused messages after which a client is closed. */
const MAX_STRIKES = 20;

/**
 * One client of the runtime, whatever its transport: validates each message (parseRequest), limits
 * its rate, answers by request id, handles `subscribe` itself and pushes the runtime's updates
 * coalesced per client at most maxHz times a second, skipping pushes while the transport is backed up.
 */
export class ClientSession {
  readonly stats: ClientSessionStats = { requests: 0, rejected: 0, pushes: 0, skippedPushes: 0, dropped: 0 };
  private readonly scheduler: SchedulerLike;
  private readonly periodMs: number;
  private readonly limiter: RateLimiter;
  private readonly coalescer = new UpdateCoalescer();
  private subscription: Subscription = { topics: new Set(), signals: null };
  private readonly updates: RxSubscription;
  private flushScheduled: RxSubscription | null = null;
  private lastFlushMs = -Infinity;
  private lastId = -1;
  private strikes = 0;
  private closed = false;

  constructor(private readonly options: ClientSessionOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.periodMs = 1000 / Math.min(30, Math.max(1, options.maxHz ?? 30));
    this.limiter = new RateLimiter(options.rateLimitPerS ?? 50);
    this.updates = options.api.updates$.subscribe({
      next: (update) => {
        if (this.coalescer.add(update, this.subscription)) this.scheduleFlush();
      },
      error: (error: unknown) => options.onUnexpectedError(error),
    });
  }

  /** One inbound message: JSON text (WebSocket) or an already-decoded value (IPC). */
  receive(raw: unknown): void {
    if (this.closed) return;
    if (!this.limiter.take(this.scheduler.now())) {
      this.refuse(null, { code: 'rate_limited', message: 'too many messages; slow down' });
      return;
    }
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      this.refuse(parsed.id, parsed.error);
      return;
    }
    const { request } = parsed;
    if (request.id <= this.lastId) {
      this.refuse(request.id, { code: 'duplicate_id', message: `request id ${request.id} is not above ${this.lastId}` });
      return;
    }
    this.lastId = request.id;
    this.strikes = 0;
    this.stats.requests += 1;
    if (request.method === 'subscribe') {
      const topics = new Set<Topic>(request.params.topics);
      this.subscription = { topics, signals: request.params.signals ?? null };
      this.coalescer.clear();
      this.respond({ type: 'response', id: request.id, ok: true, result: { topics: [...topics] } });
      return;
    }
    const locked = this.options.driveLockout === false ? null : driveLockRefusal(request, this.currentDerived());
    if (locked) {
      this.respond({ type: 'response', id: request.id, ok: false, error: { code: 'locked_while_driving', message: locked } });
      return;
    }
    this.options.api.request(request.method, request.params as never).then(
      (result) => this.respond({ type: 'response', id: request.id, ok: true, result }),
      (error: unknown) => this.respond({ type: 'response', id: request.id, ok: false, error: this.errorInfo(error) }),
    );
  }

  /** Stops pushing; pending answers to requests already running are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.updates.unsubscribe();
    this.flushScheduled?.unsubscribe();
    this.coalescer.clear();
  }

  private currentDerived(): Derived | null {
    try {
      return this.options.api.snapshot().vehicle.derived;
    } catch (error) {
      this.options.onUnexpectedError(error);
      return null;
    }
  }

  private refuse(id: number | null, error: ErrorInfo): void {
    this.stats.rejected += 1;
    this.strikes += 1;
    this.respond({ type: 'response', id: id ?? -1, ok: false, error });
    if (this.strikes >= MAX_STRIKES) this.options.onViolation?.(`${this.strikes} refused messages in a row (last: ${error.code})`);
  }

  private errorInfo(error: unknown): ErrorInfo {
    if (error instanceof HomewardError) return { code: error.code, message: error.message };
    this.options.onUnexpectedError(error);
    return { code: 'internal', message: 'internal error' };
  }

  private respond(message: ServerMessage): void {
    if (!this.closed) this.options.send(message);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed) return;
    const delayMs = Math.max(0, this.lastFlushMs + this.periodMs - this.scheduler.now());
    this.flushScheduled = this.scheduler.schedule(() => {
      this.flushScheduled = null;
      this.flush();
    }, delayMs);
  }

  private flush(): void {
    if (this.closed || !this.coalescer.pending) return;
    const backlog = this.options.backlogBytes?.() ?? 0;
    if (backlog > (this.options.highWaterBytes ?? 256 * 1024)) {
      this.stats.skippedPushes += 1;
      this.lastFlushMs = this.scheduler.now();
      this.scheduleFlush();
      return;
    }
    this.lastFlushMs = this.scheduler.now();
    const { updates, resync } = this.coalescer.take();
    this.stats.dropped = this.coalescer.droppedCount;
    this.stats.pushes += 1;
    if (resync) {
      this.respond({ type: 'resync', reason: 'update queue overflowed' });
      return;
    }
    for (const update of updates) this.respond({ type: 'update', update });
  }
}
