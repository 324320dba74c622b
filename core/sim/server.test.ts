import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { decodePacket } from '../miio/packet.js';
import { decodePayload } from '../miio/payload.js';
import { simConfigSchema, type SimConfigInput } from './config.js';
import { call, exchange, hello, rawPayloads, request, WRONG_TOKEN } from './probe.js';
import type { SimulatedDeviceHandle } from './server.js';
import { startSimulatedDevices, type SimulatedDevices } from './start.js';

const TOKEN = '00112233445566778899aabbccddeeff';
let running: SimulatedDevices | undefined;
/** The devices' clock: virtual, so a delayed reply waits for the test to move it. */
let clock = new ManualClock();

afterEach(async () => {
  await running?.stop();
  running = undefined;
  clock = new ManualClock();
});

/** One device on 127.0.0.N, a free port (tests run in parallel with other suites binding 54321). */
async function startOne(model: string, extra: Partial<SimConfigInput['devices'][number]> = {}, n = 21): Promise<SimulatedDeviceHandle> {
  running = await startSimulatedDevices(
    simConfigSchema.parse({ port: 0, devices: [{ model, did: 0x0badcafe, token: TOKEN, address: `127.0.0.${n}`, ...extra }] }),
    { scheduler: clock },
  );
  return running.devices[0];
}

describe('hello', () => {
  it('binds 127.0.0.N and answers every hello with did, a non-zero stamp and ff×16', async () => {
    const h = await startOne('zhimi.airpurifier.m1', {}, 33);
    expect(h.address).toBe('127.0.0.33');
    for (let i = 0; i < 3; i++) {
      const reply = await hello(h);
      expect(reply).toMatchObject({ did: 0x0badcafe, stamp: 1000 });
      expect(reply?.checksum.toString('hex')).toBe('ff'.repeat(16));
    }
    expect(h.stats().hellos).toBe(3);
  });

  it('reveals the token or hides it as 00×16 per knob', async () => {
    const h = await startOne('zhimi.airpurifier.m1', { faults: { helloToken: 'reveal' } });
    expect((await hello(h))?.checksum.toString('hex')).toBe(TOKEN);
    h.setFaults({ helloToken: '00' });
    expect((await hello(h))?.checksum.toString('hex')).toBe('00'.repeat(16));
  });

  it('restarts the stamp after a power cycle', async () => {
    const h = await startOne('chuangmi.plug.m1', { stampStart: 5000 });
    expect((await hello(h))?.stamp).toBe(5000);
    h.powerCycle();
    expect((await hello(h))?.stamp).toBe(1);
  });
});

describe('miIO methods over UDP', () => {
  it('miIO.info, get_prop, set then get', async () => {
    const h = await startOne('zhimi.airpurifier.m1');
    const [info] = (await call(h, 'miIO.info')) as { result: Record<string, unknown>; id: number }[];
    expect(info.result).toMatchObject({ model: 'zhimi.airpurifier.m1', fw_ver: '1.2.4_59', hw_ver: 'MW300', netif: { localIp: '127.0.0.21' } });
    expect(info.result.token).toBeUndefined();
    expect(await call(h, 'get_prop', ['power', 'mode', 'favorite_level'], { id: 7 })).toEqual([{ result: ['on', 'auto', 10], id: 7 }]);
    expect(await call(h, 'set_mode', ['favorite'], { id: 8 })).toEqual([{ result: ['ok'], id: 8 }]);
    expect(await call(h, 'get_prop', ['mode'], { id: 9 })).toEqual([{ result: ['favorite'], id: 9 }]);
  });

  it('answers python-miio style JSON (spaces, trailing NUL) or compact per config', async () => {
    const h = await startOne('chuangmi.plug.m1');
    const replies = await exchange(h, request(h, 5, 'get_prop', ['power']));
    expect(rawPayloads(h, replies)).toEqual(['{"result": ["on"], "id": 5}\u0000']);
    await running?.stop();
    const compact = await startOne('chuangmi.plug.m1', { json: 'compact' });
    const again = await exchange(compact, request(compact, 6, 'get_prop', ['power']));
    expect(rawPayloads(compact, again)).toEqual(['{"result":["on"],"id":6}']);
  });

  it('unknown method → -32601 Method not found', async () => {
    const h = await startOne('roborock.vacuum.s5');
    expect(await call(h, 'app_fly', [], { id: 3 })).toEqual([{ error: { code: -32601, message: 'Method not found.' }, id: 3 }]);
  });

  it('drops a packet sealed with the wrong token without a word', async () => {
    const h = await startOne('zhimi.airpurifier.m1');
    const replies = await exchange(h, request(h, 4, 'miIO.info', [], WRONG_TOKEN));
    expect(replies).toEqual([]);
    expect(h.stats()).toMatchObject({ droppedWrongToken: 1, requests: 0, replies: 0 });
  });
});

