import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import { loadConfig } from '../../core/runtime/config/load-config.js';
import { createRuntime, type Runtime } from '../../core/runtime/create-runtime.js';
import type { SignalUpdate } from '../../core/vehicle/signal-updates.js';
import { NO_SERVICES, REPO_ROOT } from '../helpers/runtime-fixture.js';

// Issue 8 §2: "the config is reloadable without a restart", through the API's config.reload: the
// demo config copied to a folder of its own, its automations.yaml edited while the runtime runs.

let dir: string;
let runtime: Runtime;
const automationsFile = (): string => join(dir, 'automations.yaml');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homeward-reload-'));
  const demo = await readFile(join(REPO_ROOT, 'config', 'demo.yaml'), 'utf8');
  await writeFile(join(dir, 'demo.yaml'), demo.replaceAll('host: 127.0.0.', 'host: 127.61.7.'));
  await copyFile(join(REPO_ROOT, 'config', 'automations.yaml'), automationsFile());
  await copyFile(join(REPO_ROOT, 'config', 'secrets.yaml'), join(dir, 'secrets.yaml'));
  const { config } = await loadConfig(join(dir, 'demo.yaml'));
  // Nothing simulated and a clock nobody moves: no poll ever runs; only the config matters here.
  runtime = await createRuntime(config, { scheduler: new ManualClock(), updates$: new Subject<SignalUpdate>(), simulate: false, services: NO_SERVICES, configFile: join(dir, 'demo.yaml') });
  await runtime.start();
});

afterAll(async () => {
  await runtime?.stop();
  await rm(dir, { recursive: true, force: true });
});

const ids = (): string[] => runtime.api.snapshot().automations.map((a) => a.id);

describe('config.reload', () => {
  it('reads the file again: an automation removed from automations.yaml is gone, the others stay', async () => {
    expect(await runtime.api.request('config.reload', {})).toEqual({ automations: 4, scenes: 3 });
    await runtime.api.request('automation.enable', { automation: 'arrived_welcome', enabled: false });
    const text = await readFile(automationsFile(), 'utf8');
    await writeFile(automationsFile(), text.slice(0, text.indexOf('- id: battery_low_notify')));
    expect(await runtime.api.request('config.reload', {})).toEqual({ automations: 3, scenes: 3 });
    expect(ids()).toEqual(['eta_prepare_home', 'arrived_welcome', 'left_tidy_up']);
    // An unchanged automation keeps its state across the reload (HA re-creates only changed ones).
    expect(runtime.api.snapshot().automations.find((a) => a.id === 'arrived_welcome')?.enabled).toBe(false);
  });

  it('a broken file is refused with file, line and key, and the running automations stay', async () => {
    await writeFile(automationsFile(), '- id: eta_prepare_home\n  triggers:\n    - trigger: eta\n      below_s: soon\n  actions: []\n');
    const refused = await runtime.api.request('config.reload', {}).then(() => null, (e: unknown) => e as Error);
    expect(refused?.message).toMatch(/automations\.yaml:4/);
    expect(refused?.message).toMatch(/below_s/);
    expect(ids()).toEqual(['eta_prepare_home', 'arrived_welcome', 'left_tidy_up']);
    // Secrets never appear in what a client is told.
    expect(refused?.message).not.toMatch(/badc0ffee/);
  });
});
