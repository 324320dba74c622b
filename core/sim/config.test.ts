import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAMILIES, findFamily } from '../home/registry.js';
import { defaultSimConfig, formatSimConfig, loadSimConfig, parseSimConfig } from './config.js';
import { SimBindError, SimConfigError } from './errors.js';
import { call, hello } from './probe.js';
import { startSimulatedDevices } from './start.js';

const YAML = `# two devices
port: 0
devices:
  - name: kitchen
    model: zhimi.airpurifier.m1
    address: 127.0.0.41
    did: "0x0badcafe"
    token: 00112233445566778899aabbccddeeff
    state: { mode: favorite, favorite_level: 12 }
    faults: { dropRate: 0.1, helloToken: reveal }
  - model: lumi.curtain.hagl05
    address: 127.0.0.42
    did: 42
    token: ffeeddccbbaa99887766554433221100
`;

function configError(fn: () => unknown): SimConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SimConfigError) return e;
    throw e;
  }
  throw new Error('expected a SimConfigError');
}

describe('sim config', () => {
  it('parses YAML with defaults and hex dids', () => {
    const config = parseSimConfig(YAML, 'sim.yaml');
    expect(config.port).toBe(0);
    expect(config.devices[0]).toMatchObject({
      name: 'kitchen', did: 0x0badcafe, json: 'python-miio', maxReplyBytes: 1024, stampStart: 1000,
      state: { mode: 'favorite', favorite_level: 12 }, faults: { dropRate: 0.1, helloToken: 'reveal' },
    });
    expect(config.devices[1].did).toBe(42);
  });

  it('says file, line and key of a bad value', () => {
    const bad = YAML.replace('did: 42', 'did: 0');
    const e = configError(() => parseSimConfig(bad, 'sim.yaml'));
    expect(e).toMatchObject({ file: 'sim.yaml', line: 13, key: 'devices.1.did' });
    expect(e.message).toMatch(/^sim\.yaml:13: devices\.1\.did: /);
    expect(configError(() => parseSimConfig(YAML.replace('lumi.curtain.hagl05', 'acme.test.v1'), 'f'))).toMatchObject({ line: 11, key: 'devices.1.model' });
    expect(configError(() => parseSimConfig(YAML.replace('favorite_level: 12', 'turbo: 1'), 'f')).message).toMatch(/f:9: devices\.0\.state\.turbo: zhimi-airpurifier-miio has no property turbo/);
    expect(configError(() => parseSimConfig(YAML.replace('port: 0', 'port: 54321').replace('address: 127.0.0.42', 'address: 127.0.0.41'), 'f')).key).toBe('devices.1.address');
    expect(configError(() => parseSimConfig(YAML.replace('dropRate: 0.1', 'dropRate: 3'), 'f')).key).toBe('devices.0.faults.dropRate');
    expect(configError(() => parseSimConfig('devices: [\n  {model: }\n', 'f')).line).toBeGreaterThan(0);
  });

  it('loads a file and reports an unreadable one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'homeward-sim-'));
    try {
      await writeFile(join(dir, 'sim.yaml'), YAML);
      expect((await loadSimConfig(join(dir, 'sim.yaml'))).devices).toHaveLength(2);
      await expect(loadSimConfig(join(dir, 'missing.yaml'))).rejects.toBeInstanceOf(SimConfigError);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('the default config has one device per family kind, round-trips through YAML', () => {
    const config = defaultSimConfig();
    expect(config.port).toBe(54321);
    expect(config.devices.map((d) => findFamily(d.model)?.id)).toEqual([
      'zhimi-airpurifier-miio', 'zhimi-airpurifier-miot', 'yeelight', 'chuangmi-plug', 'dmaker-fan-p9', 'lumi-curtain', 'roborock-vacuum',
    ]);
    expect(parseSimConfig(formatSimConfig(config))).toEqual(config);
    expect(FAMILIES.length).toBeGreaterThanOrEqual(7);
  });
});

describe('startSimulatedDevices', () => {
  it('starts the default devices on 127.0.0.2…8, each answering with its own did and model, and stops them all', async () => {
    const sim = await startSimulatedDevices({ ...defaultSimConfig(), port: 0 });
    const places = sim.devices.map((d) => ({ address: d.address, port: d.port }));
    try {
      expect(sim.devices.map((d) => d.address)).toEqual(['2', '3', '4', '5', '6', '7', '8'].map((n) => `127.0.0.${n}`));
      for (const d of sim.devices) {
        expect((await hello(d))?.did).toBe(d.did);
        const [info] = (await call(d, 'miIO.info')) as { result: { model: string } }[];
        expect(info.result.model).toBe(d.model);
        expect(String(d.token)).toBe('[token redacted]');
      }
      expect(sim.device('vacuum')?.model).toBe('roborock.vacuum.s5');
    } finally {
      await sim.stop();
    }
    // Every socket is closed: the same address and port bind again.
    for (const { address, port } of places) {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, address, resolve);
      });
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    }
  });

  it('fails with a SimBindError when the address is taken, leaving nothing open', async () => {
    const first = await startSimulatedDevices(parseSimConfig(YAML));
    try {
      const taken = parseSimConfig(YAML.replace('port: 0', `port: ${first.devices[1].port}`).replace('127.0.0.41', '127.0.0.43'));
      await expect(startSimulatedDevices(taken)).rejects.toBeInstanceOf(SimBindError);
      const other = await startSimulatedDevices(parseSimConfig(YAML.replace('127.0.0.41', '127.0.0.43').replace('127.0.0.42', '127.0.0.44')));
      await other.stop();
    } finally {
      await first.stop();
    }
  });

  it('refuses a YAML alias bomb with a SimConfigError', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(8).fill('*' + String.fromCharCode(96 + i)).join(', ')}]`);
    expect(() => parseSimConfig(`${levels.join('\n')}\ndevices: []\n`, 'bomb.yaml')).toThrow(/bomb.yaml:1: \(root\): cannot expand YAML aliases/);
  });
});
