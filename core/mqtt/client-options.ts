import type { IClientOptions, IStore } from 'mqtt';
import { MqttOptionsError } from './errors.js';
import { StoredIdsMessageIdProvider } from './message-id-provider.js';
import type { MqttStoreLike } from './mqtt-store-like.js';

export interface ClientOptionsInput {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly clientId: string;
  readonly protocolVersion: 4 | 5;
  readonly statusTopic: string;
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly rejectUnauthorized: boolean };
  readonly stores?: { readonly incoming: MqttStoreLike; readonly outgoing: MqttStoreLike };
  readonly reconnectInitialMs: number;
}

const PROTOCOLS = new Set(['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:']);

/**
 * The mqtt.js options: the last will (`offline`, retained), the caller's stores as mqtt.js Stores
 * (QoS 1 messages wait there while the broker is away), an id provider that respects stored ids,
 * retries after a refused CONNACK too (a head unit keeps trying), and TLS from PEM text.
 */
export function clientOptions(input: ClientOptionsInput): IClientOptions {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    // Never echo a login someone put in the text.
    throw new MqttOptionsError('url', `'${input.url.replace(/\/\/[^/@]*@/, '//…@')}' is not a URL (mqtt://host:1883, mqtts://host:8883)`);
  }
  if (!PROTOCOLS.has(url.protocol)) throw new MqttOptionsError('url', `protocol '${url.protocol}' (use mqtt:, mqtts:, ws: or wss:)`);
  if (url.username !== '' || url.password !== '') throw new MqttOptionsError('url', 'credentials belong in username/password, not in the URL');
  if (input.clientId === '' || input.clientId.length > 128) throw new MqttOptionsError('clientId', 'must be 1–128 characters');
  const outgoing = input.stores?.outgoing;
  const options: IClientOptions = {
    clientId: input.clientId,
    protocolVersion: input.protocolVersion,
    clean: true,
    keepalive: 30,
    connectTimeout: 10_000,
    reconnectPeriod: input.reconnectInitialMs,
    reconnectOnConnackError: true,
    // The bridge subscribes on each connect itself (its subscriptions follow the connection).
    resubscribe: false,
    // QoS 0 is never used for data; nothing should wait in memory.
    queueQoSZero: false,
    will: { topic: input.statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    messageIdProvider: new StoredIdsMessageIdProvider(() => outgoing?.messageIds?.() ?? []),
  };
  if (input.username !== undefined) options.username = input.username;
  if (input.password !== undefined) options.password = input.password;
  if (input.stores !== undefined) {
    // Structurally mqtt.js's Store (put/get/del/createStream/close); node:stream's Readable stands in for readable-stream's.
    options.incomingStore = input.stores.incoming as unknown as IStore;
    options.outgoingStore = input.stores.outgoing as unknown as IStore;
  }
  if (input.tls !== undefined) {
    if (input.tls.ca !== undefined) options.ca = input.tls.ca;
    if (input.tls.cert !== undefined) options.cert = input.tls.cert;
    if (input.tls.key !== undefined) options.key = input.tls.key;
    options.rejectUnauthorized = input.tls.rejectUnauthorized;
  }
  return options;
}
