import { describe, expect, it } from 'vitest';
import type { StepResult } from '../api/protocol.js';
import { engineFixture } from './testing/engine-fixture.js';
import { failResult, flushMicrotasks, okResult } from './testing/test-host.js';

const scene = {
  id: 'arrive',
  name: 'Arrive home',
  steps: [
    { device: 'curtain', set: { position: 100 } },
    { device: 'light', set: { power: true } },
    { device: 'curtain', action: 'stop' },
    { device: 'light', set: { brightness: 80 } },
  ],
};

describe('scenes', () => {
  it('lists scenes with their devices', () => {
    const { engine } = engineFixture({ scenes: [scene] });
    expect(engine.scenes()).toEqual([{ id: 'arrive', name: 'Arrive home', devices: ['curtain', 'light'], steps: 4 }]);
  });

  it("each device's steps in order, devices in parallel; results in config order", async () => {
    const { host, engine, actions } = engineFixture({ scenes: [scene] });
    const pending: { resolve: (r: StepResult) => void; result: StepResult }[] = [];
    host.respond('curtain', (c) => new Promise<StepResult>((resolve) => pending.push({ resolve, result: okResult(c) })));
    const run = engine.runScene('arrive');
    await flushMicrotasks();
    // The curtain's first step is still in flight, yet the light already did both of its steps.
    expect(host.sent.map((s) => `${s.command.device}.${s.command.name}`)).toEqual(['curtain.position', 'light.power', 'light.brightness']);
    pending.shift()?.resolve(okResult(host.sent[0]!.command));
    await flushMicrotasks();
    pending.shift()?.resolve(okResult(host.sent[3]!.command));
    const result = await run;
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => `${s.device}:${s.method}`)).toEqual(['curtain:set_properties', 'light:set_properties', 'curtain:stop', 'light:set_properties']);
    expect(actions.map((a) => `${a.scene}:${a.automation}:${a.result.device}`)).toEqual(['arrive:null:light', 'arrive:null:light', 'arrive:null:curtain', 'arrive:null:curtain']);
  });

  it('a failing device does not stop the others; its later steps are reported as skipped', async () => {
    const { host, engine } = engineFixture({ scenes: [scene] });
    host.respond('curtain', (c) => failResult(c, 'timeout', 'no answer'));
    const result = await engine.runScene('arrive');
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => `${s.device}:${s.ok}:${s.error?.code ?? ''}`)).toEqual(['curtain:false:timeout', 'light:true:', 'curtain:false:skipped', 'light:true:']);
    expect(host.sent.map((s) => s.command.device)).toEqual(['curtain', 'light', 'light']);
  });

  it('an unknown scene rejects with not_found', async () => {
    const { engine } = engineFixture({ scenes: [scene] });
    await expect(engine.runScene('nope')).rejects.toMatchObject({ code: 'not_found', message: "unknown scene 'nope'" });
  });
});
