import { describe, expect, it } from 'vitest';
import { automationConfigSchema } from './config-schema.js';
import { engineFixture } from './testing/engine-fixture.js';
import { flushMicrotasks } from './testing/test-host.js';

const arrived = { trigger: 'event', event_type: 'home.arrived' };
const delayed = (mode: string, extra: Record<string, unknown> = {}) => ({
  id: 'a', alias: 'Arrive', mode, ...extra, triggers: [arrived], actions: [{ delay: 10 }, { device: 'plug', set: { power: true } }],
});

describe('modes (HA)', () => {
  it('single: a trigger while running is not started, logged at max_exceeded', async () => {
    const { host, timeline, logs, engine } = engineFixture({ automations: [delayed('single')] });
    host.emit('home.arrived');
    host.clock.advanceBy(5_000);
    host.emit('home.arrived');
    host.clock.advanceBy(5_000);
    await flushMicrotasks();
    expect(timeline()).toEqual(['a-1:running', 'a-2:not_started', 'a-1:finished']);
    expect(engine.runs('a').find((r) => r.run_id === 'a-2')?.reason).toBe('mode single: already running');
    expect(logs).toEqual([{ level: 'warning', message: 'Arrive: mode single: already running' }]);
    expect(host.sent.map((s) => s.atMs - host.clock.now())).toEqual([0]);
  });

  it('max_exceeded: silent logs nothing', () => {
    const { host, logs } = engineFixture({ automations: [delayed('single', { max_exceeded: 'SILENT' })] });
    host.emit('home.arrived');
    host.emit('home.arrived');
    expect(logs).toEqual([]);
  });

  it('restart: the running run is cancelled (its pending delay too), then the new one starts', async () => {
    const { host, timeline, engine } = engineFixture({ automations: [delayed('restart')] });
    const start = host.clock.now();
    host.emit('home.arrived');
    host.clock.advanceBy(6_000);
    host.emit('home.arrived');
    expect(host.clock.pendingTimers).toBe(1); // the first run's delay is gone
    host.clock.advanceBy(10_000);
    await flushMicrotasks();
    expect(timeline()).toEqual(['a-1:running', 'a-1:cancelled', 'a-2:running', 'a-2:finished']);
    expect(host.sent.map((s) => s.atMs - start)).toEqual([16_000]);
    const first = engine.trace('a-1');
    expect(first?.reason).toBe('restarted by a-2');
    expect(first?.trace.find((e) => e.path === 'action/0')).toMatchObject({ result: { cancelled: true }, end_ts: (start + 6_000) / 1000 });
  });

  it('queued: runs one after another in trigger order, up to max (running + waiting)', async () => {
    const { host, timeline, engine } = engineFixture({
      automations: [{ id: 'q', mode: 'queued', max: 3, triggers: [arrived, { event: 'home.left' }], actions: [{ delay: 10 }, { device: 'plug', set: { power: true } }] }],
    });
    host.emit('home.arrived');
    host.emit('home.left');
    host.emit('home.arrived');
    const rejected = engine.trigger('q');
    expect(rejected).toMatchObject({ result: 'not_started', reason: 'mode queued: max 3 runs exceeded' });
    expect(engine.list()[0]?.running).toBe(3);
    for (let i = 0; i < 3; i++) {
      host.clock.advanceBy(10_000);
      await flushMicrotasks();
    }
    expect(timeline()).toEqual([
      'q-1:running', 'q-2:running', 'q-3:running', 'q-4:not_started', 'q-1:finished', 'q-2:running', 'q-2:finished', 'q-3:running', 'q-3:finished',
    ]);
    expect(engine.trace('q-2')?.trigger.path).toBe('trigger/1');
    expect(host.sent).toHaveLength(3);
  });

  it('parallel: runs side by side up to max', async () => {
    const { host, timeline } = engineFixture({ automations: [delayed('parallel', { max: 2 })] });
    host.emit('home.arrived');
    host.clock.advanceBy(1_000);
    host.emit('home.arrived');
    host.emit('home.arrived');
    host.clock.advanceBy(9_000);
    await flushMicrotasks();
    host.clock.advanceBy(1_000);
    await flushMicrotasks();
    expect(timeline()).toEqual(['a-1:running', 'a-2:running', 'a-3:not_started', 'a-1:finished', 'a-2:finished']);
  });

  it('conditions are checked before the mode: a false one neither restarts nor queues (condition_failed)', () => {
    const { host, timeline, engine } = engineFixture({ automations: [{ ...delayed('restart'), conditions: [{ condition: 'zone', zone: 'home' }] }] });
    host.setPresence({ state: 'home' });
    host.emit('home.arrived');
    host.setPresence({ state: 'not_home' });
    host.emit('home.arrived');
    expect(timeline()).toEqual(['a-1:running', 'a-2:condition_failed']);
    expect(engine.trace('a-2')).toMatchObject({ reason: 'condition/0 false', trace: [{ path: 'trigger/0' }, { path: 'condition/0', result: { result: false } }] });
  });

  it('rate_limit: more than max_runs per window are not started', () => {
    const { host, timeline, engine } = engineFixture({ automations: [{ id: 'r', mode: 'parallel', rate_limit: { max_runs: 2, per_s: 60 }, triggers: [arrived], actions: [{ notify: 'hi' }] }] });
    for (let i = 0; i < 3; i++) host.emit('home.arrived');
    host.clock.advanceBy(60_000);
    host.emit('home.arrived');
    expect(timeline().filter((t) => !t.endsWith('running'))).toEqual(['r-1:finished', 'r-2:finished', 'r-3:not_started', 'r-4:finished']);
    expect(engine.trace('r-3')?.reason).toBe('rate limit: 2 runs per 60 s');
  });
});