describe('MIoT over UDP', () => {
  it('get_properties, set_properties with per-item codes, action', async () => {
    const h = await startOne('zhimi.airp.mb4a');
    const [set] = await call(h, 'set_properties', [
      { did: 'power', siid: 2, piid: 1, value: false },
      { did: 'aqi', siid: 3, piid: 4, value: 3 },
    ], { id: 11 });
    expect(set).toEqual({ result: [{ did: 'power', siid: 2, piid: 1, code: 0 }, { did: 'aqi', siid: 3, piid: 4, code: -4002 }], id: 11 });
    const [get] = await call(h, 'get_properties', [{ did: 'power', siid: 2, piid: 1 }, { did: 'nope', siid: 1, piid: 1 }], { id: 12 });
    expect(get).toEqual({ result: [{ did: 'power', siid: 2, piid: 1, code: 0, value: false }, { did: 'nope', siid: 1, piid: 1, code: -4003 }], id: 12 });
    const [act] = await call(h, 'action', { did: 'call-4-1', siid: 4, aiid: 1, in: [] }, { id: 13 });
    expect(act).toEqual({ result: { did: 'call-4-1', siid: 4, aiid: 1, code: 0, out: [] }, id: 13 });
  });

  it('maxProperties: a request with more items answers -9999', async () => {
    const h = await startOne('dmaker.fan.p9', { maxProperties: 2 });
    const items = [1, 2, 4].map((piid) => ({ did: `p${piid}`, siid: 2, piid }));
    expect(await call(h, 'get_properties', items, { id: 2 })).toEqual([{ error: { code: -9999, message: 'user ack timeout' }, id: 2 }]);
  });
});

