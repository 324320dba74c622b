import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HomewardConfig } from '../../core/runtime/config/schema.js';
import { createRuntime, type Runtime } from '../../core/runtime/create-runtime.js';
import type { CarEvent } from '../../core/vehicle/events/car-event.js';
import { checkDiscoveryConfig } from '../helpers/ha-discovery-schema.js';
import { hasMosquitto, startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.js';
import { startMqttSpy, type MqttSpy } from '../helpers/mqtt-spy.js';
import { requirePeer } from '../helpers/peers.js';
import { testConfig } from '../helpers/runtime-fixture.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * End to end: the real runtime (createRuntime, the demo config, the demo drive at max speed, the
 * simulated devices, the SQLite store) with its MQTT bridge on a real mosquitto, watched as Home
 * Assistant would watch it.
 */
const ready = requirePeer('mosquitto', hasMosquitto(), 'apt-get install -y mosquitto mosquitto-clients');

describe.skipIf(!ready)('the runtime on MQTT (demo drive → mosquitto)', () => {
  let broker: MosquittoBroker;
  let dataDir: string;
  let config: HomewardConfig;
  let runtime: Runtime;
  let spy: MqttSpy;
  let everything: MqttSpy;
  const events: CarEvent[] = [];
  const errors: unknown[] = [];
  const base = `e2e-${process.pid}`;
  const prefix = `ha-${base}`;

  beforeAll(async () => {
    broker = await startMosquitto();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'homeward-mqtt-e2e-'));
    const login = { url: broker.url, username: broker.username, password: broker.password };
    spy = await startMqttSpy({ ...login, filter: [`${base}/#`, `${prefix}/#`] });
    everything = await startMqttSpy(login);
    const demo = await testConfig({ net: '127.61.8' });
    config = {
      ...demo,
      mqtt: { ...demo.mqtt, enabled: true, url: broker.url, username: broker.username, password: broker.password, protocol_version: 4,
        base_topic: base, discovery_prefix: prefix, birth_topic: `${prefix}/status`, client_id: `homeward-${base}` },
    };
    runtime = await createRuntime(config, { speed: 'max', services: { store: true, mqtt: true, web: false, dataDir }, onUnexpectedError: (e) => errors.push(e) });
    runtime.events$.subscribe((e) => events.push(e));
    await runtime.start();
    await runtime.sourceDone;
    await runtime.idle();
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    await spy?.close();
    await everything?.close();
    await broker?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes every car event of the drive once, in order, with QoS 1', async () => {
    const eventMessages = () => spy.messages.filter((m) => m.topic.startsWith(`${base}/event/`));
    await waitFor(() => eventMessages().length >= events.length && events.length > 0, { what: 'the car events' });
    expect(eventMessages().map((m) => m.topic.slice(`${base}/event/`.length))).toEqual(events.map((e) => e.name));
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['home.approaching', 'vehicle.parked', 'home.arrived']));
    expect(eventMessages().every((m) => m.qos === 1 && !m.retain)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('ends with the car home, parked, and its state rate-limited on the replay clock', async () => {
    await spy.next(`${base}/car/presence`, (m) => m.text === 'home', 10_000);
    const location = JSON.parse(spy.on(`${base}/car/location`).at(-1)!.text) as Record<string, number>;
    expect(Object.keys(location).sort()).toEqual(expect.arrayContaining(['latitude', 'longitude']));
    const speeds = spy.on(`${base}/vss/Vehicle/Speed`);
    expect(speeds.length).toBeGreaterThan(10);
    const texts = speeds.map((m) => m.text);
    for (let i = 1; i < texts.length; i++) expect(texts[i], 'an unchanged value re-sent').not.toBe(texts[i - 1]);
  });

  it('announces the demo car, its scenes and automations in HA discovery, key by key', async () => {
    const expected = 7 + config.scenes.length + config.automations.length;
    const configs = () => spy.messages.filter((m) => m.topic.startsWith(`${prefix}/`) && m.topic.endsWith('/config') && m.payload.length > 0);
    await waitFor(() => new Set(configs().map((m) => m.topic)).size === expected, { what: `${expected} configs` });
    for (const m of configs()) expect(checkDiscoveryConfig(m.topic, prefix, JSON.parse(m.text) as Record<string, unknown>), m.topic).toEqual([]);
    expect(configs().filter((m) => m.topic.includes('/button/'))).toHaveLength(config.scenes.length);
  });

  it('runs a demo scene on command and answers; a bad one is refused', async () => {
    const scene = config.scenes[0].id;
    await spy.publish(`${base}/cmd/scene.run`, JSON.stringify({ scene, correlation_id: 1 }), { qos: 1 });
    await spy.publish(`${base}/cmd/device.set`, JSON.stringify({ device: 'plug', property: 'power', value: 'maybe', correlation_id: 2 }), { qos: 1 });
    const replies = () => spy.on(`${base}/reply/scene.run`).concat(spy.on(`${base}/reply/device.set`)).map((m) => JSON.parse(m.text) as Record<string, unknown>);
    await waitFor(() => replies().length === 2, { what: 'two replies', timeoutMs: 15_000 });
    expect(replies().find((r) => r.correlation_id === 1)).toMatchObject({ ok: true, method: 'scene.run', result: { scene } });
    expect(replies().find((r) => r.correlation_id === 2)).toMatchObject({ ok: false });
  });

  it('never puts a device token or the broker password on any topic', () => {
    const secrets = [...config.devices.map((d) => String(d.token)), broker.password].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(1);
    const all = everything.messages.map((m) => `${m.topic}\n${m.text}\n${m.payload.toString('hex')}`).join('\n');
    for (const secret of secrets) expect(all.includes(secret) || all.includes(secret.toLowerCase())).toBe(false);
    expect(everything.messages.length).toBeGreaterThan(50);
  });
});