describe('engine', () => {
  it('setEnabled: a disabled automation does not fire and its run is cancelled; enabling re-attaches', () => {
    const { host, timeline, engine } = engineFixture({ automations: [delayed('single')] });
    host.emit('home.arrived');
    expect(engine.setEnabled('a', false)).toMatchObject({ enabled: false, running: 0 });
    host.emit('home.arrived');
    engine.setEnabled('a', true);
    host.emit('home.arrived');
    expect(timeline()).toEqual(['a-1:running', 'a-1:cancelled', 'a-2:running']);
    expect(() => engine.setEnabled('nope', true)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('trigger: manual run with path `trigger`, conditions skipped by default (HA)', () => {
    const { engine } = engineFixture({ automations: [{ id: 'm', triggers: [arrived], conditions: [{ condition: 'zone', zone: 'home' }], actions: [{ notify: 'x' }] }] });
    expect(engine.trigger('m')).toMatchObject({ result: 'finished', trigger: { path: 'trigger', description: 'manual trigger' } });
    expect(engine.trigger('m', { skipCondition: false })).toMatchObject({ result: 'condition_failed' });
    expect(engine.list()[0]?.last_run).toMatchObject({ result: 'finished' });
  });

  it('traces: the last traceLimit runs per automation, newest first from runs(); dry_run marked', () => {
    const { engine } = engineFixture({ traceLimit: 3, dryRun: true, automations: [{ id: 'm', triggers: [arrived], actions: [{ notify: 'x' }] }] });
    for (let i = 0; i < 5; i++) engine.trigger('m');
    expect(engine.runs('m').map((r) => r.run_id)).toEqual(['m-5', 'm-4', 'm-3']);
    expect(engine.trace('m-1')).toBeUndefined();
    expect(engine.trace('m-5')?.dry_run).toBe(true);
  });

  it('stop(): no timer and no subscription left', async () => {
    const { host, engine, timeline } = engineFixture({
      automations: [
        delayed('single'),
        { id: 'w', triggers: [{ trigger: 'time', at: '07:00' }, { trigger: 'numeric_state', path: 'Vehicle.Speed', above: 5, for: 30 }], actions: [{ wait_for_trigger: { event: 'home.left' } }] },
      ],
    });
    host.setSignal('Vehicle.Speed', 10);
    host.emit('home.arrived');
    engine.trigger('w');
    engine.stop();
    await flushMicrotasks();
    expect(host.clock.pendingTimers).toBe(0);
    expect(host.observers()).toBe(0);
    expect(timeline()).toContain('a-1:cancelled');
    expect(engine.trace('w-2')?.reason).toBe('engine stopped');
  });

  it('reload: unchanged automations keep running, removed ones are cancelled, new ones attach', () => {
    const { host, engine, timeline } = engineFixture({ automations: [delayed('single'), { ...delayed('single'), id: 'b' }] });
    host.emit('home.arrived');
    expect(engine.list().map((a) => a.running)).toEqual([1, 1]);
    engine.reload([reparsed('a')], []);
    expect(timeline()).toEqual(['a-1:running', 'b-2:running', 'b-2:cancelled']);
    expect(engine.list().map((a) => `${a.id}:${a.running}`)).toEqual(['a:1']);
    expect(() => engine.reload([reparsed('a'), reparsed('a')], [])).toThrow(/duplicate automation id/);
    expect(() => engine.reload([{ ...reparsed('a'), actions: [{ kind: 'scene', scene: 'nope' }] }], [])).toThrow(/unknown scene 'nope'/);
  });
});

function reparsed(id: string) {
  return automationConfigSchema.parse({ ...delayed('single'), id });
}
