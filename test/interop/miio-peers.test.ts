import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simConfigSchema } from '../../core/sim/config.js';
import { startSimulatedDevices, type SimulatedDevices } from '../../core/sim/start.js';
import { hasPythonMiio, requirePeer, runNpmMiio, runPythonMiio, type PeerInput, type PeerOp, type PeerResult } from '../helpers/peers.js';

/**
 * Real client libraries against Homeward's simulator, as their users would drive them: Debian's
 * python3-miio 0.5.0.1 and npm miio 0.15.6. One device per family on 127.0.0.60–67 (this file's
 * own addresses), port 54321 because python-miio cannot use another.
 */

// Missing python3-miio is reported (and fails the run under CI=true), never a silent skip.
const pythonReady = requirePeer('python3-miio', await hasPythonMiio(), 'apt-get install -y python3-miio');

const devices = [
  { name: 'purifier', model: 'zhimi.airpurifier.m1', address: '127.0.0.60', did: 0x1e0a0060, token: '60a1b2c3d4e5f60718293a4b5c6d7e8f' },
  { name: 'purifier-3c', model: 'zhimi.airp.mb4a', address: '127.0.0.61', did: 0x1e0a0061, token: '61a1b2c3d4e5f60718293a4b5c6d7e8f' },
  { name: 'light', model: 'yeelink.light.color1', address: '127.0.0.62', did: 0x1e0a0062, token: '62a1b2c3d4e5f60718293a4b5c6d7e8f' },
  { name: 'plug', model: 'chuangmi.plug.m1', address: '127.0.0.63', did: 0x1e0a0063, token: '63a1b2c3d4e5f60718293a4b5c6d7e8f' },
  { name: 'fan', model: 'dmaker.fan.p9', address: '127.0.0.64', did: 0x1e0a0064, token: '64a1b2c3d4e5f60718293a4b5c6d7e8f' },
  { name: 'curtain', model: 'lumi.curtain.hagl05', address: '127.0.0.65', did: 0x1e0a0065, token: '65a1b2c3d4e5f60718293a4b5c6d7e8f' },
  { name: 'vacuum', model: 'roborock.vacuum.s5', address: '127.0.0.66', did: 0x1e0a0066, token: '66a1b2c3d4e5f60718293a4b5c6d7e8f' },
  // An unprovisioned plug: its hello reply reveals the token (npm miio's auto-token path).
  { name: 'open-plug', model: 'chuangmi.plug.m1', address: '127.0.0.67', did: 0x1e0a0067, token: '67a1b2c3d4e5f60718293a4b5c6d7e8f', faults: { helloToken: 'reveal' as const } },
];
type DeviceName = (typeof devices)[number]['name'];

interface Peer {
  name: string;
  ready: boolean;
  run(input: PeerInput): Promise<PeerResult[]>;
  /** The plug's own family class: switch off, then read power the way the library reports it. */
  plugFamilyOps: PeerOp[];
  plugFamilyOff: unknown;
  /** Long enough for the library to give up by itself on a wrong token. */
  wrongTokenTimeoutS: number;
}

const peers: Peer[] = [
  {
    name: 'python-miio 0.5.0.1',
    ready: pythonReady,
    run: (input) => runPythonMiio({ timeoutS: 0.5, ...input }),
    plugFamilyOps: [
      { kind: 'method', deviceClass: 'miio.chuangmi_plug.ChuangmiPlug', method: 'off' },
      { kind: 'method', deviceClass: 'miio.chuangmi_plug.ChuangmiPlug', method: 'status' },
    ],
    plugFamilyOff: { power: 'off', temperature: expect.any(Number) },
    wrongTokenTimeoutS: 0.5,
  },
  {
    name: 'npm miio 0.15.6',
    ready: true,
    run: (input) => runNpmMiio({ timeoutS: 5, ...input }),
    plugFamilyOps: [
      { kind: 'method', method: 'setPower', args: [false] },
      { kind: 'method', method: 'power' },
    ],
    plugFamilyOff: false,
    wrongTokenTimeoutS: 20,
  },
];

let sim: SimulatedDevices;

beforeAll(async () => {
  sim = await startSimulatedDevices(simConfigSchema.parse({ devices }));
});

afterAll(async () => {
  await sim?.stop();
});

function target(name: DeviceName): { host: string; token: string } {
  const d = devices.find((x) => x.name === name);
  if (!d) throw new Error(`no device ${name}`);
  return { host: d.address, token: d.token };
}

function snapshot(name: DeviceName): Record<string, unknown> {
  const handle = sim.device(name);
  if (!handle) throw new Error(`no simulated ${name}`);
  return handle.device.snapshot();
}

/** The op's result, after checking it succeeded (the failure is shown whole if not). */
function okResult(r: PeerResult): unknown {
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return r.ok ? r.result : undefined;
}

const results = (rs: PeerResult[]): unknown[] => rs.map(okResult);

