import { afterEach, describe, expect, it } from 'vitest';
import { MiioTokenError } from '../../core/miio/errors.js';
import { isHello } from '../../core/miio/packet.js';
import { RIG_CLIENT, startFaultRig, type Applied, type FaultRig, type RigOptions } from '../helpers/fault-rig.js';
import type { Settled } from '../helpers/sim-link.js';

/**
 * A setter is never applied twice because of a retry the client could have avoided. The setter is the
 * light's `toggle`: every application flips `power`, and the rig counts applications (ids) at the
 * device. Same rig as miio-faults.test.ts, on 127.0.0.160–169.
 *
 * What a client can avoid: re-sending while a reply is merely late (it accepts a late reply to any
 * attempt, also during a back-off or a retry's hello), applying on a duplicate reply, re-sending an id.
 * What no client can avoid: the device applied the setter and its reply was lost (or it answered -9999
 * after applying, which the simulator does not do). The client cannot tell that from a lost request, so
 * its retry (a fresh id, since some devices drop repeated ids) is applied again. There the suite asserts
 * what holds: each distinct id is applied at most once, and the caller gets the retry's outcome or, with
 * no retry left, a typed error that must be read as "outcome unknown".
 */

let rigs: FaultRig[] = [];
afterEach(async () => {
  for (const rig of rigs) expect(await rig.stop()).toEqual({ pendingTimers: 0, queued: 0 });
  rigs = [];
});

let next = 0;
async function rig(options: RigOptions = {}): Promise<FaultRig> {
  const r = await startFaultRig(10 + (next++ % 10), { model: 'yeelink.light.color1', ...options });
  rigs.push(r);
  return r;
}

const toggles = (applied: Applied[]): number[] => applied.filter((a) => a.method === 'toggle').map((a) => a.id);
const power = (r: FaultRig): unknown => r.handle?.device.snapshot().power;

/** Toggles `times` times; returns each outcome after checking it settled by its deadline. */
async function toggle(r: FaultRig, times = 1): Promise<Array<Settled<unknown>>> {
  const outcomes: Array<Settled<unknown>> = [];
  for (let i = 0; i < times; i += 1) {
    const outcome = await r.link.settle(r.client.send('toggle', []));
    expect(outcome.atMs).toBeLessThanOrEqual(RIG_CLIENT.deadlineMs);
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Handshakes first, so a later delay hits only the setter's exchange. */
async function handshaken(options: RigOptions = {}): Promise<FaultRig> {
  const r = await rig(options);
  expect((await r.link.settle(r.client.send('miIO.info'))).ok).toBe(true);
  return r;
}

describe('a setter is applied once when the client can see to it', () => {
  it('reply late by 1100 ms, inside the back-off: accepted, no retry sent', async () => {
    const r = await handshaken();
    r.handle?.setFaults({ delayMs: 1100 });
    const before = power(r);
    expect(await toggle(r)).toEqual([{ ok: true, value: ['ok'], atMs: 1100 }]);
    expect(toggles(r.applied)).toEqual([43]);
    expect(r.handle?.stats().requests).toBe(2);
    expect(power(r)).toBe(!before);
  });

  it.each([2000, 5000])('reply late by %i ms, past the retry: the retry hello is as slow, so no second request', async (delayMs) => {
    const r = await handshaken();
    r.handle?.setFaults({ delayMs });
    expect(await toggle(r)).toEqual([{ ok: true, value: ['ok'], atMs: delayMs }]);
    expect(toggles(r.applied)).toEqual([43]);
    expect(r.handle?.stats().requests).toBe(2);
  });

  it('delayMs 1500 from a cold start: one request, applied once', async () => {
    const r = await rig({ faults: { delayMs: 1500 } });
    const before = power(r);
    expect(await toggle(r)).toEqual([{ ok: true, value: ['ok'], atMs: 3000 }]);
    expect(toggles(r.applied)).toHaveLength(1);
    expect(power(r)).toBe(!before);
  });

  it('duplicateReplies 3: each toggle applied once and answered once', async () => {
    const r = await rig({ faults: { duplicateReplies: 3 } });
    const before = power(r);
    const outcomes = await toggle(r, 3);
    expect(outcomes.every((o) => o.ok && o.atMs === 0)).toBe(true);
    expect(toggles(r.applied)).toEqual([42, 43, 44]);
    expect(power(r)).toBe(!before);
  });

  it('dropRate 0.3 (seeded): a dropped request was never applied, so each toggle is applied exactly once', async () => {
    const r = await rig({ faults: { dropRate: 0.3 } });
    const before = power(r);
    const outcomes = await toggle(r, 20);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(r.handle?.stats().droppedRandom).toBeGreaterThan(0);
    const ids = toggles(r.applied);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    expect(power(r)).toBe(before); // twenty flips
  });

  it('userAckTimeoutRate 0.5 (seeded): applied once per success, never for a -9999 the client gave up on', async () => {
    const r = await rig({ faults: { userAckTimeoutRate: 0.5 } });
    const outcomes = await toggle(r, 10);
    const succeeded = outcomes.filter((o) => o.ok).length;
    expect(succeeded).toBeGreaterThan(0);
    expect(succeeded).toBeLessThan(10);
    for (const o of outcomes) if (!o.ok) expect(o.error).toMatchObject({ deviceCode: -9999, recoverable: true });
    expect(toggles(r.applied)).toHaveLength(succeeded);
  });

  it('ignoreRepeatedIds: a restarted client reusing ids gets no double application, and no lost one', async () => {
    const r = await rig({ faults: { ignoreRepeatedIds: true } });
    const before = power(r);
    await toggle(r);
    const restarted = r.newClient();
    expect(await r.link.settle(restarted.send('toggle', []))).toEqual({ ok: true, value: ['ok'], atMs: 1250 });
    expect(toggles(r.applied)).toEqual([42, 142]);
    expect(r.handle?.stats().droppedRepeatedId).toBe(1);
    expect(power(r)).toBe(before);
  });
});

describe('a reply lost after the device applied the setter: what no client can avoid', () => {
  /** Loses the link's first data reply (hellos pass). */
  const loseFirstReply = (r: FaultRig): void => {
    let lost = false;
    r.link.port.loseIncoming = (d) => !isHello(d.buf) && !lost && (lost = true);
  };

  it('with a retry left: applied once per distinct id (twice in all), the caller told success', async () => {
    const r = await handshaken();
    loseFirstReply(r);
    const before = power(r);
    expect(await toggle(r)).toEqual([{ ok: true, value: ['ok'], atMs: 1000 + 250 }]);
    const ids = toggles(r.applied);
    expect(ids).toEqual([43, 143]);
    expect(power(r)).toBe(before); // applied twice: the light is back where it was
  });

  it('with no retry left: applied once, the caller told a typed error (outcome unknown)', async () => {
    const r = await handshaken({ client: { retries: 0 } });
    loseFirstReply(r);
    const before = power(r);
    const [outcome] = await toggle(r);
    expect(outcome.ok).toBe(false);
    expect(outcome.atMs).toBe(1000);
    expect(outcome.ok ? undefined : outcome.error).toBeInstanceOf(MiioTokenError);
    expect(toggles(r.applied)).toEqual([43]);
    expect(power(r)).toBe(!before);
  });
});
