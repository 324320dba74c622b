import { describe, expect, it } from 'vitest';
import { engineFixture } from './testing/engine-fixture.js';
import { flushMicrotasks } from './testing/test-host.js';

// The demo's automations and scenes (config/automations.yaml, config/demo.yaml), inline: core/ cannot read YAML.
const scenes = [
  { id: 'prepare_home', name: 'Prepare the house', steps: [{ device: 'purifier', set: { power: true, mode: 'auto' } }, { device: 'hallway_light', set: { power: true } }] },
];
const automations = [
  { id: 'eta_prepare_home', mode: 'single', triggers: [{ trigger: 'eta', below_s: 120 }], actions: [{ scene: 'prepare_home' }] },
  { id: 'arrived_welcome', triggers: [{ trigger: 'event', event_type: 'home.arrived' }], actions: [{ device: 'curtain', set: { motor_control: 'open' } }, { device: 'plug', set: { power: true } }] },
  { id: 'left_tidy_up', triggers: [{ trigger: 'event', event_type: 'home.left' }], actions: [{ device: 'vacuum', action: 'start' }, { device: 'hallway_light', set: { power: false } }] },
  { id: 'battery_low_notify', triggers: [{ trigger: 'event', event_type: 'vehicle.battery_low' }], actions: [{ notify: { title: 'Battery low', message: 'plan a charge', level: 'warning' } }] },
];

describe('the demo drive, as car events', () => {
  it('ETA below 2 min prepares the house once; arrival opens up; leaving tidies up; battery low notifies', async () => {
    const { host, engine, actions } = engineFixture({ automations, scenes, dryRun: true });
    for (const eta of [600, 300, 120, 60]) {
      host.emit('home.approaching', { eta_s: eta, distance_m: eta * 10 });
      host.clock.advanceBy(30_000);
      await flushMicrotasks();
    }
    host.emit('home.arrived', { distance_m: 8 });
    await flushMicrotasks();
    host.emit('vehicle.battery_low', { soc_pct: 9 });
    host.clock.advanceBy(3_600_000);
    host.emit('home.left', { distance_m: 130 });
    await flushMicrotasks();
    expect(actions.map((a) => `${a.automation}${a.scene ? `/${a.scene}` : ''}: ${a.result.device}`)).toEqual([
      'eta_prepare_home/prepare_home: purifier', // devices in parallel: the light's one step lands between the purifier's two
      'eta_prepare_home/prepare_home: hallway_light',
      'eta_prepare_home/prepare_home: purifier',
      'arrived_welcome: curtain',
      'arrived_welcome: plug',
      'left_tidy_up: vacuum',
      'left_tidy_up: hallway_light',
    ]);
    expect(host.notifications.map((n) => `${n.level}: ${n.title}`)).toEqual(['warning: Battery low']);
    const eta = engine.runs('eta_prepare_home');
    expect(eta).toHaveLength(1);
    expect(eta[0]).toMatchObject({ result: 'finished', dry_run: true, trigger: { path: 'trigger/0', evidence: { eta_s: 120, below_s: 120 } } });
    expect(engine.list().map((a) => `${a.id}:${a.last_run?.result}`)).toEqual([
      'eta_prepare_home:finished', 'arrived_welcome:finished', 'left_tidy_up:finished', 'battery_low_notify:finished',
    ]);
  });
});
