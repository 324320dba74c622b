import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../core/base/repo-root.js';
import { main } from '../../core/cli/main.js';
import { recordIo } from './cli-io.js';

/** `homeward config check FILE` in-process, on real files. */

const TOKEN = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const PASSWORD = 'correct-horse-battery-staple';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-cli-config-'));
  await writeFile(path.join(dir, 'secrets.yaml'), `plug_token: '${TOKEN}'\nmqtt_password: '${PASSWORD}'\nbad_token: 'not-a-token-${PASSWORD}'\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(...args: string[]) {
  const io = recordIo();
  const code = await main(['config', ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('homeward config check', () => {
  it('prints a summary of config/demo.yaml and exits 0', async () => {
    const file = path.join(findRepoRoot(import.meta.dirname), 'config', 'demo.yaml');
    const { code, out, err } = await check('check', file);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`${file}: ok\n`);
    expect(out).toContain('home: Home at 48.1049, 11.4601 (radius 50 m, approach 2000 m)');
    expect(out).toContain('vehicle: the demo car');
    expect(out).toContain('devices: 6 (6 simulated)');
    for (const model of ['zhimi.airp.mb4a', 'yeelink.light.color1', 'chuangmi.plug.m1', 'lumi.curtain.hagl05', 'dmaker.fan.p10', 'roborock.vacuum.s5']) expect(out).toContain(model);
    expect(out).toMatch(/^scenes: 3 /m);
    expect(out).toMatch(/^automations: 4 /m);
    expect(out).toMatch(/^storage: \/.*homeward\.db/m);
    expect(out).toContain('mqtt: embedded broker (aedes, MQTT 3.1.1) on 127.0.0.1:1883');
    expect(out).toContain('web: http://127.0.0.1:8080');
    expect(out).not.toMatch(/badc0ffee/);
  });

  it('prints every problem as FILE:LINE:COL: KEY: message and exits 2; no secret is printed', async () => {
    const file = path.join(dir, 'broken.yaml');
    await writeFile(
      file,
      [
        'home:',
        '  latitude: 48.1',
        '  longitude: 11.4',
        '  radius: 30',
        'devices:',
        '  - id: plug',
        '    model: chuangmi.plug.m1',
        '    host: 10.0.0.4',
        '    token: !secret bad_token',
        '  - id: plug',
        '    model: chuangmi.plug.m1',
        '    host: 10.0.0.5',
        '    token: !secret plug_token',
        'mqtt:',
        '  url: mqtt://broker.lan:1883',
        '  password: !secret mqtt_password',
        '  username: !secret no_such_secret',
        '',
      ].join('\n'),
    );
    const { code, out, err } = await check('check', file);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.split('\n')).toEqual([
      `${file}:4:3: home.radius: unknown key 'radius'; did you mean 'radius_m'?`,
      `${file}:9:5: devices[0].token: a device token is 32 hex characters (quote it: YAML reads an all-digit token as a number)`,
      `${file}:10:5: devices[1].id: device id 'plug' is used twice: devices[0] and devices[1]`,
      `${file}:17:21: mqtt.username: secret 'no_such_secret' is not defined (looked in ${dir}/secrets.yaml)`,
      `4 problems in ${file}`,
      '',
    ]);
    expect(err).not.toContain(TOKEN);
    expect(err).not.toContain(PASSWORD);
  });

  it('a file that does not exist exits 2; bad arguments exit 64', async () => {
    const missing = await check('check', path.join(dir, 'nope.yaml'));
    expect(missing).toMatchObject({ code: 2, err: `${path.join(dir, 'nope.yaml')}: no such file\n1 problem in ${path.join(dir, 'nope.yaml')}\n` });
    expect((await check('check')).code).toBe(64);
    expect((await check('check', 'a.yaml', 'b.yaml')).code).toBe(64);
    expect((await check('lint', 'a.yaml')).code).toBe(64);
    expect((await check()).code).toBe(64);
    const help = await check('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: homeward config check FILE/);
  });
});
