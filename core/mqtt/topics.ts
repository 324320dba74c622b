import { createHash } from 'node:crypto';
import { MqttOptionsError } from './errors.js';

/** The commands the bridge accepts, one topic each: `<base>/cmd/<method>`. */
export const COMMAND_METHODS = ['scene.run', 'device.action', 'device.set', 'automation.enable'] as const;
export type CommandMethod = (typeof COMMAND_METHODS)[number];

/** Every topic the bridge publishes or reads, from one base (docs/mqtt.md is the reader's copy). */
export interface BridgeTopics {
  readonly base: string;
  /** `online` / `offline` (the last will), retained. */
  readonly status: string;
  /** A VSS path's latest value: `Vehicle.Speed` → `<base>/vss/Vehicle/Speed`. */
  vss(path: string): string;
  /** The car's Home Assistant-facing values: `speed_kmh`, `presence`, `location`, … */
  car(field: string): string;
  event(name: string): string;
  automationRun(id: string): string;
  automationEnabled(id: string): string;
  deviceState(id: string): string;
  /** The subscription that receives every command. */
  readonly commandFilter: string;
  command(method: CommandMethod): string;
  /** Where replies go when a command names no response topic. */
  reply(method: string): string;
  /** The prefix under which a client may ask for replies (besides topics outside our base). */
  readonly replyPrefix: string;
}

/** Percent-encodes what would break a topic level: `/`, the wildcards, `%` itself and NUL. */
export function topicSegment(id: string): string {
  return id.replace(/[%/+#\u0000]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}

/** An id Home Assistant accepts in a discovery topic (`[a-zA-Z0-9_-]+`), unique for distinct inputs. */
export function discoveryId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (clean === id && id.length > 0) return id;
  return `${clean}_${createHash('sha1').update(id).digest('hex').slice(0, 6)}`;
}

/** Throws unless `topic` can be published to: non-empty, no wildcards, no NUL, no `$` start. */
export function checkPublishTopic(option: string, topic: string): void {
  if (topic === '') throw new MqttOptionsError(option, 'is empty');
  if (/[+#\u0000]/.test(topic)) throw new MqttOptionsError(option, `'${topic}' holds a wildcard or NUL`);
  if (topic.startsWith('$')) throw new MqttOptionsError(option, `'${topic}' starts with $ (broker topics)`);
  if (topic.startsWith('/') || topic.endsWith('/')) throw new MqttOptionsError(option, `'${topic}' starts or ends with /`);
}

export function bridgeTopics(base: string): BridgeTopics {
  checkPublishTopic('baseTopic', base);
  return {
    base,
    status: `${base}/status`,
    vss: (path) => `${base}/vss/${path.split('.').map(topicSegment).join('/')}`,
    car: (field) => `${base}/car/${topicSegment(field)}`,
    event: (name) => `${base}/event/${topicSegment(name)}`,
    automationRun: (id) => `${base}/automation/${topicSegment(id)}/run`,
    automationEnabled: (id) => `${base}/automation/${topicSegment(id)}/enabled`,
    deviceState: (id) => `${base}/device/${topicSegment(id)}/state`,
    commandFilter: `${base}/cmd/+`,
    command: (method) => `${base}/cmd/${method}`,
    reply: (method) => `${base}/reply/${topicSegment(method)}`,
    replyPrefix: `${base}/reply/`,
  };
}
