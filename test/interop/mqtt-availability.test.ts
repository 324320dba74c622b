import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import { startMqttBridge } from '../../core/mqtt/start-mqtt-bridge.js';
import { hasMosquitto, startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.js';
import { startMqttSpy } from '../helpers/mqtt-spy.js';
import { requirePeer } from '../helpers/peers.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { TestRuntime } from '../helpers/test-runtime.js';
import { pause, waitFor } from '../helpers/wait-for.js';
import { openBridge, type BrokerUnderTest } from './mqtt-bridge-fixture.js';

/**
 * Availability, the last will, reconnects with back-off and MQTT 5 request/response, against
 * mosquitto through a TCP relay the test can cut (the car's Wi-Fi dropping in the garage).
 */
const ready = requirePeer('mosquitto', hasMosquitto(), 'apt-get install -y mosquitto mosquitto-clients');

describe.skipIf(!ready)('MQTT bridge availability and reconnects (mosquitto)', () => {
  let broker: MosquittoBroker;
  let proxy: TcpProxy;
  let target: BrokerUnderTest;
  beforeAll(async () => {
    broker = await startMosquitto();
    proxy = await startTcpProxy(broker.port);
    target = { name: 'mosquitto', url: broker.url, username: broker.username, password: broker.password, protocolVersion: 4 };
  });
  afterAll(async () => {
    await proxy?.close();
    await broker?.close();
  });

  it('says online (retained); the broker sends the will "offline" when the link dies; online again after the reconnect; offline at stop', async () => {
    const f = await openBridge(target, { url: proxy.url });
    const status = `${f.base}/status`;
    const seen: boolean[] = [];
    const watching = f.bridge.connected$.subscribe((c) => seen.push(c));
    try {
      await f.spy.next(status, (m) => m.text === 'online');
      proxy.cut();
      await f.spy.next(status, (m) => m.text === 'offline');
      await waitFor(() => f.spy.on(status).filter((m) => m.text === 'online').length === 2, { what: 'online after the reconnect' });
      await waitFor(() => seen.length === 3, { what: 'connected$ true again' });
      expect(seen).toEqual([true, false, true]);
      await f.bridge.stop();
      await f.spy.next(status, (m) => m.text === 'offline' && f.spy.on(status).indexOf(m) > 2);
      const after = await f.lateSpy(status);
      expect(await after.next(status)).toMatchObject({ text: 'offline', retain: true });
      expect(seen.at(-1)).toBe(false);
    } finally {
      watching.unsubscribe();
      await f.close();
    }
  });

  it('backs off between reconnects, keeps QoS 1 events, and sends only the latest state when back', async () => {
    const f = await openBridge(target, { url: proxy.url });
    try {
      const speed = `${f.base}/vss/Vehicle/Speed`;
      f.runtime.signal('Vehicle.Speed', 10);
      await f.spy.next(speed);
      proxy.block();
      proxy.cut();
      await firstValueFrom(f.bridge.connected$.pipe(filter((c) => !c)));
      const before = proxy.attempts;
      for (const v of [20, 30, 40]) f.runtime.signal('Vehicle.Speed', v);
      for (let i = 0; i < 10; i++) f.runtime.event('car.moved', { i });
      await pause(1500);
      const attempts = proxy.attempts - before;
      // 50, 100, 200, 400, 400, 400 ms: about 6 in 1.5 s (a fixed 50 ms period would make ~30).
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect(attempts).toBeLessThanOrEqual(9);
      proxy.unblock();
      f.clock.advanceBy(1000);
      await waitFor(() => f.spy.on(`${f.base}/event/car.moved`).length >= 10, { what: '10 events', timeoutMs: 5000 });
      expect(f.spy.on(`${f.base}/event/car.moved`).map((m) => (JSON.parse(m.text) as { evidence: { i: number } }).evidence.i)).toEqual([...Array(10).keys()]);
      await f.spy.next(speed, (m) => m.text === '40');
      expect(f.spy.on(speed).map((m) => m.text)).toEqual(['10', '40']);
      expect(f.outages).toBe(0); // the relay accepts and drops: a closed link, not an unreachable host
      expect(f.errors).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it('loses nothing when the link drops again while mqtt.js is still resending its backlog (MQTT.js#2015)', async () => {
    const f = await openBridge(target, { url: proxy.url });
    try {
      const topic = `${f.base}/event/drive.tick`;
      const got = (): number[] => f.spy.on(topic).map((m) => (JSON.parse(m.text) as { evidence: { i: number } }).evidence.i);
      proxy.block();
      proxy.cut();
      await firstValueFrom(f.bridge.connected$.pipe(filter((c) => !c)));
      let i = 0;
      for (; i < 2000; i++) f.runtime.event('drive.tick', { i });
      proxy.unblock();
      // The backlog goes out one message at a time: publish more in the middle of it, then cut again.
      await waitFor(() => got().length >= 50, { what: 'the resend under way', everyMs: 1 });
      for (; i < 2100; i++) f.runtime.event('drive.tick', { i });
      const resentBeforeCut = got().length;
      proxy.cut();
      await waitFor(() => new Set(got()).size === 2100, { what: '2100 distinct events', timeoutMs: 15_000 });
      const firstSeen = [...new Set(got())];
      expect(firstSeen).toEqual([...Array(2100).keys()]);
      process.stdout.write(`second drop after ${resentBeforeCut} resent: ${got().length - 2100} duplicates\n`);
      expect(f.errors).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it('reports a refused login once and keeps retrying', async () => {
    const errors: unknown[] = [];
    const before = proxy.attempts;
    const bridge = startMqttBridge({
      api: new TestRuntime(), scheduler: new ManualClock(), url: proxy.url, username: broker.username, password: 'wrong-password',
      clientId: 'bridge-refused', protocolVersion: 4, baseTopic: `refused-${process.pid}`, discoveryPrefix: 'ha-refused', discovery: true,
      birthTopic: 'ha-refused/status', reconnect: { initialMs: 50, maxMs: 100 }, onUnexpectedError: (e) => errors.push(e),
    });
    try {
      await waitFor(() => errors.length > 0, { what: 'the refusal' });
      await pause(400);
      expect(errors.map(String)).toEqual([expect.stringMatching(/not authorized|bad user/i)]);
      expect(proxy.attempts - before).toBeGreaterThanOrEqual(3);
    } finally {
      await bridge.stop();
    }
  });

  it('MQTT 5: replies on the Response Topic with the Correlation Data', async () => {
    const f = await openBridge({ ...target, protocolVersion: 5 });
    const client = await startMqttSpy({ ...target, protocolVersion: 5, filter: `app-${f.base}/#` });
    try {
      const correlationData = Buffer.from([1, 2, 3, 250]);
      await client.publish(`${f.base}/cmd/scene.run`, '{"scene":"arrive"}', { qos: 1, properties: { responseTopic: `app-${f.base}/r`, correlationData } });
      await client.publish(`${f.base}/cmd/scene.run`, '{"scene":"nope"}', { qos: 1, properties: { responseTopic: `app-${f.base}/r`, correlationData: Buffer.from('two') } });
      await waitFor(() => client.on(`app-${f.base}/r`).length === 2, { what: 'two replies' });
      const [ok, bad] = client.on(`app-${f.base}/r`);
      expect(JSON.parse(ok.text)).toMatchObject({ ok: true, method: 'scene.run' });
      expect(Buffer.from(ok.properties?.correlationData as Buffer)).toEqual(correlationData);
      expect(JSON.parse(bad.text)).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(Buffer.from(bad.properties?.correlationData as Buffer).toString()).toBe('two');
      // A Response Topic the bridge must not publish to (Home Assistant's discovery) is refused.
      await client.publish(`${f.base}/cmd/scene.run`, '{"scene":"arrive"}', { qos: 1, properties: { responseTopic: `${f.prefix}/button/x/y/config` } });
      const refusal = await f.spy.next(`${f.base}/reply/scene.run`);
      expect(JSON.parse(refusal.text)).toMatchObject({ ok: false, error: { code: 'bad_response_topic' } });
      expect(f.runtime.calls).toHaveLength(2);
    } finally {
      await client.close();
      await f.close();
    }
  });
});
