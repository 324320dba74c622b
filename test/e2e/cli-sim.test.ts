import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main.js';
import { runSimCommand } from '../../core/cli/sim.js';
import { createMiioClient } from '../../core/miio/client.js';
import { parseSimConfig } from '../../core/sim/config.js';
import type { SimulatedDevices } from '../../core/sim/start.js';
import { recordIo } from './cli-io.js';

/**
 * `homeward sim devices --config FILE` in-process: start, call a device through Homeward's client with
 * the printed token, stop. This file's addresses: 127.0.0.210–219.
 */

// Tokens quoted: YAML reads an all-digit token as a number.
const CONFIG = `# two simulated devices for the CLI test
devices:
  - name: plug
    model: chuangmi.plug.m1
    address: 127.0.0.210
    did: 0x2c1b0001
    token: '11112222333344445555666677778888'
  - model: zhimi.airp.mb4a
    address: 127.0.0.211
    did: 0x2c1b0002
    token: '99990000aaaabbbbccccddddeeeeffff'
`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-cli-sim-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeConfig(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Binds the address exclusively: succeeds only if the simulator released it. */
function canBind(address: string, port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind({ address, port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

describe('homeward sim devices', () => {
  it('prints one line per device, serves them until aborted, then releases the sockets', async () => {
    const file = await writeConfig('two.yaml', CONFIG);
    const io = recordIo();
    const controller = new AbortController();
    let started!: (sim: SimulatedDevices) => void;
    const ready = new Promise<SimulatedDevices>((resolve) => (started = resolve));
    const exit = runSimCommand(['devices', '--config', file], io, { signal: controller.signal, onStarted: started });
    // Whichever comes first: the devices are up, or the command ended early (it must not).
    await Promise.race([ready, exit.then((code) => expect.fail(`sim devices ended early with exit ${code}: ${io.stderr()}`))]);

    const lines = io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const rows = lines.map((line) => line.split(/\s+/));
    expect(rows).toEqual([
      ['chuangmi.plug.m1', '127.0.0.210:54321', String(0x2c1b0001), '11112222333344445555666677778888'],
      ['zhimi.airp.mb4a', '127.0.0.211:54321', String(0x2c1b0002), '99990000aaaabbbbccccddddeeeeffff'],
    ]);

    // A user copies address and token from the printed line.
    const [model, where, , token] = rows[1];
    const [address, port] = where.split(':');
    const client = createMiioClient({ address, port: Number(port), token, timeoutMs: 500, retries: 1 });
    try {
      const info = (await client.send('miIO.info')) as { model: string };
      expect(info.model).toBe(model);
      expect(client.info().did).toBe(0x2c1b0002);
      const [power] = (await client.send('get_properties', [{ did: 'power', siid: 2, piid: 1 }])) as { code: number }[];
      expect(power.code).toBe(0);
    } finally {
      await client.close();
    }

    expect(await canBind('127.0.0.211', 54321)).toBe(false);
    controller.abort();
    expect(await exit).toBe(0);
    expect(io.stderr()).toMatch(/2 simulated device\(s\) running/);
    expect(io.stderr()).toMatch(/stopped \(2 request\(s\) served, 0 dropped for a wrong token\)/);
    expect(await canBind('127.0.0.210', 54321)).toBe(true);
    expect(await canBind('127.0.0.211', 54321)).toBe(true);
  });

  it('reports a bad config with file, line and key (exit 2) and binds nothing', async () => {
    const file = await writeConfig('bad.yaml', CONFIG.replace('model: zhimi.airp.mb4a', 'model: acme.toaster.v1'));
    const io = recordIo();
    const code = await main(['sim', 'devices', '--config', file], io);
    expect(code).toBe(2);
    expect(io.stderr()).toBe(`homeward sim: ${file}:8: devices.1.model: no device family declares this model\n`);
    expect(await canBind('127.0.0.210', 54321)).toBe(true);
  });

  it('reports a missing config file (exit 2)', async () => {
    const io = recordIo();
    const code = await main(['sim', 'devices', '--config', path.join(dir, 'absent.yaml')], io);
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(/absent\.yaml:0: \(root\): cannot read the file/);
  });

  it('reports a device that cannot bind (exit 2) and stops the ones already started', async () => {
    const file = await writeConfig('clash.yaml', CONFIG.replace('127.0.0.211', '192.0.2.1'));
    const io = recordIo();
    const code = await main(['sim', 'devices', '--config', file], io);
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(/cannot bind simulated device to 192\.0\.2\.1:54321: not a local address/);
    expect(await canBind('127.0.0.210', 54321)).toBe(true);
  });

  it('prints the default config, which parses back (one device per family)', async () => {
    const io = recordIo();
    expect(await main(['sim', 'config'], io)).toBe(0);
    const config = parseSimConfig(io.stdout());
    expect(config.devices.map((d) => d.model)).toEqual([
      'zhimi.airpurifier.m1', 'zhimi.airp.mb4a', 'yeelink.light.color1', 'chuangmi.plug.m1', 'dmaker.fan.p9', 'lumi.curtain.hagl05', 'roborock.vacuum.s5',
    ]);
  });

  it('rejects unknown subcommands and stray arguments (exit 64)', async () => {
    for (const argv of [['sim', 'toasters'], ['sim', 'devices', 'extra'], ['sim', 'devices', '--port', '1']]) {
      const io = recordIo();
      expect(await main(argv, io)).toBe(64);
      expect(io.stderr()).toMatch(/^homeward sim: /);
    }
  });
});
