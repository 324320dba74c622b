import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import { createMqttOutboxStore } from '../../core/store/mqtt-outbox-store.js';
import { openStore, type HomewardStore } from '../../core/store/open-store.js';
import { hasMosquitto, startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.js';
import { startMqttSpy, type MqttSpy } from '../helpers/mqtt-spy.js';
import { requirePeer } from '../helpers/peers.js';
import { TestRuntime } from '../helpers/test-runtime.js';
import { pause, waitFor } from '../helpers/wait-for.js';
import { openBridge, type BrokerUnderTest } from './mqtt-bridge-fixture.js';

/**
 * Store-and-forward against a real mosquitto that is stopped and restarted (with persistence, so the
 * receiver's session and its queue survive, as a home broker's would): QoS 1 events published while
 * the broker is away wait in SQLite (the mqtt_outbox table behind mqtt.js's outgoingStore) and go
 * out in order after the reconnect. QoS 1 allows duplicates (a message in flight at the cut is
 * sent again); the test counts them and dedupes on event_id, as a consumer would.
 */
const ready = requirePeer('mosquitto', hasMosquitto(), 'apt-get install -y mosquitto mosquitto-clients');

interface Received {
  readonly ids: string[];
  readonly order: number[];
  readonly duplicates: number;
}

function received(spy: MqttSpy, topic: string): Received {
  const seen = new Set<string>();
  const order: number[] = [];
  let duplicates = 0;
  for (const m of spy.on(topic)) {
    const body = JSON.parse(m.text) as { event_id: string; evidence: { i: number } };
    if (seen.has(body.event_id)) {
      duplicates += 1;
      continue;
    }
    seen.add(body.event_id);
    order.push(body.evidence.i);
  }
  return { ids: [...seen], order, duplicates };
}

const outboxRows = (store: HomewardStore): number =>
  (store.database.prepare("SELECT count(*) AS n FROM mqtt_outbox WHERE store = 'outgoing'").get() as { n: number }).n;

describe.skipIf(!ready)('MQTT store-and-forward through a broker restart', () => {
  let broker: MosquittoBroker;
  let dir: string;
  let target: BrokerUnderTest;
  beforeAll(async () => {
    broker = await startMosquitto({ persistence: true });
    dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-outbox-'));
    target = { name: 'mosquitto', url: broker.url, username: broker.username, password: broker.password, protocolVersion: 4 };
  });
  afterAll(async () => {
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A receiver with a persistent session: the broker queues QoS 1 for it while it is away. */
  const receiver = async (base: string): Promise<MqttSpy> => {
    const spy = await startMqttSpy({ ...target, filter: `${base}/event/#`, clientId: `receiver-${base}`, clean: false });
    return spy;
  };

  for (const protocolVersion of [4, 5] as const) {
    it(`MQTT ${protocolVersion === 4 ? '3.1.1' : '5'}: every QoS 1 event of a drive arrives, in order, though the broker was down for a while`, async () => {
      const store = openStore({ path: path.join(dir, `drive-v${protocolVersion}.db`), scheduler: new ManualClock() });
      const base = `sf${protocolVersion}-${process.pid}`;
      const topic = `${base}/event/drive.tick`;
      const spy = await receiver(base);
      const stores = { incoming: createMqttOutboxStore(store, 'incoming'), outgoing: createMqttOutboxStore(store, 'outgoing') };
      const f = await openBridge({ ...target, protocolVersion }, { base, stores, spy });
      try {
        let i = 0;
        const drive = async (count: number): Promise<void> => {
          for (const end = i + count; i < end; i++) {
            f.runtime.event('drive.tick', { i });
            if (i % 10 === 0) await pause(2);
          }
        };
        await drive(150);
        await broker.stop(); // the home broker restarts mid-drive
        await drive(150);
        expect(outboxRows(store)).toBeGreaterThanOrEqual(150); // waiting in SQLite, not in memory
        await pause(300); // a few failed reconnects (back-off 50 → 400 ms)
        await broker.start();
        await drive(150);
        await waitFor(() => received(spy, topic).ids.length >= 450, { what: '450 distinct events', timeoutMs: 15_000 });
        const got = received(spy, topic);
        expect(got.order).toEqual([...Array(450).keys()]);
        process.stdout.write(`store-and-forward v${protocolVersion}: 450 events, ${got.duplicates} duplicates (QoS 1 resends)\n`);
        expect(got.duplicates).toBeLessThan(150);
        await waitFor(() => outboxRows(store) === 0, { what: 'an empty outbox' });
        expect(f.errors).toEqual([]);
      } finally {
        await f.close();
        await spy.close();
        store.close();
      }
    });
  }

  it('events stored while the broker was away survive a restart of Homeward and go out first, in order', async () => {
    const file = path.join(dir, 'restart.db');
    const base = `sfr-${process.pid}`;
    const topic = `${base}/event/drive.tick`;
    const spy = await receiver(base);
    const storeOne = openStore({ path: file, scheduler: new ManualClock() });
    const one = await openBridge(target, {
      base, spy, stores: { incoming: createMqttOutboxStore(storeOne, 'incoming'), outgoing: createMqttOutboxStore(storeOne, 'outgoing') },
    });
    await broker.stop();
    for (let i = 0; i < 100; i++) one.runtime.event('drive.tick', { i });
    await waitFor(() => outboxRows(storeOne) >= 100, { what: '100 rows in the outbox' });
    await one.close(); // Homeward shuts down (or the head unit loses power) with the broker still away
    storeOne.close();

    const storeTwo = openStore({ path: file, scheduler: new ManualClock() });
    expect(outboxRows(storeTwo)).toBeGreaterThanOrEqual(100);
    const runtime = new TestRuntime();
    const connectTwo = openBridge(target, {
      base, spy, runtime, stores: { incoming: createMqttOutboxStore(storeTwo, 'incoming'), outgoing: createMqttOutboxStore(storeTwo, 'outgoing') },
    });
    await broker.start();
    const two = await connectTwo;
    try {
      for (let i = 100; i < 150; i++) runtime.event('drive.tick', { i });
      await waitFor(() => received(spy, topic).ids.length >= 150, { what: '150 distinct events', timeoutMs: 8000 }).catch((error: unknown) => {
        const got = received(spy, topic);
        throw new Error(`${String(error)}: got ${got.ids.length} (…${got.order.slice(-5).join(',')}), outbox ${outboxRows(storeTwo)}, errors ${two.errors.map(String).join('; ')}; broker: ${broker.log().slice(-1000)}`);
      });
      const got = received(spy, topic);
      expect(got.order).toEqual([...Array(150).keys()]);
      process.stdout.write(`store-and-forward across a restart: 150 events, ${got.duplicates} duplicates\n`);
      await waitFor(() => outboxRows(storeTwo) === 0, { what: 'an empty outbox' });
      expect(two.errors).toEqual([]);
    } finally {
      await two.close();
      await spy.close();
      storeTwo.close();
    }
  });
});
