// Hostile traffic at the simulator on loopback: one bad datagram is counted and dropped (or
// answered with an error), never the end of the socket, the device or its neighbours.
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { encodePacket } from '../miio/packet.js';
import { hostileDatagrams } from '../miio/testing/hostile-datagrams.js';
import { parseToken } from '../miio/token.js';
import { simConfigSchema } from './config.js';
import { call } from './probe.js';
import type { SimulatedDeviceHandle } from './server.js';
import { startSimulatedDevices, type SimulatedDevices } from './start.js';

const TOKEN = '8899aabbccddeeff0011223344556677';
let running: SimulatedDevices | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.close();
  socket = undefined;
  await running?.stop();
  running = undefined;
});

async function start(unexpected: unknown[]): Promise<SimulatedDevices> {
  running = await startSimulatedDevices(
    simConfigSchema.parse({
      port: 0,
      devices: [
        { model: 'chuangmi.plug.m1', did: 0x0badcaf1, token: TOKEN, address: '127.0.0.45' },
        { model: 'zhimi.airp.mb4a', did: 0x0badcaf2, token: TOKEN, address: '127.0.0.46' },
      ],
    }),
    { scheduler: new ManualClock(), onUnexpectedError: (error) => unexpected.push(error) },
  );
  return running;
}

/** Sends each datagram and waits (in event-loop turns, never the wall clock) until the device has read it. */
async function blast(h: SimulatedDeviceHandle, packets: readonly Buffer[]): Promise<void> {
  socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket?.bind(0, '127.0.0.1', resolve));
  for (const packet of packets) {
    const before = h.stats().datagrams;
    socket.send(packet, h.port, h.address);
    for (let turn = 0; h.stats().datagrams === before; turn++) {
      if (turn > 10_000) expect.fail(`the device never read a ${packet.length}-byte datagram`);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

async function answersCorrectly(h: SimulatedDeviceHandle): Promise<void> {
  const [info] = (await call(h, 'miIO.info', [], { id: 9001 })) as { result: { model: string }; id: number }[];
  expect(info).toMatchObject({ id: 9001, result: { model: h.model } });
}

describe('the simulator under hostile traffic', () => {
  it('survives {"id":1e400,"method":"x"} with valid crypto (it killed all devices before), and answers the next request', async () => {
    const unexpected: unknown[] = [];
    const sim = await start(unexpected);
    const [plug, purifier] = sim.devices;
    const packet = encodePacket({ did: plug.did, stamp: 1001, token: parseToken(TOKEN), payload: Buffer.from('{"id":1e400,"method":"x"}') });
    await blast(plug, [packet]);
    expect(plug.stats()).toMatchObject({ datagrams: 1, droppedMalformed: 1, requests: 0, replies: 0 });
    await answersCorrectly(plug);
    await answersCorrectly(purifier);
    expect(unexpected).toEqual([]);
  });

  it.each(['chuangmi.plug.m1', 'zhimi.airp.mb4a'])('%s: random, truncated, bit-flipped, lying, broken, non-finite, deep, oversize: counted, and it keeps answering', async (model) => {
    const unexpected: unknown[] = [];
    const sim = await start(unexpected);
    const h = sim.devices.find((d) => d.model === model) as SimulatedDeviceHandle;
    const other = sim.devices.find((d) => d !== h) as SimulatedDeviceHandle;
    const hostile = hostileDatagrams(parseToken(TOKEN), { role: 'request', did: h.did, seed: 6 });
    await blast(h, hostile.map((d) => d.buf));
    const stats = h.stats();
    expect(stats.datagrams).toBe(hostile.length);
    // Every datagram is accounted for: read as hello or request, or dropped with a reason.
    expect(stats.hellos + stats.requests + stats.droppedWrongToken + stats.droppedMalformed).toBe(hostile.length);
    expect(stats.droppedMalformed).toBeGreaterThan(hostile.length / 2);
    await answersCorrectly(h);
    expect((await call(h, 'get_prop', ['power'], { id: 9002 }))[0]).toMatchObject({ id: 9002 });
    await answersCorrectly(other);
    // What failed inside the device went to the one sink, as errors, and nowhere else.
    expect(unexpected.every((error) => error instanceof Error)).toBe(true);
    expect(stats.internalErrors).toBe(unexpected.length);
  });
});
