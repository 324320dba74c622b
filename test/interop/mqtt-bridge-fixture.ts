import { filter, firstValueFrom } from 'rxjs';
import { ManualClock } from '../../core/base/manual-clock.js';
import { MqttUnreachableError } from '../../core/mqtt/errors.js';
import type { MqttStoreLike } from '../../core/mqtt/mqtt-store-like.js';
import { startMqttBridge, type MqttBridge, type MqttBridgeOptions } from '../../core/mqtt/start-mqtt-bridge.js';
import { startMqttSpy, type MqttSpy } from '../helpers/mqtt-spy.js';
import { TestRuntime } from '../helpers/test-runtime.js';

/** A broker the bridge tests run against (mosquitto or the embedded aedes). */
export interface BrokerUnderTest {
  readonly name: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly protocolVersion: 4 | 5;
}

export interface BridgeFixture {
  readonly runtime: TestRuntime;
  readonly bridge: MqttBridge;
  readonly clock: ManualClock;
  /** Subscribed to the bridge's topics (`<base>/#`, `<prefix>/#`) before it started: sees everything it published there. */
  readonly spy: MqttSpy;
  readonly base: string;
  readonly prefix: string;
  readonly birthTopic: string;
  /** What the bridge reported, except 'broker unreachable' (expected while a test stops the broker). */
  readonly errors: unknown[];
  readonly outages: number;
  /** A second subscriber that connects now: what a late client (HA after a restart) gets, retained. */
  lateSpy(filterTopic?: string): Promise<MqttSpy>;
  close(): Promise<void>;
}

let fixtures = 0;

export interface FixtureOptions {
  readonly runtime?: TestRuntime;
  readonly base?: string;
  readonly url?: string;
  readonly stores?: { incoming: MqttStoreLike; outgoing: MqttStoreLike };
  readonly bridge?: Partial<MqttBridgeOptions>;
  readonly spy?: MqttSpy;
}

/** One bridge on its own topics (`hw<n>-<pid>/…`, prefix `ha-…`), a spy, and a virtual clock for its rate limit. */
export async function openBridge(broker: BrokerUnderTest, options: FixtureOptions = {}): Promise<BridgeFixture> {
  fixtures += 1;
  const base = options.base ?? `hw${fixtures}-${process.pid}`;
  const prefix = `ha-${base}`;
  const birthTopic = `${prefix}/status`;
  const runtime = options.runtime ?? new TestRuntime();
  const clock = new ManualClock(1_764_000_000_000);
  const errors: unknown[] = [];
  let outages = 0;
  const login = { url: broker.url, username: broker.username, password: broker.password, protocolVersion: broker.protocolVersion };
  const spy = options.spy ?? (await startMqttSpy({ ...login, filter: [`${base}/#`, `${prefix}/#`], probeTopic: `${base}/probe/${fixtures}` }));
  const bridge = startMqttBridge({
    api: runtime, scheduler: clock, url: options.url ?? broker.url, username: broker.username, password: broker.password,
    clientId: `bridge-${base}`, protocolVersion: broker.protocolVersion, baseTopic: base, discoveryPrefix: prefix, discovery: true,
    birthTopic, minIntervalMs: 1000, reconnect: { initialMs: 50, maxMs: 400 },
    ...(options.stores ? { stores: options.stores } : {}),
    onUnexpectedError: (e) => {
      if (e instanceof MqttUnreachableError) outages += 1;
      else errors.push(e);
    },
    ...options.bridge,
  });
  await firstValueFrom(bridge.connected$.pipe(filter(Boolean)));
  const late: MqttSpy[] = [];
  return {
    runtime, bridge, clock, spy, base, prefix, birthTopic, errors,
    get outages() {
      return outages;
    },
    async lateSpy(filterTopic = '#') {
      const s = await startMqttSpy({ ...login, filter: filterTopic });
      late.push(s);
      return s;
    },
    async close() {
      await bridge.stop();
      for (const s of late) await s.close();
      if (options.spy === undefined) await spy.close();
    },
  };
}
