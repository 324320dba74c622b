import { describe, expect, it } from 'vitest';
import { automationConfigSchema, sceneConfigSchema } from './config-schema.js';

describe('automationConfigSchema', () => {
  it('reads HA 2024.10 shape with Homeward triggers, durations in ms', () => {
    const parsed = automationConfigSchema.parse({
      id: 'arrive',
      alias: 'Arrived home',
      mode: 'restart',
      rate_limit: { max_runs: 3, per_s: 60 },
      triggers: [
        { trigger: 'event', event_type: 'home.arrived' },
        { event: 'home.left' },
        { platform: 'numeric_state', path: 'Vehicle.Speed', below: 1, for: '00:00:30' },
      ],
      conditions: [{ or: [{ condition: 'zone', zone: 'home' }, { condition: 'vehicle', state: 'parked' }] }],
      actions: [
        { device: 'curtain', set: { position: 100 } },
        { delay: { seconds: 5 } },
        { condition: 'time', after: '07:00', before: '23:00' },
        { choose: [{ conditions: { condition: 'trigger', id: '0' }, sequence: [{ scene: 'arrive' }] }], default: [{ notify: 'hi' }] },
        { parallel: [{ device: 'a', action: 'start' }, { sequence: [{ delay: 1 }, { device: 'b', call: 'x', params: [1] }] }] },
        { wait_for_trigger: { trigger: 'device', device: 'fan', to: 'offline' }, timeout: '00:01', continue_on_timeout: false },
      ],
    });
    expect(parsed.max).toBe(10);
    expect(parsed.max_exceeded).toBe('warning');
    expect(parsed.triggers[1]).toMatchObject({ trigger: 'event', event: 'home.left' });
    expect(parsed.triggers[2]).toMatchObject({ trigger: 'numeric_state', for: 30_000 });
    expect(parsed.conditions[0]).toMatchObject({ condition: 'or', conditions: [{ condition: 'zone' }, { condition: 'vehicle' }] });
    expect(parsed.actions.map((a) => a.kind)).toEqual(['device', 'delay', 'condition', 'choose', 'parallel', 'wait_for_trigger']);
    expect(parsed.actions[1]).toMatchObject({ delay: 5000 });
    expect(parsed.actions[4]).toMatchObject({ parallel: [[{ kind: 'device' }], [{ kind: 'delay', delay: 1000 }, { kind: 'device' }]] });
    expect(parsed.actions[5]).toMatchObject({ timeout: 60_000, wait_for_trigger: [{ trigger: 'device' }] });
  });

  it('accepts the legacy singular keys', () => {
    const parsed = automationConfigSchema.parse({ id: 'x', trigger: { platform: 'time', at: '07:30:00' }, action: { notify: { message: 'm', level: 'warning' } } });
    expect(parsed.triggers).toHaveLength(1);
    expect(parsed.conditions).toEqual([]);
    expect(parsed.actions[0]).toMatchObject({ kind: 'notify', notify: { message: 'm', level: 'warning' } });
  });

  it('rejects unknown keys and kinds with paths', () => {
    const issues = (value: unknown) => automationConfigSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ id: 'x', triggers: [{ trigger: 'event', event_type: 'home.arived' }], actions: [] }).join()).toMatch(/^triggers\.0\.event_type/);
    expect(issues({ id: 'x', triggers: [{ trigger: 'nope' }], actions: [] }).join()).toMatch(/unknown trigger/);
    expect(issues({ id: 'x', triggers: [{ event: 'home.left', colour: 1 }], actions: [] }).join()).toMatch(/colour/);
    expect(issues({ id: 'x', triggers: [{ event: 'home.left' }], actions: [{ bogus: 1 }] }).join()).toMatch(/^actions\.0.*unknown action/);
    expect(issues({ id: 'x', triggers: [{ event: 'home.left' }], actions: [{ device: 'd', set: { a: 1 }, action: 'b' }] }).join()).toMatch(/exactly one/);
    expect(issues({ id: 'x', triggers: [{ trigger: 'state', path: 'Vehicle.Speed', device: 'd' }], actions: [] }).join()).toMatch(/either path/);
    expect(issues({ id: 'x', triggers: [{ event: 'home.left' }], actions: [], action: [] }).join()).toMatch(/not both/);
    expect(issues({ id: 'x', actions: [] }).join()).toMatch(/triggers: is required/);
    expect(issues({ id: 'x', triggers: [{ event: 'home.left' }], actions: [], foo: 1 }).join()).toMatch(/foo/);
    expect(issues({ id: 'x', triggers: [{ event: 'home.left' }], actions: [{ delay: '1:99' }] }).join()).toMatch(/^actions\.0\.delay/);
  });
});

describe('sceneConfigSchema', () => {
  it('reads steps and rejects a step without a command', () => {
    expect(sceneConfigSchema.parse({ id: 's', name: 'S', steps: [{ device: 'a', set: { power: true } }, { device: 'b', miot_action: { siid: 2, aiid: 1 } }] }).steps).toHaveLength(2);
    expect(sceneConfigSchema.safeParse({ id: 's', steps: [{ device: 'a' }] }).success).toBe(false);
    expect(sceneConfigSchema.safeParse({ id: 's', steps: [{ device: 'a', set: { p: 1 } }], x: 1 }).success).toBe(false);
  });
});
