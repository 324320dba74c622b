import { randomBytes } from 'node:crypto';
import { connect, type IClientPublishOptions, type IPublishPacket } from 'mqtt';
import { BehaviorSubject, distinctUntilChanged, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { Method } from '../api/protocol.js';
import type { RuntimeApi } from '../api/runtime-api.js';
import { describeError } from '../base/errors.js';
import { clientOptions } from './client-options.js';
import { MqttUnreachableError } from './errors.js';
import { DiscoveryAnnouncer } from './discovery-announcer.js';
import { checkPublishTopic, bridgeTopics, discoveryId } from './topics.js';
import type { MqttStoreLike } from './mqtt-store-like.js';
import { parseCommand, type CommandScope, type ReplyAddress } from './parse-command.js';
import { RetainedPublisher } from './retained-publisher.js';
import { StatePublisher } from './state-publisher.js';

export interface MqttBridgeOptions {
  readonly api: RuntimeApi;
  readonly scheduler: SchedulerLike;
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly clientId: string;
  /** aedes speaks 3.1.1 only: use 4 towards the embedded broker. */
  readonly protocolVersion: 4 | 5;
  readonly baseTopic: string;
  readonly discoveryPrefix: string;
  readonly discovery: boolean;
  readonly birthTopic: string;
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly rejectUnauthorized: boolean };
  readonly stores?: { readonly incoming: MqttStoreLike; readonly outgoing: MqttStoreLike };
  /** Per retained topic (VSS path, car field, device): at most one message in this long. Default 1000. */
  readonly minIntervalMs?: number;
  /** Reconnect back-off: first wait, doubled after each failed attempt up to the max. Default 1 s → 60 s. */
  readonly reconnect?: { readonly initialMs: number; readonly maxMs: number };
  onUnexpectedError(e: unknown): void;
}

export interface MqttBridge {
  /** true once connected and subscribed (commands are heard); false while the broker is away. */
  readonly connected$: Observable<boolean>;
  /** published: messages the broker acknowledged; commands: carried out; badCommands: answered with an error. */
  readonly stats: { published: number; commands: number; badCommands: number };
  stop(): Promise<void>;
}

/** Socket-level failures: the broker is away, which the bridge rides out (not a bug to report each time). */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (typeof code === 'string' && CONNECTION_ERRORS.has(code)) || /connack timeout|keepalive timeout/i.test(error.message);
}

type Publish = (topic: string, payload: string, options: IClientPublishOptions, notStored?: () => void) => void;

/**
 * The MQTT bridge (docs/mqtt.md): runtime state and events out, commands in, Home Assistant
 * discovery, an availability topic with a last will. It reaches the runtime only through RuntimeApi.
 */