for (const peer of peers) {
  describe.skipIf(!peer.ready)(`${peer.name} against the simulator`, () => {
    it('reads miIO.info with the configured model, did and address from every family', async () => {
      const all = await Promise.all(devices.map((d) => peer.run({ ...target(d.name), ops: [{ kind: 'info' }] })));
      all.forEach(([r], i) => {
        const d = devices[i];
        expect(okResult(r)).toMatchObject({ model: d.model, netif: { localIp: d.address }, fw_ver: expect.any(String), mac: expect.any(String) });
        expect(r.did).toBe(d.did.toString(16).padStart(8, '0'));
      });
    });

    it('switches and reads a miIO air purifier with get_prop and its setters', async () => {
      const rs = await peer.run({
        ...target('purifier'),
        ops: [
          { kind: 'send', method: 'set_power', params: ['off'] },
          { kind: 'send', method: 'get_prop', params: ['power', 'mode', 'aqi', 'temp_dec', 'no_such_prop'] },
          { kind: 'send', method: 'set_mode', params: ['silent'] },
          { kind: 'send', method: 'get_prop', params: ['mode'] },
          { kind: 'send', method: 'set_power', params: ['on'] },
          { kind: 'send', method: 'get_prop', params: ['power'] },
        ],
      });
      const [setOff, props, setMode, mode, setOn, power] = results(rs);
      expect([setOff, setMode, setOn]).toEqual([['ok'], ['ok'], ['ok']]);
      expect(props).toEqual(['off', expect.any(String), expect.any(Number), expect.any(Number), null]);
      expect(mode).toEqual(['silent']);
      expect(power).toEqual(['on']);
      expect(snapshot('purifier')).toMatchObject({ power: true, mode: 'silent' });
    });

    it("switches a plug off through the library's own plug class", async () => {
      const rs = await peer.run({
        ...target('plug'),
        ops: [{ kind: 'send', method: 'set_power', params: ['on'] }, ...peer.plugFamilyOps, { kind: 'send', method: 'get_prop', params: ['power'] }],
      });
      const out = results(rs);
      expect(out[0]).toEqual(['ok']);
      expect(out[2]).toEqual(peer.plugFamilyOff);
      expect(out[3]).toEqual(['off']);
      expect(snapshot('plug').power).toBe(false);
    });

    it('sets a Yeelight and reads its string-typed get_prop values', async () => {
      const rs = await peer.run({
        ...target('light'),
        ops: [
          { kind: 'send', method: 'set_bright', params: [42, 'smooth', 500] },
          { kind: 'send', method: 'set_power', params: ['off', 'smooth', 500] },
          { kind: 'send', method: 'get_prop', params: ['power', 'bright', 'ct', 'no_such_prop'] },
        ],
      });
      const [bright, off, props] = results(rs);
      expect([bright, off]).toEqual([['ok'], ['ok']]);
      expect(props).toEqual(['off', '42', expect.stringMatching(/^\d+$/), '']);
    });

    it('starts a vacuum and sees it cleaning in get_status', async () => {
      const rs = await peer.run({
        ...target('vacuum'),
        ops: [
          { kind: 'send', method: 'app_start' },
          { kind: 'send', method: 'get_status' },
          { kind: 'send', method: 'app_charge' },
          { kind: 'send', method: 'get_status' },
        ],
      });
      const [start, cleaning, charge, returning] = results(rs);
      expect([start, charge]).toEqual([['ok'], ['ok']]);
      expect(cleaning).toEqual([expect.objectContaining({ state: 5, in_cleaning: 1, battery: expect.any(Number) })]);
      expect(returning).toEqual([expect.objectContaining({ state: 6, in_returning: 1 })]);
    });

    it('reads, writes and runs an action on a MIoT purifier (get_properties / set_properties / action)', async () => {
      const rs = await peer.run({
        ...target('purifier-3c'),
        ops: [
          { kind: 'set_properties', properties: [{ did: 'power', siid: 2, piid: 1, value: false }] },
          { kind: 'set_properties', properties: [{ siid: 2, piid: 4, value: 2 }, { siid: 6, piid: 1, value: true }] },
          { kind: 'action', siid: 4, aiid: 1, in: [] },
          { kind: 'get_properties', properties: [{ did: 'power', siid: 2, piid: 1 }, { siid: 2, piid: 4 }, { siid: 3, piid: 4 }, { siid: 4, piid: 1 }, { siid: 9, piid: 99 }] },
        ],
      });
      const [setPower, setTwo, action, props] = results(rs);
      expect(setPower).toEqual([{ did: 'power', siid: 2, piid: 1, code: 0 }]);
      expect(setTwo).toEqual([expect.objectContaining({ siid: 2, piid: 4, code: 0 }), expect.objectContaining({ siid: 6, piid: 1, code: 0 })]);
      expect(action).toMatchObject({ code: 0 });
      expect(props).toEqual([
        { did: 'power', siid: 2, piid: 1, code: 0, value: false },
        { did: '2-4', siid: 2, piid: 4, code: 0, value: 2 },
        { did: '3-4', siid: 3, piid: 4, code: 0, value: expect.any(Number) },
        { did: '4-1', siid: 4, piid: 1, code: 0, value: 100 },
        { did: '9-99', siid: 9, piid: 99, code: -4003 },
      ]);
      expect(snapshot('purifier-3c')).toMatchObject({ power: false, mode: 'favorite', buzzer: true, filter_life_remaining: 100 });
    });

    it('gets per-item MIoT codes from a fan and a curtain: bad value, write-only reads', async () => {
      const [fan, curtain] = await Promise.all([
        peer.run({
          ...target('fan'),
          ops: [
            { kind: 'set_properties', properties: [{ siid: 2, piid: 2, value: 3 }] },
            { kind: 'set_properties', properties: [{ siid: 2, piid: 2, value: 9 }] },
            { kind: 'get_properties', properties: [{ siid: 2, piid: 2 }, { siid: 2, piid: 10 }] },
          ],
        }),
        peer.run({
          ...target('curtain'),
          ops: [
            { kind: 'set_properties', properties: [{ siid: 2, piid: 7, value: 30 }] },
            { kind: 'get_properties', properties: [{ siid: 2, piid: 7 }, { siid: 5, piid: 1 }] },
          ],
        }),
      ]);
      const [levelOk, levelBad, fanProps] = results(fan);
      expect(levelOk).toEqual([expect.objectContaining({ code: 0 })]);
      expect(levelBad).toEqual([expect.objectContaining({ code: -4005 })]);
      expect(fanProps).toEqual([expect.objectContaining({ siid: 2, piid: 2, code: 0, value: 3 }), { did: '2-10', siid: 2, piid: 10, code: -4003 }]);
      const [targetSet, curtainProps] = results(curtain);
      expect(targetSet).toEqual([expect.objectContaining({ code: 0 })]);
      expect(curtainProps).toEqual([expect.objectContaining({ siid: 2, piid: 7, value: 30 }), { did: '5-1', siid: 5, piid: 1, code: -4000 }]);
    });

    it('reports device errors with code and message: unknown method, get_prop on a MIoT device', async () => {
      const [[plugUnknown], [fanUnknown, fanGetProp]] = await Promise.all([
        peer.run({ ...target('plug'), ops: [{ kind: 'send', method: 'no_such_method', params: [] }] }),
        peer.run({ ...target('fan'), ops: [{ kind: 'send', method: 'no_such_method' }, { kind: 'send', method: 'get_prop', params: ['power'] }] }),
      ]);
      for (const r of [plugUnknown, fanUnknown]) {
        expect(r).toMatchObject({ ok: false, errorType: 'device_error', code: -32601, message: 'Method not found.' });
      }
      expect(fanGetProp).toMatchObject({ ok: false, errorType: 'device_error', code: -9999 });
    });

    it('fails cleanly, without hanging, when the token is wrong', async () => {
      const plug = sim.device('plug');
      const before = plug?.stats().droppedWrongToken ?? 0;
      const [r] = await peer.run({ host: target('plug').host, token: 'ffeeddccbbaa99887766554433221100', timeoutS: peer.wrongTokenTimeoutS, ops: [{ kind: 'info' }] });
      expect(r.ok).toBe(false);
      if (peer.name.startsWith('python')) {
        // Hello answered, then 4 silent attempts (0.5 s each here): "No response from the device".
        expect(r).toMatchObject({ errorType: 'no_response', message: 'No response from the device', did: '1e0a0063' });
      } else {
        // miio.device() sends miIO.info 6 times, 2 s apart, then gives up: "token might be wrong".
        expect(r).toMatchObject({ errorType: 'connection_failure', stage: 'connect' });
        expect(r.elapsedMs).toBeLessThan(15_000);
      }
      expect((plug?.stats().droppedWrongToken ?? 0) - before).toBeGreaterThanOrEqual(4);
    }, 30_000);
  });
}

describe('npm miio 0.15.6 token discovery against the simulator', () => {
  it('connects without a token when the hello reply reveals it (auto-token)', async () => {
    const [r] = await runNpmMiio({ host: '127.0.0.67', timeoutS: 5, ops: [{ kind: 'info' }] });
    expect(okResult(r)).toMatchObject({ model: 'chuangmi.plug.m1' });
    expect(r).toMatchObject({ did: '1e0a0067', thing: 'miio:power-plug' });
  });

  it('reports missing_token at once when the hello hides the token and none is given', async () => {
    const [r] = await runNpmMiio({ host: '127.0.0.63', timeoutS: 5, ops: [{ kind: 'info' }] });
    expect(r).toMatchObject({ ok: false, errorType: 'missing_token', stage: 'connect' });
  });
});
