/**
 * The runtime's services beside the stream core: the SQLite store, the MQTT bridge (to the configured
 * broker, or an embedded aedes one) and the dashboard's API server. Each is optional; a failing one
 * at start stops the ones already started and the runtime does not start half-way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Observable, type SchedulerLike, Subscription } from 'rxjs';
import type { DeviceInfo, RunInfo } from '../api/protocol.js';
import type { VssSample } from '../vehicle/state/vss-sample.js';
import { wireSample } from './to-wire.js';
import type { RuntimeApi } from '../api/runtime-api.js';
import type { HomewardStore } from '../store/open-store.js';
import { wallClock } from '../base/clock.js';
import { rendererDir } from './renderer-dir.js';
import type { RuntimeSetup } from './runtime-setup.js';

export interface ServiceOptions {
  readonly store?: boolean;
  readonly mqtt?: boolean;
  readonly web?: boolean;
  /** Overrides web.port (tests: 0). */
  readonly webPort?: number;
  /** Overrides the data directory (tests: a temporary one). */
  readonly dataDir?: string;
  /** The store's 32-byte key from Electron's safeStorage; without it a 0600 key file is used. */
  readonly storeKey?: Buffer;
}

/** What the API reads of the store. */
export type HistoryStore = Pick<HomewardStore, 'events' | 'runs' | 'trace' | 'signalHistory'>;

export interface RuntimeServices {
  readonly store: HomewardStore | null;
  readonly webUrl: string | null;
  readonly pairingToken: string | null;
  readonly mqttUrl: string | null;
  /** Writes the runtime's changes to the store; returns the subscription. */
  record(changes: RecordedChanges): Subscription;
  stop(): Promise<void>;
}

/** The config names PEM files; the bridge takes their text. */
function readTls(tls: { ca?: string; cert?: string; key?: string; reject_unauthorized: boolean }): { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean } {
  const read = (file: string | undefined): string | undefined => (file === undefined ? undefined : readFileSync(file, 'utf8'));
  const [ca, cert, key] = [read(tls.ca), read(tls.cert), read(tls.key)];
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), rejectUnauthorized: tls.reject_unauthorized };
}

/** What the store keeps, taken at the source (not from the wire stream, which only clients pay for). */
export interface RecordedChanges {
  readonly signals$: Observable<VssSample>;
  readonly devices$: Observable<DeviceInfo>;
  readonly runs$: Observable<RunInfo>;
}

interface Parts {
  readonly api: RuntimeApi;
  readonly scheduler: SchedulerLike;
  readonly onUnexpectedError: (error: unknown) => void;
}

export async function startServices(setup: RuntimeSetup, options: ServiceOptions = {}, parts: Parts): Promise<RuntimeServices> {
  const { config } = setup;
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop();
    stops.length = 0;
  };
  // Each service's modules load only when it is on: a replay or a test pays for none of them.
  const wantStore = options.store ?? config.storage.enabled;
  const wantMqtt = options.mqtt ?? config.mqtt.enabled;
  const wantWeb = options.web ?? config.web.enabled;
  const dataDir = options.dataDir ?? (config.storage.path ? join(config.storage.path, '..') : wantStore || wantMqtt ? (await import('../store/open-store.js')).defaultDataDir() : '');
  let store: HomewardStore | null = null;
  let webUrl: string | null = null;
  let pairingToken: string | null = null;
  let mqttUrl: string | null = null;
  try {
    if (wantStore) {
      const { openStore } = await import('../store/open-store.js');
      const { StoreError } = await import('../store/errors.js');
      const path = options.dataDir ? join(options.dataDir, 'homeward.db') : (config.storage.path ?? join(dataDir, 'homeward.db'));
      try {
        const opened = openStore({
          path,
          scheduler: parts.scheduler,
          // Commits follow real time even when the runtime runs on a replay's or the demo's clock.
          batchScheduler: wallClock,
          ...(options.storeKey ? { key: options.storeKey } : {}),
          retention: { maxAgeDays: config.storage.retention_days, maxSizeMb: config.storage.max_size_mb },
          signalIntervalS: config.storage.signal_interval_s,
        });
        store = opened;
        // Tokens at rest only sealed (AES-256-GCM): the history never holds one in clear.
        for (const d of setup.devices) opened.saveDeviceToken(d.id, d.token);
        const errors = opened.errors$.subscribe((e) => parts.onUnexpectedError(e));
        stops.push(() => {
          errors.unsubscribe();
          opened.close();
        });
      } catch (error) {
        // A corrupt or locked database costs the history, not the car or the home.
        if (!(error instanceof StoreError)) throw error;
        parts.onUnexpectedError(error);
      }
    }
    if (wantMqtt) {
      const { startMqttBridge } = await import('../mqtt/start-mqtt-bridge.js');
      const { createMqttOutboxStore } = await import('../store/mqtt-outbox-store.js');
      const m = config.mqtt;
      let url = m.url;
      let username = m.username;
      let password = m.password;
      if (!url) {
        const { startEmbeddedBroker } = await import('../mqtt/start-embedded-broker.js');
        const broker = await startEmbeddedBroker({ dataDir, port: m.embedded?.port ?? 0 });
        stops.push(() => broker.stop());
        ({ url, username, password } = broker);
      }
      const bridge = startMqttBridge({
        api: parts.api,
        scheduler: parts.scheduler,
        url,
        ...(username ? { username } : {}),
        ...(password ? { password } : {}),
        clientId: m.client_id ?? `homeward-${process.pid}`,
        // aedes speaks MQTT 3.1.1 only.
        protocolVersion: m.url ? m.protocol_version : 4,
        baseTopic: m.base_topic,
        discoveryPrefix: m.discovery_prefix,
        discovery: m.discovery,
        birthTopic: m.birth_topic,
        ...(m.tls ? { tls: readTls(m.tls) } : {}),
        ...(store ? { stores: { incoming: createMqttOutboxStore(store, 'incoming'), outgoing: createMqttOutboxStore(store, 'outgoing') } } : {}),
        onUnexpectedError: parts.onUnexpectedError,
      });
      stops.push(() => bridge.stop());
      mqttUrl = url;
    }
    if (wantWeb) {
      const { startApiServer } = await import('../api/server.js');
      const server = await startApiServer({
        api: parts.api,
        host: config.web.host,
        port: options.webPort ?? config.web.port,
        staticDir: rendererDir(),
        ...(config.web.pairing_token ? { pairingToken: config.web.pairing_token } : {}),
        rateLimitPerS: config.web.rate_limit_per_s,
        onUnexpectedError: parts.onUnexpectedError,
      });
      stops.push(() => server.stop());
      webUrl = server.url;
      pairingToken = server.pairingToken;
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    store,
    webUrl,
    pairingToken,
    mqttUrl,
    record: ({ signals$, devices$, runs$ }) => {
      const subscription = new Subscription();
      if (!store) return subscription;
      const s = store;
      // The store queues and reports its own failures on errors$; a throw here would end the stream.
      const guarded = <T>(write: (value: T) => void) => (value: T): void => {
        try {
          write(value);
        } catch (error) {
          parts.onUnexpectedError(error);
        }
      };
      // A stale flip is not a new value: history keeps what the car said.
      subscription.add(signals$.subscribe(guarded((sample: VssSample) => !sample.stale && s.recordSignal(wireSample(sample)))));
      subscription.add(devices$.subscribe(guarded((device: DeviceInfo) => s.recordDevice(device))));
      subscription.add(runs$.subscribe(guarded((run: RunInfo) => s.appendRun(run))));
      return subscription;
    },
    stop: stopAll,
  };
}
