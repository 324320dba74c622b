import type { DeviceInfo, Derived, Presence, Snapshot, Update } from '../api/protocol.js';
import { carFields, isDoorPath, RANGE_PATH, vssPayload } from './car-fields.js';
import type { RetainedPublisher } from './retained-publisher.js';
import type { BridgeTopics } from './topics.js';

type VssValue = number | boolean | string;

export interface StatePublisherOptions {
  readonly topics: BridgeTopics;
  readonly retained: RetainedPublisher;
  /** QoS 1, not retained: goes through the outgoing store, so it waits while offline. */
  publishEvent(topic: string, payload: string): void;
  /** Makes `event_id` unique across runs (consumers dedupe on it). */
  readonly eventIdPrefix: string;
}

/**
 * Runtime state → topics: every VSS path, the car's HA fields, device states and automation
 * switches are retained state (through the RetainedPublisher: on change, rate-limited); car events
 * and automation runs are QoS 1 messages, each once, in order.
 */
export class StatePublisher {
  private readonly signals = new Map<string, VssValue>();
  private derived: Derived | null = null;
  private presence: Presence | null = null;
  private eventSeq = 0;
  readonly stats = { events: 0, runs: 0 };

  constructor(private readonly options: StatePublisherOptions) {}

  seed(snapshot: Snapshot): void {
    for (const signal of snapshot.vehicle.signals) this.signal(signal.path, signal.value);
    this.vehicle(snapshot.vehicle.derived, snapshot.vehicle.presence);
    for (const device of snapshot.devices) this.device(device);
    for (const automation of snapshot.automations) this.automationEnabled(automation.id, automation.enabled);
  }

  onUpdate(update: Update): void {
    switch (update.topic) {
      case 'signals': {
        let carInput = false;
        for (const signal of update.signals) {
          this.signal(signal.path, signal.value);
          carInput ||= signal.path === RANGE_PATH || isDoorPath(signal.path);
        }
        if (carInput) this.car();
        return;
      }
      case 'vehicle':
        this.vehicle(update.derived, update.presence);
        return;
      case 'devices':
        this.device(update.device);
        return;
      case 'events': {
        this.eventSeq += 1;
        this.stats.events += 1;
        const { name, ts, evidence } = update.event;
        this.options.publishEvent(this.options.topics.event(name), JSON.stringify({ event_id: `${this.options.eventIdPrefix}-${this.eventSeq}`, name, ts, evidence }));
        return;
      }
      case 'runs':
        this.stats.runs += 1;
        this.options.publishEvent(this.options.topics.automationRun(update.run.automation), JSON.stringify(update.run));
        return;
      case 'automations':
        this.automationEnabled(update.automation.id, update.automation.enabled);
        return;
      case 'notifications':
        return;
    }
  }

  private signal(path: string, value: VssValue): void {
    this.signals.set(path, value);
    this.options.retained.offer(this.options.topics.vss(path), vssPayload(value));
  }

  private vehicle(derived: Derived, presence: Presence): void {
    this.derived = derived;
    this.presence = presence;
    this.car();
  }

  private car(): void {
    if (this.derived === null || this.presence === null) return;
    for (const [field, payload] of Object.entries(carFields(this.derived, this.presence, this.signals))) {
      this.options.retained.offer(this.options.topics.car(field), payload);
    }
  }

  private device(device: DeviceInfo): void {
    // No ts: a poll that found nothing new must not count as a change.
    const values = Object.fromEntries(Object.entries(device.values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const state: Record<string, unknown> = { online: device.online, values };
    if (device.error !== undefined) state.error = device.error;
    this.options.retained.offer(this.options.topics.deviceState(device.id), JSON.stringify(state));
  }

  private automationEnabled(id: string, enabled: boolean): void {
    this.options.retained.offer(this.options.topics.automationEnabled(id), enabled ? 'ON' : 'OFF');
  }
}
