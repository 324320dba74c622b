// A device that answers every request with hostile bytes, on real loopback UDP and a virtual clock:
// every call settles, with a typed Miio error (or, for valid JSON however odd, its value), by the
// client's own verdict before the deadline. A reply whose checksum verifies but that cannot be read
// is the device's fault ("undecodable reply"), never "most likely a wrong token".
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { HomewardError } from '../base/errors.js';
import { createMiioClient, type MiioClient } from './client.js';
import { MiioDeviceError, MiioTokenError } from './errors.js';
import { encodePacket } from './packet.js';
import { hostileDatagrams } from './testing/hostile-datagrams.js';
import { LoopbackResponder } from './testing/loopback-responder.js';
import { parseToken } from './token.js';

const token = parseToken('0f1e2d3c4b5a69788796a5b4c3d2e1f0');
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup(): Promise<{ responder: LoopbackResponder; client: MiioClient; clock: ManualClock }> {
  const responder = await LoopbackResponder.start({ token });
  const clock = new ManualClock();
  const client = createMiioClient({
    address: responder.address, port: responder.portNumber, token, scheduler: clock,
    timeoutMs: 1000, retries: 1, recoverableRetries: 0, backoffMs: 100, deadlineMs: 30_000, idSeed: 6,
  });
  cleanups.push(async () => {
    await client.close();
    await responder.close();
    expect(clock.pendingTimers).toBe(0);
  });
  return { responder, client, clock };
}

type Outcome = { ok: true; value: unknown; atMs: number } | { ok: false; error: unknown; atMs: number };

/** Moves virtual time in 100 ms steps, letting the sockets run in between, until the call settles. */
async function settle(clock: ManualClock, responder: LoopbackResponder, call: Promise<unknown>): Promise<Outcome> {
  const startMs = clock.now();
  let outcome: Outcome | undefined;
  call.then((value) => (outcome = { ok: true, value, atMs: clock.now() - startMs }), (error: unknown) => (outcome = { ok: false, error, atMs: clock.now() - startMs }));
  for (let step = 0; step < 1000 && outcome === undefined; step++) {
    await responder.barrier();
    for (let turn = 0; turn < 10; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
    if (outcome === undefined) clock.advanceBy(100);
  }
  return outcome ?? expect.fail('the call never settled');
}

describe('the client against a hostile device', () => {
  it('settles every call, whatever the device sends back', async () => {
    const { responder, client, clock } = await setup();
    const hostile = hostileDatagrams(token, { role: 'reply', did: responder.did, seed: 9, randomCount: 40 });
    let current = hostile[0];
    responder.handle = () => ({ raw: current.buf });
    for (const datagram of hostile) {
      current = datagram;
      const outcome = await settle(clock, responder, client.send('get_prop', ['power']));
      const what = `${datagram.kind} (${datagram.buf.length} bytes)`;
      if (outcome.ok) {
        // Only a verified reply with a readable id can be a value.
        expect(datagram.verified, what).toBe(true);
        continue;
      }
      expect(outcome.error, what).toBeInstanceOf(HomewardError);
      expect((outcome.error as HomewardError).code, what).toMatch(/^miio\./);
      expect(outcome.atMs, what).toBeLessThan(client.worstCaseMs());
      if (datagram.verified) {
        // The checksum held: the device answered (nonsense, or only to other ids), so it is its error.
        expect(outcome.error, what).toBeInstanceOf(MiioDeviceError);
      } else {
        expect(outcome.error, what).not.toBeInstanceOf(MiioDeviceError);
      }
    }
    expect(client.info().stats.undecodable).toBeGreaterThan(0);
  });

  it('reports an undecodable verified reply as a device error, not as a wrong token', async () => {
    const { responder, client, clock } = await setup();
    responder.handle = (request) => ({ raw: encodePacket({ did: responder.did, stamp: 1000, token, payload: Buffer.from(`{"id":${String(request.id)},"result":[`) }) });
    const outcome = await settle(clock, responder, client.send('get_prop', ['power']));
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(MiioDeviceError);
    expect(error).not.toBeInstanceOf(MiioTokenError);
    expect((error as MiioDeviceError).message).toMatch(/^device error -1 for get_prop: undecodable reply \(/);
  });

  it('treats {"error": null} as a device error, not as success', async () => {
    const { responder, client, clock } = await setup();
    responder.handle = (request) => ({ raw: encodePacket({ did: responder.did, stamp: 1000, token, payload: Buffer.from(`{"id":${String(request.id)},"error":null,"result":["ok"]}`) }) });
    const outcome = await settle(clock, responder, client.send('set_power', ['on']));
    expect(outcome).toMatchObject({ ok: false, error: expect.any(MiioDeviceError) });
  });

  it('returns a reply without result whole, as python-miio does for such firmwares', async () => {
    const { responder, client, clock } = await setup();
    responder.handle = (request) => ({ raw: encodePacket({ did: responder.did, stamp: 1000, token, payload: Buffer.from(`{"id":${String(request.id)},"model":"chuangmi.plug.m1","fw_ver":"1.2.4"}`) }) });
    const outcome = await settle(clock, responder, client.send('miIO.info'));
    expect(outcome).toMatchObject({ ok: true, value: { id: expect.any(Number), model: 'chuangmi.plug.m1', fw_ver: '1.2.4' } });
  });
});
