import type { AutomationInfo, SceneInfo } from '../api/protocol.js';
import { discoveryConfigs, isOwnConfigTopic, type DiscoveryContext } from './discovery.js';

export interface DiscoveryAnnouncerOptions {
  readonly context: DiscoveryContext;
  /** false: announce nothing, and remove what an earlier run announced. */
  readonly enabled: boolean;
  /** Publishes a retained config ('' removes the entity). */
  publish(topic: string, payload: string): void;
  isConnected(): boolean;
}

/**
 * Keeps Home Assistant's view of the car's entities equal to the config: announces each entity
 * (retained), re-announces on HA's birth and on reconnect, and removes an entity (empty retained
 * payload) when it leaves the config, also one left over from an earlier run, which the broker hands
 * back when the bridge subscribes to its own config topics.
 */
export class DiscoveryAnnouncer {
  private current = new Map<string, string>();
  /** What the broker holds as far as this run knows (topic → payload). */
  private readonly announced = new Map<string, string>();
  readonly stats = { announced: 0, removed: 0 };

  constructor(private readonly options: DiscoveryAnnouncerOptions) {}

  /** The subscription that returns this car's retained configs. */
  get configFilter(): string {
    const { prefix, nodeId } = this.options.context;
    return `${prefix}/+/${nodeId}/+/config`;
  }

  update(scenes: readonly SceneInfo[], automations: readonly AutomationInfo[]): void {
    const next = new Map<string, string>();
    if (this.options.enabled) {
      for (const [topic, config] of discoveryConfigs(this.options.context, scenes, automations)) next.set(topic, JSON.stringify(config));
    }
    this.current = next;
    if (!this.options.isConnected()) return;
    for (const [topic, payload] of next) if (this.announced.get(topic) !== payload) this.send(topic, payload);
    for (const topic of [...this.announced.keys()]) if (!next.has(topic)) this.remove(topic);
  }

  /** Sends every config again (HA restarted, or the broker may have lost its retained messages). */
  announceAll(): void {
    for (const [topic, payload] of this.current) this.send(topic, payload);
    for (const topic of [...this.announced.keys()]) if (!this.current.has(topic)) this.remove(topic);
  }

  /** A retained config of ours came back from the broker: remove it unless it is still configured. */
  onConfigMessage(topic: string, payload: Buffer): void {
    if (payload.length === 0 || !isOwnConfigTopic(this.options.context, topic) || this.current.has(topic)) return;
    this.remove(topic);
  }

  configs(): ReadonlyMap<string, string> {
    return this.current;
  }

  private send(topic: string, payload: string): void {
    this.announced.set(topic, payload);
    this.stats.announced += 1;
    this.options.publish(topic, payload);
  }

  private remove(topic: string): void {
    this.announced.delete(topic);
    this.stats.removed += 1;
    this.options.publish(topic, '');
  }
}
