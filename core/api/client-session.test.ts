import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HomewardError } from '../base/errors.js';
import { ManualClock } from '../base/manual-clock.js';
import { ClientSession } from './client-session.js';
import type { ServerMessage, Signal, Snapshot, Update } from './protocol.js';
import type { RuntimeApi } from './runtime-api.js';

// A tiny in-file RuntimeApi stand-in (core tests may not import test/helpers).
function stubApi(answer: (method: string) => Promise<unknown> = async () => ({ ok: true }), parked = true) {
  const updates = new Subject<Update>();
  const api: RuntimeApi = {
    snapshot: () => ({ vehicle: { derived: { parked } } }) as Snapshot,
    updates$: updates,
    request: ((method: string) => answer(method)) as RuntimeApi['request'],
  };
  return { api, updates };
}

const signal = (path: string, value: number): Signal => ({ path, value, ts: 1, stale: false });

function setup(options: { backlog?: () => number; answer?: (m: string) => Promise<unknown>; rate?: number; parked?: boolean } = {}) {
  const scheduler = new ManualClock(1_000_000);
  const flush = () => scheduler.advanceBy(1000);
  const { api, updates } = stubApi(options.answer, options.parked);
  const sent: ServerMessage[] = [];
  const violations: string[] = [];
  const errors: unknown[] = [];
  const session = new ClientSession({
    api, scheduler, send: (m) => sent.push(m), backlogBytes: options.backlog, rateLimitPerS: options.rate,
    onViolation: (r) => violations.push(r), onUnexpectedError: (e) => errors.push(e),
  });
  return { flush, updates, sent, session, violations, errors };
}

describe('ClientSession', () => {
  it('pushes nothing before subscribe, then coalesces signals to the latest per path at 30 Hz', () => {
    const { flush, updates, sent, session } = setup();
    updates.next({ topic: 'signals', signals: [signal('Vehicle.Speed', 1)] });
    flush();
    expect(sent).toEqual([]);
    session.receive(JSON.stringify({ id: 1, method: 'subscribe', params: { topics: ['signals'], signals: ['Vehicle.Speed', 'Vehicle.Cabin.'] } }));
    expect(sent.pop()).toEqual({ type: 'response', id: 1, ok: true, result: { topics: ['signals'] } });
    for (let v = 0; v < 100; v += 1) {
      updates.next({ topic: 'signals', signals: [signal('Vehicle.Speed', v), signal('Vehicle.Cabin.Door', v), signal('Vehicle.Other', v)] });
    }
    flush();
    expect(sent).toEqual([{ type: 'update', update: { topic: 'signals', signals: [signal('Vehicle.Speed', 99), signal('Vehicle.Cabin.Door', 99)] } }]);
    session.close();
  });

  it('keeps the latest state per device and skips pushes while the transport is backed up', () => {
    let backlog = 10_000_000;
    const { flush, updates, sent, session } = setup({ backlog: () => backlog });
    session.receive({ id: 1, method: 'subscribe', params: { topics: ['devices'] } });
    sent.length = 0;
    const device = (on: boolean) => ({ id: 'lamp', name: 'lamp', model: 'm', family: 'f', online: true, values: { power: on }, ts: 1, properties: [], actions: [] });
    updates.next({ topic: 'devices', device: device(true) });
    flush();
    expect(sent).toEqual([]);
    expect(session.stats.skippedPushes).toBeGreaterThan(0);
    updates.next({ topic: 'devices', device: device(false) });
    backlog = 0;
    flush();
    expect(sent).toEqual([{ type: 'update', update: { topic: 'devices', device: device(false) } }]);
    session.close();
  });

  it('bounds event queues and asks for a resync after an overflow', () => {
    const { flush, updates, sent, session } = setup();
    session.receive({ id: 1, method: 'subscribe', params: { topics: ['events'] } });
    sent.length = 0;
    for (let i = 0; i < 1000; i += 1) updates.next({ topic: 'events', event: { name: `e${i}`, ts: i, evidence: {} } });
    flush();
    expect(sent).toEqual([{ type: 'resync', reason: 'update queue overflowed' }]);
    expect(session.stats.dropped).toBe(1000 - 256);
    session.close();
  });

  it('answers bad, unknown and duplicate messages with errors and closes after repeated ones', () => {
    const { sent, session, violations } = setup({ rate: 1000 });
    session.receive('{not json');
    session.receive(JSON.stringify({ id: 2, method: 'rm -rf', params: {} }));
    session.receive({ id: 3, method: 'device.set', params: { device: 'x' } });
    session.receive({ id: 4, method: 'snapshot' });
    session.receive({ id: 4, method: 'snapshot' });
    const codes = sent.map((m) => (m.type === 'response' && !m.ok ? m.error.code : m.type));
    expect(codes).toEqual(['bad_json', 'unknown_method', 'bad_params', 'duplicate_id']);
    for (let i = 0; i < 30; i += 1) session.receive('x');
    expect(violations.length).toBeGreaterThan(0);
    session.close();
  });

  it('passes HomewardError code and message, hides other errors behind "internal"', async () => {
    const { sent, session, errors } = setup({
      answer: async (m) => {
        if (m === 'scene.run') throw new HomewardError('not_found', 'no scene');
        throw new TypeError('secret stack');
      },
    });
    session.receive({ id: 1, method: 'scene.run', params: { scene: 's' } });
    session.receive({ id: 2, method: 'config.reload', params: {} });
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual([
      { type: 'response', id: 1, ok: false, error: { code: 'not_found', message: 'no scene' } },
      { type: 'response', id: 2, ok: false, error: { code: 'internal', message: 'internal error' } },
    ]);
    expect(errors).toHaveLength(1);
    session.close();
  });

  it('limits the message rate on the scheduler clock', () => {
    const { sent, session } = setup({ rate: 5 });
    for (let i = 1; i <= 20; i += 1) session.receive({ id: i, method: 'subscribe', params: { topics: ['events'] } });
    const limited = sent.filter((m) => m.type === 'response' && !m.ok && m.error.code === 'rate_limited');
    expect(limited).toHaveLength(10);
    session.close();
  });

  it('refuses settings and non-power device commands unless the car is parked', async () => {
    const { sent, session } = setup({ parked: false, answer: async () => ({ ok: true }) });
    session.receive({ id: 1, method: 'device.set', params: { device: 'lamp', property: 'bright', value: 10 } });
    session.receive({ id: 2, method: 'automation.enable', params: { automation: 'a', enabled: false } });
    session.receive({ id: 3, method: 'device.set', params: { device: 'lamp', property: 'power', value: true } });
    session.receive({ id: 4, method: 'scene.run', params: { scene: 's' } });
    await Promise.resolve();
    const outcome = sent.map((m) => (m.type === 'response' ? (m.ok ? `${m.id} ok` : `${m.id} ${m.error.code}`) : m.type));
    expect(outcome).toEqual(['1 locked_while_driving', '2 locked_while_driving', '3 ok', '4 ok']);
    session.close();
  });
});
