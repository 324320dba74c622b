import { connect, type IClientOptions, type IClientPublishOptions, type MqttClient } from 'mqtt';
import { waitFor } from './wait-for.js';

export interface SpiedMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly text: string;
  readonly retain: boolean;
  readonly qos: number;
  readonly dup: boolean;
  readonly properties?: Record<string, unknown>;
}

/**
 * A plain mqtt.js client on the broker, subscribed to a filter ('#' by default, QoS 1), recording
 * every message: what Home Assistant or any other subscriber would see.
 */
export interface MqttSpy {
  readonly client: MqttClient;
  readonly messages: SpiedMessage[];
  on(topic: string): SpiedMessage[];
  /** The newest message on a topic, waiting for one that passes `accept`. */
  next(topic: string, accept?: (m: SpiedMessage) => boolean, timeoutMs?: number): Promise<SpiedMessage>;
  publish(topic: string, payload: string | Buffer, options?: IClientPublishOptions): Promise<void>;
  close(): Promise<void>;
}

export interface MqttSpyOptions {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly protocolVersion?: 4 | 5;
  /** Default '#'. */
  readonly filter?: string | string[];
  readonly clientId?: string;
  /** false: a persistent session (the broker queues QoS 1 messages for the spy while it is away). */
  readonly clean?: boolean;
  /**
   * A retained topic under the filter, published before subscribing and awaited after: once it has
   * come back, the broker's scan of its retained messages for this subscription is over (aedes
   * scans asynchronously and can deliver a message published meanwhile twice: live and retained).
   */
  readonly probeTopic?: string;
  /** More mqtt.js options (TLS: ca, cert, key). */
  readonly connectOptions?: IClientOptions;
}

export async function startMqttSpy(options: MqttSpyOptions): Promise<MqttSpy> {
  const client = connect(options.url, {
    username: options.username, password: options.password, protocolVersion: options.protocolVersion ?? 4,
    clientId: options.clientId ?? `spy-${Math.random().toString(16).slice(2, 10)}`, reconnectPeriod: 100, connectTimeout: 5000,
    ...options.connectOptions, clean: options.clean ?? true, ...(options.protocolVersion === 5 && options.clean === false ? { properties: { sessionExpiryInterval: 3600 } } : {}),
  });
  const messages: SpiedMessage[] = [];
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, payload, text: payload.toString('utf8'), retain: packet.retain, qos: packet.qos, dup: packet.dup, properties: packet.properties as Record<string, unknown> | undefined });
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  if (options.probeTopic !== undefined) await client.publishAsync(options.probeTopic, 'probe', { qos: 1, retain: true });
  await client.subscribeAsync(options.filter ?? '#', { qos: 1 });
  const on = (topic: string): SpiedMessage[] => messages.filter((m) => m.topic === topic);
  if (options.probeTopic !== undefined) {
    const probe = options.probeTopic;
    await waitFor(() => on(probe).length > 0, { what: `the probe ${probe}` });
    await client.publishAsync(probe, '', { qos: 1, retain: true });
    await waitFor(() => on(probe).length > 1, { what: `the probe ${probe} cleared` });
    messages.splice(0, messages.length, ...messages.filter((m) => m.topic !== probe));
  }
  return {
    client,
    messages,
    on,
    next: (topic, accept = () => true, timeoutMs = 5000) =>
      waitFor(() => on(topic).filter(accept).at(-1), { timeoutMs, what: `a message on ${topic}` }),
    publish: async (topic, payload, publishOptions = {}) => {
      await client.publishAsync(topic, payload, publishOptions);
    },
    close: () => client.endAsync(true),
  };
}
