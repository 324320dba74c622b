import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../base/repo-root.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { loadConfig, parseConfigText } from './load-config.js';
import { memoryFiles } from './testing/memory-files.js';

const ROOT = '/homeward-test/conf';
const MAIN = path.join(ROOT, 'home.yaml');
const TOKEN = '0123456789abcdef0123456789abcdef';
const SECRETS = `purifier_token: '${TOKEN}'\nbroker_password: 'hunter2-very-secret'\nshort_token: 'deadbeefdeadbeef'\n`;

async function load(text: string, files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const fs = memoryFiles(ROOT, { 'secrets.yaml': SECRETS, ...files });
  return parseConfigText(text, MAIN, { readFile: fs.readFile, fileExists: fs.fileExists, env, homeDir: '/home/driver' });
}

async function configError(loading: Promise<unknown>): Promise<ConfigError> {
  const error = await loading.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ConfigError)) throw new Error('expected a ConfigError');
  return error;
}

async function issuesOf(text: string, files: Record<string, string> = {}): Promise<ConfigIssue[]> {
  try {
    await load(text, files);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    // The message is the issues, one `FILE:LINE:COL: KEY: message` line each.
    expect(configError.message.split('\n')).toHaveLength(configError.issues.length);
    expect(configError.code).toBe('config');
    return [...configError.issues];
  }
  throw new Error('expected a ConfigError');
}

const device = (extra = '') => `devices:\n  - id: purifier\n    model: zhimi.airp.mb4a\n    host: 192.168.1.20\n    token: !secret purifier_token\n${extra}`;

describe('loadConfig: a valid file', () => {
  it('fills every default; an empty file is a valid (empty) configuration', async () => {
    const { config } = await load('', {}, { XDG_DATA_HOME: '/data' });
    expect(config.home).toBeUndefined();
    expect(config.vehicle).toMatchObject({ can: 'none', strict: true, allow_truncated: false, stale_factor: 3, battery_low_pct: 15, battery_low_clear_pct: 20, speed: 1 });
    expect(config.devices).toEqual([]);
    expect(config.storage).toEqual({ enabled: true, path: '/data/homeward/homeward.db', retention_days: 30, max_size_mb: 200, signal_interval_s: 1, trace_limit: 20 });
    expect(config.mqtt).toMatchObject({ enabled: true, protocol_version: 4, base_topic: 'homeward', discovery_prefix: 'homeassistant', discovery: true, birth_topic: 'homeassistant/status', embedded: { port: 1883 } });
    expect(config.web).toEqual({ enabled: true, host: '127.0.0.1', port: 8080, rate_limit_per_s: 20 });
    expect(config.dashboard).toMatchObject({ kiosk: false, fullscreen: true, theme: 'auto' });
    expect(config.logging.level).toBe('info');
  });

  it('reads home, devices with secrets, and empty sections', async () => {
    const loaded = await load(`home:\n  latitude: 48.1\n  longitude: 11.4\n  eta_thresholds_s: [60, 600, 60]\n${device()}mqtt:\nweb:\n`);
    expect(loaded.config.home).toEqual({ name: 'Home', latitude: 48.1, longitude: 11.4, radius_m: 50, approach_radius_m: 2000, eta_thresholds_s: [600, 60] });
    expect(loaded.config.devices[0]).toEqual({ id: 'purifier', name: 'purifier', model: 'zhimi.airp.mb4a', host: '192.168.1.20', port: 54321, token: TOKEN, poll_interval_s: 5, simulate: false });
    expect(loaded.fromSecret(['devices', 0, 'token'])).toBe(true);
    expect(loaded.fromSecret(['devices', 0, 'host'])).toBe(false);
    expect(loaded.locate(['devices', 0, 'token'])).toEqual({ file: MAIN, line: 9, column: 5 });
  });

  it('resolves paths against the configuration folder and ~, and uses the demo DBC for can: demo', async () => {
    const { config } = await load('vehicle:\n  can: candump:logs/drive.log\n  dbc: [car.dbc, ~/dbc/extra.dbc]\n  mapping: car.vss.yaml\nstorage:\n  path: ~/hw.db\n', {
      'logs/drive.log': '', 'car.dbc': '', 'car.vss.yaml': '', '/home/driver/dbc/extra.dbc': '',
    });
    expect(config.vehicle.can).toBe(`candump:${ROOT}/logs/drive.log`);
    expect(config.vehicle.dbc).toEqual([`${ROOT}/car.dbc`, '/home/driver/dbc/extra.dbc']);
    expect(config.vehicle.mapping).toBe(`${ROOT}/car.vss.yaml`);
    expect(config.storage.path).toBe('/home/driver/hw.db');
    const demo = await load('vehicle: {can: demo}\n');
    expect(demo.config.vehicle.dbc.map((f) => path.basename(f))).toEqual(['homeward-ev.dbc']);
    expect(path.basename(demo.config.vehicle.mapping)).toBe('homeward-ev.vss.yaml');
  });

  it('ignores a relative XDG_DATA_HOME, as the XDG spec says', async () => {
    expect((await load('', {}, { XDG_DATA_HOME: 'relative' })).config.storage.path).toBe('/home/driver/.local/share/homeward/homeward.db');
  });

  it('loads config/demo.yaml with its secrets and included automations', async () => {
    const file = path.join(findRepoRoot(import.meta.dirname), 'config', 'demo.yaml');
    const { config } = await loadConfig(file);
    expect(config.home).toMatchObject({ latitude: 48.1049, longitude: 11.4601, radius_m: 50 });
    expect(config.vehicle.can).toBe('demo');
    expect(config.devices.map((d) => [d.id, d.model, d.host, d.simulate])).toEqual([
      ['purifier', 'zhimi.airp.mb4a', '127.0.0.2', true],
      ['hallway_light', 'yeelink.light.color1', '127.0.0.3', true],
      ['plug', 'chuangmi.plug.m1', '127.0.0.4', true],
      ['curtain', 'lumi.curtain.hagl05', '127.0.0.5', true],
      ['fan', 'dmaker.fan.p10', '127.0.0.6', true],
      ['vacuum', 'roborock.vacuum.s5', '127.0.0.7', true],
    ]);
    expect(config.devices.every((d) => /^[0-9a-f]{32}$/.test(d.token))).toBe(true);
    expect(config.scenes.map((s) => s.id)).toEqual(['prepare_home', 'welcome_home', 'leave_home']);
    expect(config.automations.map((a) => [a.id, a.triggers[0]])).toEqual([
      ['eta_prepare_home', { trigger: 'eta', below_s: 120 }],
      ['arrived_welcome', { trigger: 'event', event_type: 'home.arrived' }],
      ['left_tidy_up', { trigger: 'event', event_type: 'home.left' }],
      ['battery_low_notify', { trigger: 'event', event_type: 'vehicle.battery_low' }],
    ]);
  });
});

