import { describe, expect, it } from 'vitest';
import { parseConfigText } from './config/load-config.js';
import { memoryFiles } from './config/testing/memory-files.js';
import { runtimeSetup } from './runtime-setup.js';

const ROOT = '/virtual/homeward';

async function setupOf(text: string, deps: Parameters<typeof runtimeSetup>[1] = {}) {
  const files = memoryFiles(ROOT, {});
  const { config } = await parseConfigText(text, `${ROOT}/homeward.yaml`, { readFile: files.readFile, fileExists: files.fileExists, env: {}, homeDir: ROOT });
  return runtimeSetup(config, deps);
}

const DEVICES = `
devices:
  - {id: plug, model: chuangmi.plug.m1, host: 127.0.0.4, token: 'badc0ffee00000000000000000000003', poll_interval_s: 2.5, simulate: true}
  - {id: lamp, name: Desk lamp, model: yeelink.light.color1, host: 192.168.1.20, token: 'BADC0FFEE00000000000000000000002'}
`;

describe('runtimeSetup', () => {
  it('turns config keys into what each part takes, units in names', async () => {
    const s = await setupOf(`home: {name: Home, latitude: 48.1, longitude: 11.4, radius_m: 40, exit_radius_m: 90}\n${DEVICES}`);
    expect(s.home).toEqual({ name: 'Home', latitude: 48.1, longitude: 11.4, radiusM: 40, exitRadiusM: 90, approachRadiusM: 2000 });
    expect(s.devices).toEqual([
      { id: 'plug', name: 'plug', model: 'chuangmi.plug.m1', host: '127.0.0.4', port: 54321, token: 'badc0ffee00000000000000000000003', pollIntervalMs: 2500 },
      { id: 'lamp', name: 'Desk lamp', model: 'yeelink.light.color1', host: '192.168.1.20', port: 54321, token: 'badc0ffee00000000000000000000002', pollIntervalMs: 5000 },
    ]);
    // Only `simulate: true` entries get a simulator.
    expect(s.simulated.map((d) => d.id)).toEqual(['plug']);
    expect(s.etaThresholdsS).toEqual([600, 300, 120, 60]);
    expect(s.vehicle.source).toEqual({ kind: 'none' });
    expect(s.vehicle.dbcFiles).toHaveLength(1); // the demo EV's
  });

  it('without a home there is no zone; replay flags override the config', async () => {
    const s = await setupOf('vehicle: {can: none, speed: 4}', { speed: 'max' });
    expect(s.home).toBeNull();
    expect(s.vehicle.speed).toBe('max');
    expect((await setupOf('vehicle: {can: none, speed: 4}')).vehicle.speed).toBe(4);
  });

  it('reloadConfig without a file gives the same config back', async () => {
    const s = await setupOf(DEVICES);
    expect(await s.reloadConfig()).toBe(s.config);
  });
});
