import type { Signal, Topic, Update } from './protocol.js';

/** What one client asked for: topics, and (optionally) the VSS paths of the `signals` topic. */
export interface Subscription {
  topics: ReadonlySet<Topic>;
  /** Exact paths, or prefixes ending in `.` (`Vehicle.Cabin.`); null = every path. */
  signals: readonly string[] | null;
}

export interface CoalescerLimits {
  /** Events and notifications are not state: they queue, up to this many each. */
  maxQueued: number;
  /** Signals per pushed `signals` update (keeps each message far under MAX_MESSAGE_BYTES). */
  maxSignalsPerUpdate: number;
}

export const DEFAULT_COALESCER_LIMITS: CoalescerLimits = { maxQueued: 256, maxSignalsPerUpdate: 200 };

/**
 * Per-client pending updates, bounded: state topics keep only their latest value per key (signal
 * path, device id, automation id, run id), event topics a bounded queue. A slow client loses
 * samples, never freshness; an overflow of a queue is reported once so the client can resync.
 */
export class UpdateCoalescer {
  private readonly signals = new Map<string, Signal>();
  private vehicle: Extract<Update, { topic: 'vehicle' }> | null = null;
  private readonly devices = new Map<string, Update>();
  private readonly automations = new Map<string, Update>();
  private readonly runs = new Map<string, Update>();
  private readonly events: Update[] = [];
  private readonly notifications: Update[] = [];
  private overflowed = false;
  droppedCount = 0;

  constructor(private readonly limits: CoalescerLimits = DEFAULT_COALESCER_LIMITS) {}

  /** Keeps the update if the subscription wants it; true when something is now pending. */
  add(update: Update, subscription: Subscription): boolean {
    if (!subscription.topics.has(update.topic)) return false;
    switch (update.topic) {
      case 'signals': {
        let kept = false;
        for (const signal of update.signals) {
          if (!wantsPath(subscription.signals, signal.path)) continue;
          // Delete first so the map's order is the order of the latest change.
          this.signals.delete(signal.path);
          this.signals.set(signal.path, signal);
          kept = true;
        }
        return kept;
      }
      case 'vehicle':
        this.vehicle = update;
        return true;
      case 'devices':
        this.devices.set(update.device.id, update);
        return true;
      case 'automations':
        this.automations.set(update.automation.id, update);
        return true;
      case 'runs':
        this.runs.set(update.run.run_id, update);
        return true;
      case 'events':
        return this.enqueue(this.events, update);
      case 'notifications':
        return this.enqueue(this.notifications, update);
    }
  }

  get pending(): boolean {
    return this.signals.size > 0 || this.vehicle !== null || this.devices.size > 0 || this.automations.size > 0 ||
      this.runs.size > 0 || this.events.length > 0 || this.notifications.length > 0 || this.overflowed;
  }

  /** Drains everything pending, in a stable order; `resync` is true once after an overflow. */
  take(): { updates: Update[]; resync: boolean } {
    const updates: Update[] = [];
    const signals = [...this.signals.values()];
    for (let i = 0; i < signals.length; i += this.limits.maxSignalsPerUpdate) {
      updates.push({ topic: 'signals', signals: signals.slice(i, i + this.limits.maxSignalsPerUpdate) });
    }
    if (this.vehicle) updates.push(this.vehicle);
    updates.push(...this.devices.values(), ...this.automations.values(), ...this.runs.values(), ...this.events, ...this.notifications);
    const resync = this.overflowed;
    this.clear();
    return { updates, resync };
  }

  clear(): void {
    this.signals.clear();
    this.vehicle = null;
    this.devices.clear();
    this.automations.clear();
    this.runs.clear();
    this.events.length = 0;
    this.notifications.length = 0;
    this.overflowed = false;
  }

  private enqueue(queue: Update[], update: Update): boolean {
    if (queue.length >= this.limits.maxQueued) {
      queue.shift();
      this.droppedCount += 1;
      this.overflowed = true;
    }
    queue.push(update);
    return true;
  }
}

function wantsPath(filter: readonly string[] | null, path: string): boolean {
  if (filter === null) return true;
  return filter.some((entry) => (entry.endsWith('.') ? path.startsWith(entry) : entry === path));
}
