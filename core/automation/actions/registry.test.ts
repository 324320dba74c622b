import { describe, expect, it } from 'vitest';
import { engineFixture } from '../testing/engine-fixture.js';
import { failResult, flushMicrotasks } from '../testing/test-host.js';

const arrived = { event: 'home.arrived' };
const auto = (actions: unknown[], extra: Record<string, unknown> = {}) => ({ id: 't', triggers: [arrived], actions, ...extra });
const paths = (run: { trace: { path: string }[] } | undefined) => run?.trace.map((e) => e.path);

describe('actions', () => {
  it('device steps: set (one command a property, in order), action, miot_action, call; delay on the scheduler', async () => {
    const { host, engine, actions } = engineFixture({
      automations: [auto([
        { device: 'purifier', set: { power: true, mode: 'auto' } },
        { delay: '00:00:02' },
        { device: 'vacuum', action: 'start' },
        { device: 'fan', miot_action: { siid: 2, aiid: 1, in: [1] } },
        { device: 'plug', call: 'set_power', params: ['on'] },
      ])],
    });
    const t0 = host.clock.now();
    host.emit('home.arrived');
    await flushMicrotasks();
    host.clock.advanceBy(2_000);
    await flushMicrotasks();
    expect(host.sent.map((s) => [s.atMs - t0, s.command])).toEqual([
      [0, { device: 'purifier', kind: 'set', name: 'power', value: true }],
      [0, { device: 'purifier', kind: 'set', name: 'mode', value: 'auto' }],
      [2000, { device: 'vacuum', kind: 'action', name: 'start', args: [] }],
      [2000, { device: 'fan', kind: 'miot_action', name: '2.1', siid: 2, aiid: 1, args: [1] }],
      [2000, { device: 'plug', kind: 'call', name: 'set_power', args: ['on'] }],
    ]);
    const run = engine.trace('t-1');
    expect(run?.result).toBe('finished');
    expect(run?.trace.find((e) => e.path === 'action/1')).toMatchObject({ start_ts: t0 / 1000, end_ts: t0 / 1000 + 2, result: { delay_s: 2, done: true } });
    expect(actions.map((a) => `${a.automation}/${a.scene}/${a.result.device}`)).toEqual(['t/null/purifier', 't/null/purifier', 't/null/vacuum', 't/null/fan', 't/null/plug']);
  });

  it('a failing device step stops the run (HA) unless continue_on_error; a throwing host is a failed step', async () => {
    const { host, engine } = engineFixture({
      automations: [
        auto([{ device: 'curtain', set: { position: 100 } }, { device: 'plug', set: { power: true } }]),
        auto([{ device: 'curtain', set: { position: 100 }, continue_on_error: true }, { device: 'fan', action: 'boom' }, { device: 'plug', set: { power: true } }], { id: 'c' }),
      ],
    });
    host.respond('curtain', (c) => failResult(c, 'timeout', 'no answer after 3 tries'));
    host.respond('fan', () => {
      throw new Error('socket closed');
    });
    host.emit('home.arrived');
    await flushMicrotasks();
    expect(engine.trace('t-1')).toMatchObject({ result: 'error', reason: 'action/0: curtain: no answer after 3 tries' });
    expect(engine.trace('t-1')?.trace.find((e) => e.path === 'action/0')?.error).toEqual({ code: 'timeout', message: 'curtain: no answer after 3 tries' });
    expect(paths(engine.trace('t-1'))).toEqual(['trigger/0', 'action/0']);
    expect(engine.trace('c-2')).toMatchObject({ result: 'error', reason: 'action/1: fan: socket closed' });
    expect(host.sent.map((s) => s.command.device)).toEqual(['curtain', 'curtain', 'fan']);
  });

  it('wait_for_trigger: completes on a later event, sees only changes after it starts', async () => {
    const { host, engine } = engineFixture({
      automations: [auto([{ wait_for_trigger: [{ trigger: 'state', path: 'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', to: false }], timeout: 60 }, { notify: 'closed' }])],
    });
    host.setSignal('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', false); // already false: does not count
    host.emit('home.arrived');
    host.clock.advanceBy(5_000);
    host.setSignal('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', true);
    host.clock.advanceBy(5_000);
    host.setSignal('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', false);
    expect(engine.trace('t-1')?.trace.find((e) => e.path === 'action/0')?.result).toMatchObject({ wait: { completed: true, waited_s: 10, trigger: { idx: 0 } } });
    expect(host.notifications.map((n) => n.message)).toEqual(['closed']);
    expect(host.clock.pendingTimers).toBe(0);
  });

  it('wait_for_trigger timing out: continues by default, ends the run as timeout with continue_on_timeout: false', () => {
    const { host, engine, timeline } = engineFixture({
      automations: [
        auto([{ wait_for_trigger: { event: 'home.left' }, timeout: { seconds: 30 } }, { notify: 'went on' }]),
        auto([{ wait_for_trigger: { event: 'home.left' }, timeout: 30, continue_on_timeout: false }, { notify: 'never' }], { id: 'x' }),
      ],
    });
    host.emit('home.arrived');
    host.clock.advanceBy(29_999);
    expect(timeline()).toEqual(['t-1:running', 'x-2:running']);
    host.clock.advanceBy(1);
    expect(timeline()).toEqual(['t-1:running', 'x-2:running', 't-1:finished', 'x-2:timeout']);
    expect(engine.trace('t-1')?.trace.find((e) => e.path === 'action/0')?.result).toEqual({ wait: { completed: false, remaining: 0 } });
    expect(engine.trace('x-2')?.reason).toBe('action/0 wait_for_trigger timed out after 30 s');
    expect(host.notifications.map((n) => n.message)).toEqual(['went on']);
  });

  it('choose: first passing option, else default; trace paths as HA', () => {
    const { host, engine } = engineFixture({
      automations: [auto([
        {
          choose: [
            { conditions: [{ condition: 'zone', zone: 'not_home' }], sequence: [{ notify: 'away' }] },
            { conditions: [{ condition: 'zone', zone: 'home' }, { condition: 'vehicle', state: 'parked' }], sequence: [{ notify: 'home' }] },
          ],
          default: [{ notify: 'default' }],
        },
        { choose: [{ conditions: { condition: 'trigger', id: 'nope' }, sequence: [{ notify: 'x' }] }], default: [{ notify: 'fallback' }] },
      ])],
    });
    host.setPresence({ state: 'home' });
    host.emit('home.arrived');
    const run = engine.trace('t-1');
    expect(paths(run)).toEqual([
      'trigger/0', 'action/0', 'action/0/choose/0/conditions/0', 'action/0/choose/1/conditions/0', 'action/0/choose/1/conditions/1', 'action/0/choose/1/sequence/0',
      'action/1', 'action/1/choose/0/conditions/0', 'action/1/default/0',
    ]);
    expect(run?.trace.find((e) => e.path === 'action/0')?.result).toEqual({ choice: 1 });
    expect(host.notifications.map((n) => n.message)).toEqual(['home', 'fallback']);
  });

  it('condition step: false stops the rest of the run, the trace says so', () => {
    const { host, engine } = engineFixture({ automations: [auto([{ notify: 'one' }, { condition: 'zone', zone: 'home' }, { notify: 'two' }])] });
    host.emit('home.arrived');
    const run = engine.trace('t-1');
    expect(run).toMatchObject({ result: 'condition_failed', reason: 'action/1 condition false' });
    expect(run?.trace.at(-1)).toMatchObject({ path: 'action/1', result: { result: false, state: 'not_home' } });
    expect(host.notifications.map((n) => n.message)).toEqual(['one']);
  });

  it('notify, sequence, stop; disabled steps are skipped', () => {
    const { host, engine } = engineFixture({
      automations: [auto([
        { sequence: [{ notify: { title: 'Battery', message: 'low', level: 'warning' } }, { notify: 'skipped', enabled: false }] },
        { stop: 'done here' },
        { notify: 'never' },
      ], { alias: 'Battery watch' })],
    });
    host.emit('home.arrived');
    expect(host.notifications).toEqual([{ atMs: host.clock.now(), level: 'warning', title: 'Battery', message: 'low', source: 'automation.t' }]);
    const run = engine.trace('t-1');
    expect(run).toMatchObject({ result: 'finished', reason: 'stopped: done here' });
    expect(paths(run)).toEqual(['trigger/0', 'action/0', 'action/0/sequence/0', 'action/0/sequence/1', 'action/1']);
  });

  it('parallel: branches together; a failing branch does not stop its sibling, then fails the step', async () => {
    const { host, engine } = engineFixture({
      automations: [auto([{ parallel: [{ device: 'curtain', set: { position: 100 } }, { sequence: [{ delay: 1 }, { device: 'plug', set: { power: true } }] }] }])],
    });
    host.respond('curtain', (c) => failResult(c));
    host.emit('home.arrived');
    await flushMicrotasks();
    host.clock.advanceBy(1_000);
    await flushMicrotasks();
    expect(host.sent.map((s) => s.command.device)).toEqual(['curtain', 'plug']);
    const run = engine.trace('t-1');
    expect(run).toMatchObject({ result: 'error', reason: 'action/0/parallel/0/sequence/0: curtain: no answer' });
    expect(paths(run)).toEqual(['trigger/0', 'action/0', 'action/0/parallel/0/sequence/0', 'action/0/parallel/1/sequence/0', 'action/0/parallel/1/sequence/1']);
  });

  it('scene step: its device steps are reported with the automation and the scene; a failed device fails the step', async () => {
    const { host, engine, actions } = engineFixture({
      scenes: [{ id: 'arrive', name: 'Arrive', steps: [{ device: 'curtain', set: { position: 100 } }, { device: 'plug', set: { power: true } }] }],
      automations: [auto([{ scene: 'arrive' }])],
    });
    host.respond('plug', (c) => failResult(c, 'offline', 'device offline'));
    host.emit('home.arrived');
    await flushMicrotasks();
    expect(actions.map((a) => `${a.automation}/${a.scene}/${a.result.device}:${a.result.ok}`)).toEqual(['t/arrive/curtain:true', 't/arrive/plug:false']);
    expect(engine.trace('t-1')).toMatchObject({ result: 'error', reason: "action/0: scene 'arrive': 1 step(s) failed" });
  });
});
