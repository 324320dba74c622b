import { describe, expect, it } from 'vitest';
import { describeConfig, withoutCredentials } from './describe-config.js';
import { parseConfigText } from './load-config.js';
import { memoryFiles } from './testing/memory-files.js';

const ROOT = '/homeward-test/describe';
const SECRETS = "lat: 48.5\nurl: 'mqtt://user:pw-secret-77@broker.lan:1883'\ntoken: 'aaaabbbbccccddddeeeeffff00001111'\npw: 'pw-secret-88'\n";

async function describeText(text: string) {
  const fs = memoryFiles(ROOT, { 'secrets.yaml': SECRETS });
  return describeConfig(await parseConfigText(text, `${ROOT}/c.yaml`, { readFile: fs.readFile, fileExists: fs.fileExists, env: { XDG_DATA_HOME: '/d' }, homeDir: '/h' }));
}

describe('describeConfig', () => {
  it('sums up every section', async () => {
    const lines = await describeText(
      'home: {latitude: 48.1, longitude: 11.4}\nvehicle: {can: demo, speed: 10}\ndevices:\n  - {id: plug, model: chuangmi.plug.m1, host: 127.0.0.4, token: !secret token, simulate: true}\n' +
        'scenes: [{id: s1, steps: [{device: plug, set: {power: true}}]}]\nweb: {host: 0.0.0.0, port: 9000}\n',
    );
    expect(lines).toEqual([
      'home: Home at 48.1, 11.4 (radius 50 m, approach 2000 m)',
      'vehicle: the demo car (simulated, on the in-process bus); DBC homeward-ev.dbc; mapping homeward-ev.vss.yaml; speed ×10',
      'devices: 1 (1 simulated)',
      '  plug: chuangmi.plug.m1 at 127.0.0.4:54321, polled every 5 s, simulated',
      'scenes: 1 (s1)',
      'automations: 0',
      'storage: /d/homeward/homeward.db (keeps 30 days, at most 200 MB)',
      'mqtt: embedded broker (aedes, MQTT 3.1.1) on 127.0.0.1:1883',
      'web: http://0.0.0.0:9000 (pairing token generated at start)',
    ]);
  });

  it('shows no secret: values from secrets print as [secret], a broker URL without its login', async () => {
    const lines = (await describeText('home: {latitude: !secret lat, longitude: 11}\nmqtt: {url: !secret url, username: u, password: !secret pw}\n')).join('\n');
    expect(lines).toContain('home: Home at [secret], 11');
    expect(lines).toContain('mqtt: external broker [secret] (MQTT 3.1.1, with login)');
    for (const secret of ['48.5', 'pw-secret-77', 'pw-secret-88', 'broker.lan']) expect(lines).not.toContain(secret);
    const plain = (await describeText('mqtt: {url: "mqtts://me:pass-99@b:8883", tls: {reject_unauthorized: false}, protocol_version: 5}\n')).join('\n');
    expect(plain).toContain('mqtt: external broker mqtts://b:8883 (MQTT 5, TLS)');
    expect(plain).not.toContain('pass-99');
  });

  it('strips user and password from URLs', () => {
    expect(withoutCredentials('mqtt://a:b@host:1883/x')).toBe('mqtt://host:1883/x');
    expect(withoutCredentials('ws://host/mqtt')).toBe('ws://host/mqtt');
  });
});