describe('loadConfig: every broken file names file, line and key', () => {
  it('bad YAML syntax', async () => {
    const [issue] = await issuesOf('home:\n  name: Home\n  - latitude: 1\n');
    expect(issue).toEqual({ file: MAIN, line: 3, column: 1, key: '', message: 'YAML syntax: A block sequence may not be used as an implicit map key' });
    const [duplicate] = await issuesOf('web:\n  port: 1\n  port: 2\n');
    expect(duplicate).toEqual({ file: MAIN, line: 3, column: 3, key: '', message: 'YAML syntax: Map keys must be unique' });
  });

  it('an unknown key, with the closest known one', async () => {
    const issues = await issuesOf('home:\n  latitude: 1\n  longitude: 2\n  radius: 40\nwebb: {}\n');
    expect(issues).toEqual([
      { file: MAIN, line: 4, column: 3, key: 'home.radius', message: "unknown key 'radius'; did you mean 'radius_m'?" },
      { file: MAIN, line: 5, column: 1, key: 'webb', message: "unknown key 'webb'; did you mean 'web'?" },
    ]);
  });

  it('a wrong type, a value out of range and a missing key', async () => {
    const issues = await issuesOf('home:\n  latitude: north\n  radius_m: -5\nweb:\n  port: 70000\n');
    expect(issues.map((i) => `${i.line}:${i.column} ${i.key}: ${i.message}`)).toEqual([
      '1:1 home.longitude: required key is missing',
      '2:3 home.latitude: expected number, received string',
      '3:3 home.radius_m: Too small: expected number to be >0',
      '5:3 web.port: Too big: expected number to be <=65535',
    ]);
  });

  it('a missing secret names the key and the secret, never a value', async () => {
    const [issue] = await issuesOf('mqtt:\n  url: mqtt://broker:1883\n  password: !secret mqtt_password\n');
    expect(issue).toMatchObject({ file: MAIN, line: 3, key: 'mqtt.password' });
    expect(issue.message).toBe(`secret 'mqtt_password' is not defined (looked in ${ROOT}/secrets.yaml)`);
  });

  it('a secret is never in a message, even where a check would echo the value', async () => {
    const text = `devices:\n  - id: a\n    model: !secret broker_password\n    host: !secret purifier_token\n    token: !secret short_token\n    port: !secret purifier_token\n`;
    const issues = await issuesOf(text);
    expect(issues.map((i) => i.key)).toEqual(['devices[0].model', 'devices[0].host', 'devices[0].token', 'devices[0].port']);
    const error = await configError(load(text));
    for (const secret of [TOKEN, 'hunter2-very-secret', 'deadbeefdeadbeef']) {
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
      expect(JSON.stringify(error.issues)).not.toContain(secret);
    }
    expect(issues[0].message).toBe("no device family declares model '[secret]'");
  });

  it('a syntax error in secrets.yaml shows no secret', async () => {
    const issues = await issuesOf(device(), { 'secrets.yaml': `purifier_token: "${TOKEN}\nother: 1\n` });
    expect(issues.some((i) => i.file === `${ROOT}/secrets.yaml` && i.line > 0)).toBe(true);
    expect(JSON.stringify(issues)).not.toContain(TOKEN);
  });

  it('a bad include: missing, broken inside (named by its own file and line), a cycle', async () => {
    const missing = await issuesOf('automations: !include nope.yaml\n');
    expect(missing).toEqual([{ file: MAIN, line: 1, column: 23, key: 'automations', message: `cannot read included file ${ROOT}/nope.yaml: no such file` }]);

    const inside = await issuesOf('automations: !include auto/list.yaml\n', { 'auto/list.yaml': '- id: a\n  triggers:\n    - trigger: event\n      event_typ: home.arrived\n  actions: []\n' });
    expect(inside).toContainEqual({ file: `${ROOT}/auto/list.yaml`, line: 4, column: 7, key: 'automations[0].triggers[0].event_typ', message: "unknown key 'event_typ'; did you mean 'event_type'?" });

    const cycle = await issuesOf('scenes: !include a.yaml\n', { 'a.yaml': '!include b.yaml\n', 'b.yaml': '!include a.yaml\n' });
    expect(cycle).toEqual([{ file: `${ROOT}/b.yaml`, line: 1, column: 10, key: 'scenes', message: 'include cycle: a.yaml → b.yaml → a.yaml' }]);
  });

  it('a duplicate device id names both entries', async () => {
    const entry = (host: string) => `  - id: plug\n    model: chuangmi.plug.m1\n    host: ${host}\n    token: '${TOKEN}'\n`;
    const issues = await issuesOf(`devices:\n${entry('10.0.0.1')}${entry('10.0.0.2')}`);
    expect(issues).toEqual([{ file: MAIN, line: 6, column: 5, key: 'devices[1].id', message: "device id 'plug' is used twice: devices[0] and devices[1]" }]);
  });

  it('a bad token, an unknown model and a bad host', async () => {
    const issues = await issuesOf(`devices:\n  - id: p\n    model: chuangmi.plug.m2\n    host: 10.0.0.256\n    token: ${'1'.repeat(32)}\n`);
    expect(issues.map((i) => `${i.line} ${i.key}: ${i.message}`)).toEqual([
      "3 devices[0].model: no device family declares model 'chuangmi.plug.m2'; did you mean 'chuangmi.plug.m1'?",
      '4 devices[0].host: expected an IPv4 address (miIO devices are found by address)',
      '5 devices[0].token: a device token is 32 hex characters (quote it: YAML reads an all-digit token as a number)',
    ]);
  });

  it('collects every problem of the file and its includes in one error', async () => {
    const issues = await issuesOf('home: {latitude: 1}\nvehicle: {can: serial}\nautomations: !include a.yaml\nlogging: {level: loud}\n', {
      'a.yaml': '- id: x\n  triggers: [{event: home.arrived}]\n  actions: [{device: ghost, set: {power: true}}]\n',
    });
    expect(issues.map((i) => `${path.basename(i.file)}:${i.line} ${i.key}`)).toEqual([
      'home.yaml:1 home.longitude', 'home.yaml:2 vehicle.can', 'home.yaml:4 logging.level', 'a.yaml:3 automations[0].actions[0].device',
    ]);
  });

  it('cross-section rules: a real bus needs its DBC, files must exist, MQTT 5 needs an external broker', async () => {
    const issues = await issuesOf('vehicle:\n  can: socketcan:can0\nmqtt:\n  protocol_version: 5\n');
    expect(issues.map((i) => `${i.key}: ${i.message}`)).toEqual([
      'vehicle.dbc: required with can: socketcan: the DBC file(s) that decode the frames',
      'vehicle.mapping: required with can: socketcan: the DBC→VSS mapping file',
      'mqtt.protocol_version: the embedded broker (aedes) speaks MQTT 3.1.1 only: use 4, or set url to a broker that speaks 5',
    ]);
    const files = await issuesOf('vehicle:\n  can: socketcan:can0\n  dbc: [a.dbc, b.dbc]\n  mapping: m.yaml\n', { 'a.dbc': '', 'm.yaml': '' });
    expect(files).toEqual([{ file: MAIN, line: 3, column: 16, key: 'vehicle.dbc[1]', message: `no such file: ${ROOT}/b.dbc` }]);
  });

  it('a file that cannot be read', async () => {
    const error = await configError(loadConfig('/nonexistent/homeward.yaml'));
    expect(error.issues).toEqual([{ file: '/nonexistent/homeward.yaml', line: 0, column: 0, key: '', message: 'no such file' }]);
    expect(error.message).toBe('/nonexistent/homeward.yaml: no such file');
  });
});