describe.skipIf(!ready)('the runtime on MQTT: the broker is down for the whole drive', () => {
  it('keeps every car event of the drive in the SQLite outbox and delivers them in order once the broker is back', async () => {
    const broker = await startMosquitto({ persistence: true });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'homeward-mqtt-e2e-outage-'));
    const base = `e2e-outage-${process.pid}`;
    const receiver = await startMqttSpy({ url: broker.url, username: broker.username, password: broker.password, filter: `${base}/event/#`, clientId: `receiver-${base}`, clean: false });
    let runtime: Runtime | undefined;
    try {
      await broker.stop();
      const demo = await testConfig({ net: '127.61.7' });
      const config: HomewardConfig = {
        ...demo,
        mqtt: { ...demo.mqtt, enabled: true, url: broker.url, username: broker.username, password: broker.password, protocol_version: 4,
          base_topic: base, discovery_prefix: `ha-${base}`, birth_topic: `ha-${base}/status`, client_id: `homeward-${base}` },
      };
      const events: CarEvent[] = [];
      const errors: unknown[] = [];
      runtime = await createRuntime(config, { speed: 'max', services: { store: true, mqtt: true, web: false, dataDir }, onUnexpectedError: (e) => errors.push(e) });
      runtime.events$.subscribe((e) => events.push(e));
      await runtime.start();
      await runtime.sourceDone;
      await runtime.idle();
      const store = runtime.services?.store;
      expect(store).toBeTruthy();
      const waiting = (store!.database.prepare("SELECT count(*) AS n FROM mqtt_outbox WHERE store = 'outgoing'").get() as { n: number }).n;
      expect(events.length).toBeGreaterThan(3);
      expect(waiting).toBeGreaterThanOrEqual(events.length); // the events, plus retained state in flight
      await broker.start();
      const delivered = (): string[] => {
        const seen = new Set<string>();
        const order: string[] = [];
        for (const m of receiver.messages) {
          const body = JSON.parse(m.text) as { event_id: string; name: string };
          if (!seen.has(body.event_id)) order.push(body.name);
          seen.add(body.event_id);
        }
        return order;
      };
      await waitFor(() => delivered().length >= events.length, { what: `${events.length} events after the outage`, timeoutMs: 15_000 });
      expect(delivered()).toEqual(events.map((e) => e.name));
      expect(errors.filter((e) => !String(e).includes('unreachable'))).toEqual([]);
    } finally {
      await runtime?.stop();
      await receiver.close();
      await broker.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