export function startMqttBridge(options: MqttBridgeOptions): MqttBridge {
  const topics = bridgeTopics(options.baseTopic);
  checkPublishTopic('discoveryPrefix', options.discoveryPrefix);
  checkPublishTopic('birthTopic', options.birthTopic);
  const backoff = options.reconnect ?? { initialMs: 1000, maxMs: 60_000 };
  const client = connect(options.url, clientOptions({ ...options, statusTopic: topics.status, reconnectInitialMs: backoff.initialMs }));
  const connected = new BehaviorSubject(false);
  const stats = { published: 0, commands: 0, badCommands: 0 };
  let stopping = false;
  let lastError = '';
  const report = (error: unknown): void => {
    const text = describeError(error);
    if (text === lastError) return;
    lastError = text;
    options.onUnexpectedError(error);
  };

  const publish: Publish = (topic, payload, publishOptions, notStored) => {
    let stored = false;
    // mqtt.js calls this with an Error when it drops a queued publish (its type says no argument).
    const cbStorePut = (...args: unknown[]): void => {
      if (args[0] === undefined || args[0] === null) stored = true;
    };
    client.publish(topic, payload, { ...publishOptions, cbStorePut }, (error) => {
      if (error === undefined || error === null) {
        stats.published += 1;
        return;
      }
      if (stopping) return;
      // A publish queued while mqtt.js resent its store dies on the next drop before reaching the
      // store (MQTT.js#2015): hand it to mqtt.js again, it then waits in the store like the others.
      // After this turn: mqtt.js is still iterating (and then clears) the queue it came from.
      if (!stored && /connection closed/i.test(error.message)) {
        if (notStored !== undefined) notStored();
        else queueMicrotask(() => publish(topic, payload, publishOptions));
        return;
      }
      report(error);
    });
  };
  const qos1 = { qos: 1 as const, retain: false };
  const retainedQos1 = { qos: 1 as const, retain: true };

  const retained = new RetainedPublisher({
    scheduler: options.scheduler,
    minIntervalMs: options.minIntervalMs ?? 1000,
    canSend: () => client.connected && !stopping,
    send: (topic, payload, failed) => publish(topic, payload, retainedQos1, failed),
  });
  const state = new StatePublisher({
    topics, retained,
    publishEvent: (topic, payload) => publish(topic, payload, qos1),
    // Unique per run even when the clock is virtual or restarts: consumers dedupe QoS 1 resends on it.
    eventIdPrefix: `${discoveryId(options.baseTopic)}-${randomBytes(4).toString('hex')}`,
  });
  // The base topic names the car (two cars cannot share it), so it also names its HA device.
  const nodeId = discoveryId(options.baseTopic);
  const announcer = new DiscoveryAnnouncer({
    context: { prefix: options.discoveryPrefix, nodeId, topics },
    enabled: options.discovery,
    publish: (topic, payload) => publish(topic, payload, retainedQos1),
    isConnected: () => client.connected && !stopping,
  });
  const scope: CommandScope = { topics, forbiddenPrefixes: [options.discoveryPrefix, options.birthTopic] };

  const refreshDiscovery = (): void => {
    const snapshot = options.api.snapshot();
    announcer.update(snapshot.scenes, snapshot.automations);
  };

  const reply = (address: ReplyAddress, body: Record<string, unknown>): void => {
    const payload = JSON.stringify(address.correlationId === undefined ? body : { ...body, correlation_id: address.correlationId });
    const properties = options.protocolVersion === 5 && address.correlationData !== undefined ? { correlationData: address.correlationData } : undefined;
    publish(address.topic, payload, properties === undefined ? qos1 : { ...qos1, properties });
  };

  const onCommand = (topic: string, payload: Buffer, packet: IPublishPacket): void => {
    const parsed = parseCommand(scope, { topic, payload, responseTopic: packet.properties?.responseTopic, correlationData: packet.properties?.correlationData });
    if (!parsed.ok) {
      stats.badCommands += 1;
      reply(parsed.reply, { ok: false, method: parsed.method, error: parsed.error });
      return;
    }
    const { method, params } = parsed.request;
    const request = options.api.request as (m: Method, p: unknown) => Promise<unknown>;
    // Through a promise, so a request that throws synchronously is answered too.
    Promise.resolve().then(() => request.call(options.api, method, params)).then(
      (result) => {
        stats.commands += 1;
        reply(parsed.reply, { ok: true, method, result });
      },
      (error: unknown) => {
        stats.badCommands += 1;
        const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'internal';
        reply(parsed.reply, { ok: false, method, error: { code, message: describeError(error) } });
      },
    );
  };

  client.on('message', (topic, payload, packet) => {
    if (stopping) return;
    try {
      if (topic === options.birthTopic) {
        if (payload.toString('utf8') === 'online') announcer.announceAll();
      } else if (topic.startsWith(`${topics.base}/cmd/`)) {
        onCommand(topic, payload, packet);
      } else {
        announcer.onConfigMessage(topic, payload);
      }
    } catch (error) {
      report(error);
    }
  });
  client.on('connect', () => {
    lastError = '';
    outageReported = false;
    client.options.reconnectPeriod = backoff.initialMs;
    publish(topics.status, 'online', retainedQos1);
    announcer.announceAll();
    retained.flush();
    // Clean sessions: subscribe on every connection (mqtt.js's own resubscribe is off). The broker
    // then hands back our retained configs, and the announcer removes the stale ones.
    // connected$ turns true once the subscriptions hold: from then on commands are heard.
    client.subscribe({ [topics.commandFilter]: { qos: 1 }, [options.birthTopic]: { qos: 0 }, [announcer.configFilter]: { qos: 0 } }, (error) => {
      if (error) {
        if (!stopping && !/connection closed/i.test(error.message)) report(error);
        return;
      }
      if (client.connected && !stopping) connected.next(true);
    });
  });
  client.on('close', () => {
    connected.next(false);
    // mqtt.js already armed this attempt; the next one waits twice as long.
    const period = client.options.reconnectPeriod ?? backoff.initialMs;
    client.options.reconnectPeriod = Math.min(backoff.maxMs, Math.max(backoff.initialMs, period * 2));
  });
  let outageReported = false;
  client.on('error', (error) => {
    if (!isConnectionError(error)) {
      report(error);
    } else if (!outageReported && !stopping) {
      outageReported = true;
      report(new MqttUnreachableError(options.url, { cause: error }));
    }
  });

  let updates: Subscription | undefined;
  let stopped: Promise<void> | undefined;
  try {
    const snapshot = options.api.snapshot();
    state.seed(snapshot);
    announcer.update(snapshot.scenes, snapshot.automations);
    updates = options.api.updates$.subscribe((update) => {
      try {
        state.onUpdate(update);
        if (update.topic === 'automations') refreshDiscovery();
      } catch (error) {
        report(error);
      }
    });
  } catch (error) {
    client.end(true);
    throw error;
  }

  return {
    connected$: connected.pipe(distinctUntilChanged()),
    stats,
    stop(): Promise<void> {
      stopped ??= (async () => {
        updates?.unsubscribe();
        retained.close();
        if (client.connected) {
          // Say goodbye ourselves (a clean DISCONNECT suppresses the will); give up if the link dies.
          await new Promise<void>((resolve) => {
            const done = (): void => {
              client.off('close', done);
              resolve();
            };
            client.on('close', done);
            client.publish(topics.status, 'offline', retainedQos1, done);
          });
        }
        stopping = true;
        await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
        connected.next(false);
        connected.complete();
      })();
      return stopped;
    },
  };
}