describe('fault knobs', () => {
  it('dropRate 1 drops everything; 0.5 drops a reproducible share', async () => {
    const h = await startOne('chuangmi.plug.m1', { faults: { dropRate: 1 } });
    expect(await call(h, 'get_prop', ['power'])).toEqual([]);
    h.setFaults({ dropRate: 0.5 });
    const answered: boolean[] = [];
    for (let i = 0; i < 12; i++) answered.push((await call(h, 'get_prop', ['power'])).length === 1);
    expect(answered.filter(Boolean).length).toBeGreaterThan(0);
    expect(answered.filter((a) => !a).length).toBeGreaterThan(0);
    expect(h.stats().droppedRandom).toBe(1 + answered.filter((a) => !a).length);
  });

  it('delayMs delays the reply on the scheduler', async () => {
    const h = await startOne('chuangmi.plug.m1', { faults: { delayMs: 250 } });
    // Without moving the clock nothing comes: the reply waits on the scheduler.
    expect(await call(h, 'get_prop', ['power'], { id: 1 })).toEqual([]);
    expect(clock.pendingTimers).toBe(1);
    expect(h.stats().replies).toBe(0);
    // The probe moves the clock to the device's timer: the reply leaves at exactly 250 ms.
    expect(await call(h, 'get_prop', ['power'], { id: 2, clock })).toEqual([{ result: ['on'], id: 2 }]);
    expect(clock.now()).toBe(250);
  });

  it('userAckTimeoutRate 1 answers -9999 and applies nothing', async () => {
    const h = await startOne('chuangmi.plug.m1', { faults: { userAckTimeoutRate: 1 } });
    expect(await call(h, 'set_power', ['off'], { id: 21 })).toEqual([{ error: { code: -9999, message: 'user ack timeout' }, id: 21 }]);
    expect(h.device.snapshot().power).toBe(true);
  });

  it('a repeated datagram is answered from the cache and applied once; ignoreRepeatedIds drops it', async () => {
    const h = await startOne('yeelink.light.color1');
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const packet = request(h, 77, 'toggle', []);
    const replies: unknown[] = [];
    const two = new Promise<void>((resolve) =>
      socket.on('message', (msg) => {
        replies.push(decodePayload(decodePacket(msg, h.token).payload ?? Buffer.alloc(0)));
        if (replies.length === 2) resolve();
      }),
    );
    socket.send(packet, h.port, h.address);
    socket.send(packet, h.port, h.address);
    await two;
    socket.close();
    expect(replies).toEqual([{ result: ['ok'], id: 77 }, { result: ['ok'], id: 77 }]);
    expect(h.device.snapshot().power).toBe(false);
    expect(h.stats().cachedReplies).toBe(1);

    h.setFaults({ ignoreRepeatedIds: true });
    expect(await call(h, 'toggle', [], { id: 77 })).toEqual([]);
    expect(h.stats().droppedRepeatedId).toBe(1);
    expect(await call(h, 'toggle', [], { id: 78 })).toEqual([{ result: ['ok'], id: 78 }]);
    expect(h.device.snapshot().power).toBe(true);
  });

  it('duplicateReplies sends extra copies', async () => {
    const h = await startOne('chuangmi.plug.m1', { faults: { duplicateReplies: 2 } });
    expect(await call(h, 'get_prop', ['power'], { id: 31, count: 5 })).toEqual([
      { result: ['on'], id: 31 },
      { result: ['on'], id: 31 },
      { result: ['on'], id: 31 },
    ]);
  });

  it('brokenJson sends firmware quirks that a lenient decoder still reads', async () => {
    const h = await startOne('zhimi.airpurifier.m1', { json: 'compact' });
    const cases: [string, string][] = [
      ['double-comma', '{"result":["on",null],,"id":41}'],
      ['empty-items', '{"result":["on",],"id":42}'],
      ['leading-zero', '{"result":["on",null],"id":43}'],
      ['nul-garbage', '{"result":["on",null],"id":44}\u0000"ott_stat":[0,0'],
    ];
    let id = 41;
    for (const [quirk, text] of cases) {
      h.setFaults({ brokenJson: quirk as 'none' });
      const replies = await exchange(h, request(h, id, 'get_prop', ['power', 'nope']));
      expect(rawPayloads(h, replies)).toEqual([text]);
      expect(decodePayload(decodePacket(replies[0], h.token).payload ?? Buffer.alloc(0))).toEqual({ result: ['on', null], id });
      id += 1;
    }
    h.setFaults({ brokenJson: 'leading-zero' });
    const num = await exchange(h, request(h, 50, 'get_prop', ['aqi']));
    expect(rawPayloads(h, num)[0]).toMatch(/^\{"result":\[0\d+\],"id":50\}$/);
  });

  it('busy: -30001, or silence', async () => {
    const h = await startOne('chuangmi.plug.m1', { faults: { busy: 'error' } });
    expect(await call(h, 'get_prop', ['power'], { id: 61 })).toEqual([{ error: { code: -30001, message: 'resp invalid json' }, id: 61 }]);
    h.setFaults({ busy: 'silent' });
    expect(await call(h, 'get_prop', ['power'])).toEqual([]);
    expect(await hello(h)).toBeDefined();
  });

  it('a reply over maxReplyBytes becomes -9999', async () => {
    const h = await startOne('zhimi.airpurifier.m1', { maxReplyBytes: 96 });
    expect(await call(h, 'miIO.info', [], { id: 71 })).toEqual([{ error: { code: -9999, message: 'user ack timeout' }, id: 71 }]);
    expect(h.stats().oversizeReplies).toBe(1);
  });

  it('rejects an unknown knob value at runtime', async () => {
    const h = await startOne('chuangmi.plug.m1');
    expect(() => h.setFaults({ dropRate: 2 })).toThrow();
    expect(h.faults().dropRate).toBe(0);
  });
});
