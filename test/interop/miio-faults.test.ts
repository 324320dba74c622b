import { afterEach, describe, expect, it } from 'vitest';
import { MiioDeviceError, MiioTimeoutError, MiioTokenError, MiioUnreachableError } from '../../core/miio/errors.js';
import { decodePacket, isHello } from '../../core/miio/packet.js';
import { parseToken } from '../../core/miio/token.js';
import type { FaultPatch } from '../../core/sim/faults.js';
import { RIG_CLIENT, RIG_TOKEN, startFaultRig, type FaultRig, type RigOptions } from '../helpers/fault-rig.js';

/**
 * Homeward's client against the simulator with each fault knob, both on one ManualClock over real
 * loopback UDP (127.0.0.150–159; the setter suite has 160–169). Every call must settle with a value or a typed error by its deadline,
 * measured on the clock; afterwards no timer is left and nothing is queued. The expected times follow
 * from RIG_CLIENT: attempts of 1000 ms, back-offs 250, 500, 1000; four failed attempts end at 5750.
 */

let rigs: FaultRig[] = [];
afterEach(async () => {
  for (const rig of rigs) expect(await rig.stop()).toEqual({ pendingTimers: 0, queued: 0 });
  rigs = [];
});

/** Tests run one after another and each rig is stopped before the next: ten addresses are plenty. */
let next = 0;
async function rig(options: RigOptions = {}): Promise<FaultRig> {
  const r = await startFaultRig(next++ % 10, options);
  rigs.push(r);
  return r;
}

const EXHAUSTED_MS = 4 * 1000 + 250 + 500 + 1000;

interface Case {
  name: string;
  faults?: FaultPatch;
  options?: RigOptions;
  /** undefined: success. */
  error?: { type: abstract new (...args: never[]) => Error; match?: Record<string, unknown>; message?: RegExp };
  atMs: number;
  /** Requests the device read (drops included). */
  requests: number;
}

const CASES: Case[] = [
  { name: 'no fault', atMs: 0, requests: 1 },
  { name: 'helloToken ff', faults: { helloToken: 'ff' }, atMs: 0, requests: 1 },
  { name: 'helloToken 00', faults: { helloToken: '00' }, atMs: 0, requests: 1 },
  { name: 'helloToken reveal', faults: { helloToken: 'reveal' }, atMs: 0, requests: 1 },
  // The hello and the reply each wait 400 ms, both inside the 1000 ms attempt.
  { name: 'delayMs 400 < timeoutMs', faults: { delayMs: 400 }, atMs: 800, requests: 1 },
  // The first hello times out; its late answer (1500) serves the second attempt, whose reply lands at 3000.
  { name: 'delayMs 1500 > timeoutMs', faults: { delayMs: 1500 }, atMs: 3000, requests: 1 },
  // No hello answer inside any attempt: the device looks offline.
  { name: 'delayMs 30000, retries run out', faults: { delayMs: 30_000 }, error: { type: MiioUnreachableError }, atMs: EXHAUSTED_MS, requests: 0 },
  {
    name: 'delayMs 30000, the deadline comes first', faults: { delayMs: 30_000 }, options: { client: { retries: 20, deadlineMs: 4000 } },
    error: { type: MiioTimeoutError, message: /did not settle within 4000 ms/ }, atMs: 4000, requests: 0,
  },
  // Hellos are answered, every request is dropped: the client cannot tell this from a wrong token, and says so.
  { name: 'dropRate 1', faults: { dropRate: 1 }, error: { type: MiioTokenError, message: /token is most likely wrong \(or the device is busy\)/ }, atMs: EXHAUSTED_MS, requests: 4 },
  { name: 'busy silent', faults: { busy: 'silent' }, error: { type: MiioTokenError, message: /or the device is busy/ }, atMs: EXHAUSTED_MS, requests: 4 },
  // -9999 / -30001: 1 + recoverableRetries requests, back-offs 250 + 500, then a recoverable MiioDeviceError.
  {
    name: 'userAckTimeoutRate 1 (-9999)', faults: { userAckTimeoutRate: 1 },
    error: { type: MiioDeviceError, match: { deviceCode: -9999, recoverable: true } }, atMs: 750, requests: 3,
  },
  { name: 'busy error (-30001)', faults: { busy: 'error' }, error: { type: MiioDeviceError, match: { deviceCode: -30001, recoverable: true } }, atMs: 750, requests: 3 },
  {
    name: 'wrong token', options: { client: { token: 'ffeeddccbbaa99887766554433221100' } },
    error: { type: MiioTokenError, message: /answered the hello/ }, atMs: EXHAUSTED_MS, requests: 0,
  },
  { name: 'no device at the address', options: { device: false }, error: { type: MiioUnreachableError }, atMs: EXHAUSTED_MS, requests: 0 },
];

