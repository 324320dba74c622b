import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main.js';
import { simConfigSchema } from '../../core/sim/config.js';
import { startSimulatedDevices, type SimulatedDevices } from '../../core/sim/start.js';
import { recordIo } from './cli-io.js';

/**
 * `homeward miio …` run in-process through the dispatcher against the simulator on loopback.
 * This file's addresses: 127.0.0.200–209 (nothing listens on 127.0.0.209).
 */

const PURIFIER = { address: '127.0.0.200', token: 'c0ffee00112233445566778899aabbcc', did: 0x2c1a0001 };
const PURIFIER_3C = { address: '127.0.0.201', token: 'd00dfeed8899aabbccddeeff00112233', did: 0x2c1a0002 };
const REVEALING_PLUG = { address: '127.0.0.202', token: 'feedface0123456789abcdef01234567', did: 0x2c1a0003 };
const NOBODY = '127.0.0.209';
const WRONG_TOKEN = '0123456789abcdef0123456789abcdef';
/** Short waits so the no-reply cases settle in about a second. */
const FAST = ['--timeout', '200', '--retries', '1'];

let sim: SimulatedDevices;

beforeAll(async () => {
  sim = await startSimulatedDevices(
    simConfigSchema.parse({
      devices: [
        { name: 'purifier', model: 'zhimi.airpurifier.m1', ...PURIFIER, state: { power: true, mode: 'auto' } },
        { name: 'purifier-3c', model: 'zhimi.airp.mb4a', ...PURIFIER_3C },
        { name: 'plug', model: 'chuangmi.plug.m1', ...REVEALING_PLUG, faults: { helloToken: 'reveal' } },
      ],
    }),
  );
});

afterAll(async () => {
  await sim?.stop();
});

async function homeward(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = recordIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

function expectNoToken(text: string): void {
  for (const token of [PURIFIER.token, PURIFIER_3C.token, REVEALING_PLUG.token, WRONG_TOKEN]) {
    expect(text.toLowerCase()).not.toContain(token);
  }
}

describe('homeward miio info', () => {
  it('prints the device’s miIO.info as JSON', async () => {
    const run = await homeward('miio', 'info', '--host', PURIFIER.address, '--token', PURIFIER.token);
    expect(run.code).toBe(0);
    const info = JSON.parse(run.stdout) as { model: string; netif: { localIp: string } };
    expect(info.model).toBe('zhimi.airpurifier.m1');
    expect(info.netif.localIp).toBe(PURIFIER.address);
    expect(run.stderr).toBe('');
  });

  it('takes --port and --token=VALUE', async () => {
    const run = await homeward('miio', 'info', `--host=${PURIFIER_3C.address}`, '--port', '54321', `--token=${PURIFIER_3C.token}`);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { model: string }).model).toBe('zhimi.airp.mb4a');
  });
});

describe('homeward miio call', () => {
  it('sends a miIO method with JSON params and prints the result', async () => {
    const run = await homeward('miio', 'call', '--host', PURIFIER.address, '--token', PURIFIER.token, 'get_prop', '["power","mode"]');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(['on', 'auto']);
  });

  it('changes state: set_power off, then get_prop reads it back', async () => {
    const set = await homeward('miio', 'call', '--host', PURIFIER.address, '--token', PURIFIER.token, 'set_power', '["off"]');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual(['ok']);
    const get = await homeward('miio', 'call', '--host', PURIFIER.address, '--token', PURIFIER.token, 'get_prop', '["power"]');
    expect(JSON.parse(get.stdout)).toEqual(['off']);
  });

  it('calls MIoT get_properties (per-item codes in the result)', async () => {
    const params = JSON.stringify([{ did: 'power', siid: 2, piid: 1 }, { did: 'nope', siid: 99, piid: 1 }]);
    const run = await homeward('miio', 'call', '--host', PURIFIER_3C.address, '--token', PURIFIER_3C.token, 'get_properties', params);
    expect(run.code).toBe(0);
    const items = JSON.parse(run.stdout) as { did: string; code: number; value?: unknown }[];
    expect(items[0]).toMatchObject({ did: 'power', siid: 2, piid: 1, code: 0 });
    expect(typeof items[0].value).toBe('boolean');
    expect(items[1]).toMatchObject({ did: 'nope', code: -4003 });
  });

  it('defaults PARAMS_JSON to []', async () => {
    const run = await homeward('miio', 'call', '--host', PURIFIER.address, '--token', PURIFIER.token, 'miIO.info');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { model: string }).model).toBe('zhimi.airpurifier.m1');
  });

  it('exits 2 on a device error and prints {code, message} on stderr', async () => {
    const run = await homeward('miio', 'call', '--host', PURIFIER.address, '--token', PURIFIER.token, 'no_such_method');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toEqual({ code: -32601, message: 'Method not found.' });
  });

  it('exits 3 with a wrong token, says the token is most likely wrong, never prints it', async () => {
    const before = sim.device('purifier')?.stats().droppedWrongToken ?? 0;
    const run = await homeward('miio', 'call', '--host', PURIFIER.address, '--token', WRONG_TOKEN, ...FAST, 'get_prop', '["power"]');
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/token is most likely wrong/);
    expect(run.stderr).not.toMatch(/unreachable/);
    expectNoToken(run.stderr);
    expect((sim.device('purifier')?.stats().droppedWrongToken ?? 0) - before).toBe(2);
  });

  it('exits 3 and says unreachable when nothing answers the hello', async () => {
    const run = await homeward('miio', 'info', '--host', NOBODY, '--token', PURIFIER.token, ...FAST);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^homeward miio: unreachable: no hello reply from 127\.0\.0\.209:54321/);
    expectNoToken(run.stderr);
  });

  it('exits 3 when the device is silent on another port', async () => {
    const run = await homeward('miio', 'info', '--host', PURIFIER.address, '--port', '54322', '--token', PURIFIER.token, ...FAST);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/unreachable/);
  });
});

