import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { createMqttOutboxStore, type OutboxPacket } from './mqtt-outbox-store.js';
import { openStore, type HomewardStore } from './open-store.js';

/** The cases of MQTT.js's abstract store tests (test/node/abstract_store.ts), over a real SQLite file. */
const publish = (messageId: number, payload = `m${messageId}`): OutboxPacket => ({
  cmd: 'publish', topic: 'homeward/event/home.arrived', payload: Buffer.from(payload), qos: 1, retain: false, dup: false, messageId,
});

const call = <T>(fn: (cb: (error?: Error | null, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value as T))));

async function drain(stream: Readable): Promise<OutboxPacket[]> {
  const packets: OutboxPacket[] = [];
  for await (const packet of stream) packets.push(packet as OutboxPacket);
  return packets;
}

describe('MqttOutboxStore', () => {
  let dir: string;
  let store: HomewardStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-outbox-'));
    store = openStore({ path: path.join(dir, 'homeward.db'), scheduler: new ManualClock() });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts and gets a packet, Buffers and MQTT 5 properties intact', async () => {
    const outgoing = createMqttOutboxStore(store, 'outgoing');
    const packet = { ...publish(7), properties: { correlationData: Buffer.from([0, 255]), userProperties: { a: 'b' }, messageExpiryInterval: 60 } };
    await call((cb) => outgoing.put(packet, cb));
    const got = await call<OutboxPacket>((cb) => outgoing.get({ messageId: 7 }, cb));
    expect(got).toEqual(packet);
    expect(Buffer.isBuffer(got.payload)).toBe(true);
  });

  it('del hands back the removed packet; get and del of a missing one fail with "missing packet"', async () => {
    const outgoing = createMqttOutboxStore(store, 'outgoing');
    await call((cb) => outgoing.put(publish(1), cb));
    expect(await call<OutboxPacket>((cb) => outgoing.del({ messageId: 1 }, cb))).toEqual(publish(1));
    await expect(call((cb) => outgoing.get({ messageId: 1 }, cb))).rejects.toThrow('missing packet');
    await expect(call((cb) => outgoing.del({ messageId: 1 }, cb))).rejects.toThrow('missing packet');
  });

  it('streams in first-put order; a put with the same id replaces the packet but keeps its place', async () => {
    const outgoing = createMqttOutboxStore(store, 'outgoing');
    for (const id of [40000, 3, 65535, 1]) await call((cb) => outgoing.put(publish(id), cb));
    await call((cb) => outgoing.put({ cmd: 'pubrel', messageId: 3 }, cb)); // QoS 2: the pubrel replaces the publish
    expect((await drain(outgoing.createStream())).map((p) => [p.messageId, p.cmd])).toEqual([[40000, 'publish'], [3, 'pubrel'], [65535, 'publish'], [1, 'publish']]);
  });

  it('a stream holds what was stored when it began, pages through a large backlog and skips rows deleted meanwhile', async () => {
    const outgoing = createMqttOutboxStore(store, 'outgoing');
    for (let id = 1; id <= 300; id++) await call((cb) => outgoing.put(publish(id), cb));
    const stream = outgoing.createStream();
    await call((cb) => outgoing.put(publish(301), cb));
    await call((cb) => outgoing.del({ messageId: 200 }, cb));
    const ids = (await drain(stream)).map((p) => p.messageId);
    expect(ids).toEqual([...Array(300).keys()].map((i) => i + 1).filter((id) => id !== 200));
  });

  it('commits the puts and dels of one turn together, each callback after the commit', async () => {
    const outgoing = createMqttOutboxStore(store, 'outgoing');
    const done: number[] = [];
    for (let id = 1; id <= 50; id++) outgoing.put(publish(id), () => done.push(id));
    expect(done).toEqual([]); // not before the commit
    await Promise.resolve();
    expect(done).toHaveLength(50);
    expect(outgoing.commits).toBe(1);
    const removed: number[] = [];
    for (let id = 1; id <= 50; id += 2) outgoing.del({ messageId: id }, (_e, p) => removed.push(p!.messageId!));
    expect(outgoing.messageIds()).toHaveLength(25); // a read commits what is queued first
    expect(removed).toHaveLength(25);
    expect(outgoing.commits).toBe(2);
  });

  it('keeps the incoming and outgoing stores apart and lists the waiting ids', async () => {
    const incoming = createMqttOutboxStore(store, 'incoming');
    const outgoing = createMqttOutboxStore(store, 'outgoing');
    await call((cb) => incoming.put(publish(5, 'in'), cb));
    await call((cb) => outgoing.put(publish(5, 'out'), cb));
    await call((cb) => outgoing.put(publish(9), cb));
    expect(((await call<OutboxPacket>((cb) => incoming.get({ messageId: 5 }, cb))).payload as Buffer).toString()).toBe('in');
    expect(outgoing.messageIds().sort()).toEqual([5, 9]);
    expect(incoming.messageIds()).toEqual([5]);
  });

  it('close leaves the packets for the next run; they are there after reopening the file', async () => {
    const outgoing = createMqttOutboxStore(store, 'outgoing');
    for (const id of [8, 2, 4]) await call((cb) => outgoing.put(publish(id), cb));
    await call<void>((cb) => outgoing.close(cb));
    store.close();
    store = openStore({ path: path.join(dir, 'homeward.db'), scheduler: new ManualClock() });
    expect((await drain(createMqttOutboxStore(store, 'outgoing').createStream())).map((p) => p.messageId)).toEqual([8, 2, 4]);
  });

  it('answers a packet without a valid messageId, or a closed database, with an error (no throw)', async () => {
    const outgoing = createMqttOutboxStore(store, 'outgoing');
    await expect(call((cb) => outgoing.put({ cmd: 'publish' }, cb))).rejects.toThrow(/messageId/);
    await expect(call((cb) => outgoing.put(publish(70000), cb))).rejects.toThrow(/messageId/);
    store.close();
    await expect(call((cb) => outgoing.put(publish(1), cb))).rejects.toThrow();
    await expect(call((cb) => outgoing.get({ messageId: 1 }, cb))).rejects.toThrow();
  });
});