describe('every call settles, with a value or a typed error, by its deadline', () => {
  it.each(CASES)('$name', async ({ faults, options, error, atMs, requests }) => {
    const { client, handle, link } = await rig({ ...options, faults });
    const outcome = await link.settle(client.send('get_prop', ['power', 'bright']));
    expect(outcome.atMs).toBe(atMs);
    expect(outcome.atMs).toBeLessThanOrEqual(options?.client?.deadlineMs ?? RIG_CLIENT.deadlineMs);
    if (error) {
      expect(outcome.ok).toBe(false);
      const e = outcome.ok ? undefined : outcome.error;
      expect(e).toBeInstanceOf(error.type);
      if (error.match) expect(e).toMatchObject(error.match);
      if (error.message) expect((e as Error).message).toMatch(error.message);
    } else {
      expect(outcome).toMatchObject({ ok: true, value: ['on', '100'] });
    }
    expect(handle?.stats().requests ?? 0).toBe(requests);
  });

  it('wrong token: every request reached the device and failed its checksum', async () => {
    const { client, handle, link } = await rig({ client: { token: 'ffeeddccbbaa99887766554433221100' } });
    await link.settle(client.send('miIO.info'));
    expect(handle?.stats()).toMatchObject({ hellos: 4, requests: 0, droppedWrongToken: 4 });
  });

  it('busy silent, then quiet again: the next call succeeds at once', async () => {
    const { client, handle, link } = await rig({ faults: { busy: 'silent' } });
    expect((await link.settle(client.send('get_prop', ['power']))).ok).toBe(false);
    handle?.setFaults({ busy: 'off' });
    expect(await link.settle(client.send('get_prop', ['power']))).toEqual({ ok: true, value: ['on'], atMs: 0 });
  });

  it('dropRate 0.3 (seeded): 20 reads all succeed, each within its deadline, each drop retried once', async () => {
    const { client, handle, link } = await rig({ faults: { dropRate: 0.3 } });
    for (let i = 0; i < 20; i += 1) {
      const outcome = await link.settle(client.send('get_prop', ['power']));
      expect(outcome).toMatchObject({ ok: true, value: ['on'] });
      expect(outcome.atMs).toBeLessThanOrEqual(RIG_CLIENT.deadlineMs);
    }
    const stats = handle?.stats();
    expect(stats?.droppedRandom).toBeGreaterThan(0);
    expect(stats?.requests).toBe(20 + (stats?.droppedRandom ?? 0));
  });

  it('duplicateReplies 3: the first copy answers, the copies never answer a later call', async () => {
    const { client, link } = await rig({ faults: { duplicateReplies: 3 } });
    expect(await link.settle(client.send('get_prop', ['power']))).toEqual({ ok: true, value: ['on'], atMs: 0 });
    expect(await link.settle(client.send('set_power', ['off']))).toEqual({ ok: true, value: ['ok'], atMs: 0 });
    expect(await link.settle(client.send('get_prop', ['power']))).toEqual({ ok: true, value: ['off'], atMs: 0 });
    // hello + 3 requests, four copies of each reply
    expect(link.port.received).toBe(16);
  });

  it('ignoreRepeatedIds: a restarted client that reuses ids jumps +100 past the ignored one', async () => {
    const { client, handle, link, newClient } = await rig({ faults: { ignoreRepeatedIds: true } });
    expect((await link.settle(client.send('get_prop', ['power']))).ok).toBe(true);
    const restarted = newClient(); // same idSeed: its first id (42) is one the device has seen
    expect(await link.settle(restarted.send('get_prop', ['power']))).toEqual({ ok: true, value: ['on'], atMs: 1000 + 250 });
    expect(handle?.stats()).toMatchObject({ droppedRepeatedId: 1, requests: 3 });
    expect(restarted.currentId).toBe(142);
  });
});

describe('brokenJson: the tolerant decoder still gives the value', () => {
  it.each(['double-comma', 'empty-items', 'leading-zero', 'nul-garbage'] as const)('%s', async (quirk) => {
    const { client, handle, link } = await rig({ model: 'zhimi.airpurifier.m1' });
    const texts: string[] = [];
    link.port.loseIncoming = (d) => {
      if (!isHello(d.buf)) texts.push(decodePacket(d.buf, parseToken(RIG_TOKEN)).payload?.toString('latin1') ?? '');
      return false;
    };
    const read = () => link.settle(client.send('get_prop', ['aqi', 'power', 'nope', 'mode']));
    const clean = await read();
    expect(clean).toEqual({ ok: true, value: [35, 'on', null, 'auto'], atMs: 0 });
    handle?.setFaults({ brokenJson: quirk });
    expect(await read()).toEqual(clean);
    const withoutId = (text: string) => text.replace(/"id": ?\d+/, '"id"');
    expect(withoutId(texts[1]), 'the quirk changed the text').not.toBe(withoutId(texts[0]));
  });
});

describe('power cycle: the stamp restarts small', () => {
  it('within the handshake age, the next reply resets the stamp the client sends', async () => {
    const { client, handle, link, clock } = await rig({});
    expect((await link.settle(client.send('get_prop', ['power']))).ok).toBe(true);
    clock.advanceBy(5000);
    handle?.powerCycle();
    expect(await link.settle(client.send('get_prop', ['power']))).toMatchObject({ ok: true, atMs: 0 });
    expect(client.info().stamp).toBe(1);
    clock.advanceBy(3000);
    expect((await link.settle(client.send('get_prop', ['power']))).ok).toBe(true);
    // 1000 at the hello, 1005 five seconds on (the device accepts any stamp), then 1 + 3 s
    expect(link.port.requestStamps).toEqual([1000, 1005, 4]);
    expect(handle?.stats().hellos).toBe(1);
  });

  it('past the handshake age, the client re-handshakes and sends the new stamp at once', async () => {
    const { client, handle, link, clock } = await rig({ client: { handshakeMaxAgeMs: 60_000 } });
    expect((await link.settle(client.send('get_prop', ['power']))).ok).toBe(true);
    clock.advanceBy(60_000);
    handle?.powerCycle();
    clock.advanceBy(2000);
    expect(await link.settle(client.send('get_prop', ['power']))).toMatchObject({ ok: true, atMs: 0 });
    expect(link.port.requestStamps).toEqual([1000, 3]);
    expect(handle?.stats().hellos).toBe(2);
  });
});