describe('homeward miio usage errors (exit 64)', () => {
  it.each([
    ['a token of 31 characters', ['info', '--host', PURIFIER.address, '--token', PURIFIER.token.slice(1)], /invalid miIO token: 31 characters/],
    ['a token with non-hex characters', ['info', '--host', PURIFIER.address, '--token', `${PURIFIER.token.slice(2)}zz`], /non-hex characters/],
    ['no --token', ['info', '--host', PURIFIER.address], /needs --token/],
    ['no --host', ['call', '--token', PURIFIER.token, 'miIO.info'], /needs --host/],
    ['a host name instead of an address', ['info', '--host', 'purifier.local', '--token', PURIFIER.token], /--host must be an IPv4 address/],
    ['no METHOD', ['call', '--host', PURIFIER.address, '--token', PURIFIER.token], /needs a METHOD/],
    ['bad PARAMS_JSON', ['call', '--host', PURIFIER.address, '--token', PURIFIER.token, 'get_prop', '["power",'], /PARAMS_JSON is not valid JSON/],
    ['a token where METHOD goes', ['call', '--host', PURIFIER.address, PURIFIER.token, 'get_prop'], /looks like a token/],
    ['too many arguments', ['call', '--host', PURIFIER.address, '--token', PURIFIER.token, 'get_prop', '[]', PURIFIER_3C.token], /at most one PARAMS_JSON/],
    ['a port out of range', ['info', '--host', PURIFIER.address, '--token', PURIFIER.token, '--port', '70000'], /--port must be an integer from 1 to 65535/],
    ['an unknown option', ['info', '--host', PURIFIER.address, `--tokn=${PURIFIER.token}`], /unknown option --tokn/],
    ['a missing option value', ['info', '--host'], /--host needs a value/],
    ['an unknown subcommand', ['frobnicate'], /unknown subcommand 'frobnicate'/],
    ['a token as the subcommand', [PURIFIER.token], /unknown subcommand:/],
  ])('%s', async (_name, args, message) => {
    const run = await homeward('miio', ...args);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expectNoToken(run.stderr);
  });

  it('prints its usage with --help (exit 0) and without a subcommand (exit 64)', async () => {
    const help = await homeward('miio', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/homeward miio call --host H --token T/);
    const none = await homeward('miio');
    expect(none.code).toBe(64);
    expect(none.stderr).toMatch(/usage:/);
  });
});

describe('homeward miio discover', () => {
  it('lists the device answering the hello, with its did; no token when the hello hides it', async () => {
    const run = await homeward('miio', 'discover', '--address', PURIFIER.address, '--timeout', '300');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { did: PURIFIER.did, address: PURIFIER.address, port: 54321, stamp: expect.any(Number), tokenRevealed: false },
    ]);
  });

  it('prints the token a hello reveals (what discovery is for on unprovisioned devices)', async () => {
    const run = await homeward('miio', 'discover', '--address', REVEALING_PLUG.address, '--timeout', '300');
    expect(run.code).toBe(0);
    const [device] = JSON.parse(run.stdout) as { did: number; token?: string; tokenRevealed: boolean }[];
    expect(device).toMatchObject({ did: REVEALING_PLUG.did, tokenRevealed: true, token: REVEALING_PLUG.token });
  });

  it('exits 3 with an empty list when nobody answers', async () => {
    const run = await homeward('miio', 'discover', '--address', NOBODY, '--timeout', '200');
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr).toMatch(/no device answered the hello sent to 127\.0\.0\.209:54321 within 200 ms/);
  });

  it('rejects arguments it does not take (exit 64)', async () => {
    const run = await homeward('miio', 'discover', '--timeout', 'soon');
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/--timeout must be an integer/);
  });
});
