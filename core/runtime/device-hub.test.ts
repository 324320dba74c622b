import { describe, expect, it } from 'vitest';
import { deviceSchema } from '../api/protocol.js';
import { ManualClock } from '../base/manual-clock.js';
import { FAMILIES } from '../home/registry.js';
import { createDeviceHub, describeDevice, type DeviceSetup } from './device-hub.js';

// What the hub does without a socket: wire descriptions, refusals and dry runs. Real devices over
// loopback are in test/e2e/runtime-*.test.ts and demo-*.test.ts.

const setup = (id: string, model: string): DeviceSetup => ({ id, name: id, model, host: '127.0.0.1', port: 54321, token: '00112233445566778899aabbccddeeff', pollIntervalMs: 5000 });

describe('describeDevice', () => {
  it.each(FAMILIES.map((f) => [f.id, f.models.find((m) => !m.endsWith('*')) ?? f.models[0]] as const))('%s is a valid wire device, unknown until polled', (_id, model) => {
    const family = FAMILIES.find((f) => f.models.includes(model))!;
    const info = describeDevice(setup('d1', model), family);
    expect(deviceSchema.safeParse(info).success).toBe(true);
    expect(info).toMatchObject({ online: null, values: {}, ts: null, family: family.id });
    expect(info.properties.map((p) => p.name)).toEqual(family.properties.map((p) => p.name));
    expect(JSON.stringify(info)).not.toContain('00112233445566778899aabbccddeeff');
  });
});

describe('createDeviceHub without sockets', () => {
  it('refuses a device it does not have; a dry run answers without sending; stop() is clean', async () => {
    const clock = new ManualClock();
    const hub = createDeviceHub([setup('plug', 'chuangmi.plug.m1')], { scheduler: clock });
    expect(await hub.send({ device: 'toaster', kind: 'set', name: 'power', value: true }, { dryRun: false })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await hub.send({ device: 'plug', kind: 'set', name: 'power', value: true }, { dryRun: true })).toEqual({ device: 'plug', method: 'set power', params: true, ok: true, dry_run: true });
    expect(await hub.send({ device: 'plug', kind: 'action', name: 'toggle' }, { dryRun: true })).toMatchObject({ method: 'toggle', params: [], dry_run: true });
    expect(hub.list().map((d) => d.online)).toEqual([null]);
    let completed = false;
    hub.changes$.subscribe({ complete: () => (completed = true) });
    await hub.stop();
    expect(completed).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a value the family refuses fails the command before anything is sent', async () => {
    const clock = new ManualClock();
    const hub = createDeviceHub([setup('plug', 'chuangmi.plug.m1')], { scheduler: clock });
    const result = await hub.send({ device: 'plug', kind: 'set', name: 'power', value: 'maybe' }, { dryRun: false });
    expect(result).toMatchObject({ ok: false, device: 'plug', method: 'set power' });
    expect(result.error?.message).toMatch(/power/);
    await hub.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
