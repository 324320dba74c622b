// The CAN commands in-process, as a user runs them: decode against the cantools corpus, dump, replay.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main.js';
import { runReplayCommand } from '../../core/cli/replay.js';
import { demoDriveLogPath, homewardEvDbcPath } from '../../core/vehicle/demo/paths.js';
import { corpusDir, type CorpusExpected } from '../helpers/corpus.js';
import { recordIo, type RecordedIo } from './cli-io.js';

const canDir = path.join(corpusDir, 'can');
const manifest = JSON.parse(fs.readFileSync(path.join(canDir, 'out/manifest.json'), 'utf8')) as {
  files: Record<string, { decode_error: number; load_strict: boolean }>;
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'homeward-cli-can-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[], stdin?: string): Promise<{ code: number; io: RecordedIo }> {
  const io = recordIo();
  if (stdin !== undefined) io.stdin = Readable.from([stdin]);
  return { code: await main(args, io), io };
}


describe('homeward decode --format json matches cantools on the corpus', () => {
  for (const [dbcFile, entry] of Object.entries(manifest.files)) {
    const name = dbcFile.replace(/\.dbc$/, '');
    // Loaded as cantools loaded it: --no-strict where it needed strict=False.
    const strictness = entry.load_strict ? [] : ['--no-strict'];
    for (const choices of [false, true]) {
      it(`${name}${strictness.join('')}${choices ? ' --choices' : ''}: every frame line, signals exactly, the same frames in error`, async () => {
        const args = ['decode', '--dbc', path.join(canDir, 'dbc', dbcFile), '--format', 'json', ...strictness, path.join(canDir, 'out', `${name}.log`)];
        const { code, io } = await run(choices ? [...args, '--choices'] : args);
        const expected = JSON.parse(fs.readFileSync(path.join(canDir, 'out', `${name}.expected${choices ? '-choices' : ''}.json`), 'utf8')) as CorpusExpected;
        const ours = io.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(ours.map((o) => o.line)).toEqual(expected.frames.map((f) => f.line));
        ours.forEach((o, i) => {
          const e = expected.frames[i];
          expect({ line: o.line, ts: o.ts, channel: o.channel, id: o.id, extended: o.extended, fd: o.fd, data: o.data, message: o.message })
            .toStrictEqual({ line: e.line, ts: e.ts, channel: e.channel, id: e.id, extended: e.extended, fd: e.fd, data: e.data, message: e.message });
          expect(o.error).toBe(e.error);
          expect(o.unknown).toBe(e.unknown);
          expect(o.error_frame).toBe(e.error_frame);
          expect(o.remote).toBe(e.remote);
          expect(o.signals).toStrictEqual(e.signals);
          if (e.signals) expect(Object.keys(o.signals as object)).toEqual(Object.keys(e.signals));
        });
        const failed = expected.frames.filter((f) => f.error !== undefined).length;
        expect(failed).toBe(manifest.files[dbcFile].decode_error);
        expect(code).toBe(failed > 0 ? 1 : 0);
        expect(io.stderr()).toBe('');
      });
    }

    it(`${name} --allow-truncated: short frames give the signals that fit (the corpus' partial), the rest as before`, async () => {
      const args = ['decode', '--dbc', path.join(canDir, 'dbc', dbcFile), '--format', 'json', '--allow-truncated', ...strictness, path.join(canDir, 'out', `${name}.log`)];
      const { code, io } = await run(args);
      const expected = JSON.parse(fs.readFileSync(path.join(canDir, 'out', `${name}.expected.json`), 'utf8')) as CorpusExpected;
      const ours = io.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      let stillFailing = 0;
      ours.forEach((o, i) => {
        const e = expected.frames[i];
        if (e.note === 'truncated') {
          expect(o.error, `line ${e.line}`).toBeUndefined();
          expect(o.signals, `line ${e.line}`).toStrictEqual(e.partial);
        } else {
          expect(o.signals, `line ${e.line}`).toStrictEqual(e.signals);
          if (e.error !== undefined) stillFailing++;
        }
      });
      expect(code).toBe(stillFailing > 0 ? 1 : 0);
    });
  }

  it('fails to load a DBC with overlapping signals without --no-strict, naming both signals and the message (exit 2)', async () => {
    const { code, io } = await run(['decode', '--dbc', path.join(canDir, 'dbc/vw_mqb.dbc'), '--format', 'json', path.join(canDir, 'out/vw_mqb.log')]);
    expect(code).toBe(2);
    expect(io.stdout()).toBe('');
    expect(io.stderr()).toMatch(/^homeward decode: .*vw_mqb\.dbc:91:2: The signals PLA_Bremsverzoegerung and PLA_Bremsmoment are overlapping in message PLA_01\.\n$/);
  });
});

describe('homeward decode (text, like cantools decode -s)', () => {
  const tesla = ['decode', '--dbc', path.join(canDir, 'dbc/tesla_can.dbc'), path.join(canDir, 'out/tesla_can.log')];

  it('appends the message, Python-formatted values and units to each log line', async () => {
    const { code, io } = await run(tesla);
    const lines = io.stdout().split('\n');
    expect(code).toBe(1);
    expect(lines[1]).toBe(
      '(1700000000.003224) vcan0 118#1A7CFDFEE3BD :: DI_torque2(DI_torqueEstimate: -499.0 Nm, DI_gear: 7, DI_brakePedal: 0, ' +
        'DI_vehicleSpeed: 166.85000000000002 MPH, DI_gearRequest: 7, DI_torqueInterfaceFailure: 1, DI_torque2Counter: 3, ' +
        'DI_brakePedalState: 2, DI_epbParkRequest: 1, DI_epbInterfaceReady: 1, DI_torque2Checksum: 189)',
    );
    expect(lines[4]).toBe('(1700000000.019357) vcan0 76F#63D96FD4E1DF0A55 :: Unknown frame id 1903 (0x76f)');
    expect(lines[11]).toBe('(1700000000.065702) vcan0 201#CAEA :: Wrong data size: 2 instead of 5 bytes');
    expect(lines[83]).toBe('(1700000000.472139) vcan0 20000008#0000080000000000 :: Error frame (class 0x8)');
    expect(lines).toContain('(1700000000.876903) vcan0 101#R :: Remote frame of GTW_epasControl');
  });

  it('prints VAL_ names with --choices', async () => {
    const { io } = await run([...tesla, '--choices']);
    expect(io.stdout().split('\n')[1]).toContain('DI_gear: DI_GEAR_SNA');
  });

  it('reads standard input; a short frame stays an error with --no-strict and decodes what fits with --allow-truncated', async () => {
    const short = '(1700000000.065702) vcan0 201#CAEA\n';
    const lenient = await run(['decode', '--dbc', path.join(canDir, 'dbc/tesla_can.dbc'), '--no-strict'], short);
    expect(lenient.io.stdout()).toBe('(1700000000.065702) vcan0 201#CAEA :: Wrong data size: 2 instead of 5 bytes\n');
    expect(lenient.code).toBe(1);
    const truncated = await run(['decode', '--dbc', path.join(canDir, 'dbc/tesla_can.dbc'), '--allow-truncated'], short);
    expect(truncated.io.stdout()).toBe('(1700000000.065702) vcan0 201#CAEA :: SDM1(SDM_bcklDrivStatus: 0, SDM_bcklPassStatus: 2)\n');
    expect(truncated.code).toBe(0);
  });

  it('echoes blank lines and reports a line longer than 4096 characters once, cut', async () => {
    const { code, io } = await run(['decode', '--dbc', path.join(canDir, 'dbc/tesla_can.dbc')], `\n${'x'.repeat(5000)}\n(1700000000.065702) vcan0 76F#00\n`);
    const lines = io.stdout().split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe(`${'x'.repeat(4096)} :: CandumpParseError: stdin:2:4097: line longer than 4096 characters`);
    expect(lines[2]).toBe('(1700000000.065702) vcan0 76F#00 :: Unknown frame id 1903 (0x76f)');
    expect(code).toBe(1);
  });

  it('decodes the demo drive with the demo DBC without a single failure (exit 0)', async () => {
    const { code, io } = await run(['decode', '--dbc', homewardEvDbcPath(), '--format', 'json', demoDriveLogPath()]);
    expect(code).toBe(0);
    const lines = io.stdout().trimEnd().split('\n');
    expect(lines.length).toBe(fs.readFileSync(demoDriveLogPath(), 'utf8').trimEnd().split('\n').length);
    expect(lines.every((l) => 'signals' in JSON.parse(l))).toBe(true);
  });

  it('reports a line that is no candump frame, with its position, and exits 1', async () => {
    const { code, io } = await run(['decode', '--dbc', homewardEvDbcPath(), '--format', 'json'], '\n(1718640000.1) vcan0 10#00\n');
    expect(code).toBe(1);
    expect(JSON.parse(io.stdout())).toStrictEqual({ line: 2, error: 'CandumpParseError: stdin:2:22: CAN id must have 3 hex digits (11-bit) or 8 (29-bit), got 2' });
  });

  it('exits 2 for a DBC that does not parse, naming file, line and column', async () => {
    const bad = path.join(tmp, 'bad.dbc');
    fs.writeFileSync(bad, 'VERSION ""\nBO_ 1 M: 8 A\n SG_ S : 0|8@1+ (1,0) [0|0] "" A\nBO_ x\n');
    const { code, io } = await run(['decode', '--dbc', bad, path.join(canDir, 'out/tesla_can.log')]);
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(new RegExp(`^homeward decode: ${bad.replace(/[.]/g, '\\.')}:4:\\d+: `));
  });

  it('exits 2 for a DBC or a log that cannot be read', async () => {
    const noDbc = await run(['decode', '--dbc', path.join(tmp, 'missing.dbc')]);
    expect(noDbc.code).toBe(2);
    expect(noDbc.io.stderr()).toContain('missing.dbc');
    const noLog = await run(['decode', '--dbc', homewardEvDbcPath(), path.join(tmp, 'missing.log')]);
    expect(noLog.code).toBe(2);
    expect(noLog.io.stderr()).toContain('cannot read candump log');
  });

  it.each([
    [['decode']],
    [['decode', '--dbc', homewardEvDbcPath(), '--format', 'xml']],
    [['decode', '--dbc', homewardEvDbcPath(), 'a.log', 'b.log']],
    [['decode', '--dbc', homewardEvDbcPath(), '--bogus']],
  ])('exits 64 for bad arguments: %j', async (args) => {
    const { code, io } = await run(args);
    expect(code).toBe(64);
    expect(io.stderr()).toMatch(/^homeward decode: /);
  });
});

describe('homeward dump', () => {
  it('lists the messages of the DBC', async () => {
    const { code, io } = await run(['dump', '--dbc', homewardEvDbcPath()]);
    expect(code).toBe(0);
    expect(io.stdout()).toContain('Name:       OBC_ChargeStatus');
    expect(io.stdout()).toContain('Id:         0x18ff50e5');
  });

  it('exits 64 without a DBC and 2 for an unreadable one', async () => {
    expect((await run(['dump'])).code).toBe(64);
    expect((await run(['dump', '--dbc', path.join(tmp, 'none.dbc')])).code).toBe(2);
  });
});

describe('homeward replay', () => {
  it('at --speed max plays the demo drive home deterministically: drive, park, ignition off, door, charging', async () => {
    const first = await run(['replay', '--speed', 'max', '--format', 'json', '--signals', '--dry-run']);
    const second = await run(['replay', '--speed', 'max', '--format', 'json', '--signals', '--dry-run']);
    expect(first.code).toBe(0);
    expect(first.io.stdout()).toBe(second.io.stdout());
    expect(first.io.stderr()).toMatch(/^homeward replay: 30408 frames: 30408 decoded, 0 unknown id, 0 unmapped, 0 error\/remote, 0 decode errors; 0 bad lines; \d+ updates/);

    const lines = first.io.stdout().trimEnd().split('\n').map((l) => JSON.parse(l) as { ts: number; type: string; path: string; value: unknown; name?: string });
    const updates = lines.filter((l) => l.type === 'signal');
    // Through the runtime: the car events of the drive come out beside the signals.
    expect(lines.filter((l) => l.type === 'event').map((l) => l.name)).toEqual(expect.arrayContaining(['home.left', 'home.approaching', 'home.arrived', 'vehicle.parked']));
    const events = updates
      .filter((u) => /IsMoving|SelectedGear|LowVoltageSystemState|DriverSide.IsOpen|IsLocked|IsChargingCableConnected|Charging.IsCharging$/.test(u.path))
      .filter((u) => u.path.includes('Row1') || !u.path.includes('Row'))
      .map((u) => `${u.path}=${String(u.value)}`);
    const order = [
      'Vehicle.LowVoltageSystemState=ON',
      'Vehicle.Powertrain.Transmission.SelectedGear=127',
      'Vehicle.IsMoving=true',
      'Vehicle.IsMoving=false',
      'Vehicle.Powertrain.Transmission.SelectedGear=126',
      'Vehicle.LowVoltageSystemState=OFF',
      'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen=true',
      'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen=false',
      'Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected=true',
      'Vehicle.Cabin.Door.Row1.DriverSide.IsLocked=true',
      'Vehicle.Powertrain.TractionBattery.Charging.IsCharging=true',
    ];
    let from = 0;
    for (const event of order) {
      const at = events.indexOf(event, from);
      expect(at, `${event} after ${order[order.indexOf(event) - 1] ?? 'start'}`).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
    // The car leaves home and comes back: at least 1.5 km away at some point, home again at the end.
    const lats = updates.filter((u) => u.path === 'Vehicle.CurrentLocation.Latitude').map((u) => u.value as number);
    expect(Math.max(...lats) - lats[0]).toBeGreaterThan(0.008);
    expect(Math.abs(lats[lats.length - 1] - lats[0])).toBeLessThan(0.00005);
  });

  it('at a real-time speed prints the same updates as at max', async () => {
    const part = path.join(tmp, 'first-seconds.log');
    fs.writeFileSync(part, fs.readFileSync(demoDriveLogPath(), 'utf8').split('\n').slice(0, 250).join('\n'));
    const paced = await run(['replay', '--speed', '200', '--signals', '--dry-run', part]);
    const max = await run(['replay', '--speed', 'max', '--signals', '--dry-run', part]);
    expect(paced.code).toBe(0);
    expect(paced.io.stdout()).toBe(max.io.stdout());
    expect(paced.io.stdout().split('\n')[0]).toBe('16:00:00.003 signal Vehicle.Speed 0');
  });

  it('stops when told and still prints its counters', async () => {
    const io = recordIo();
    const controller = new AbortController();
    controller.abort();
    expect(await runReplayCommand(['--speed', '1', '--dry-run'], io, { signal: controller.signal })).toBe(0);
    expect(io.stderr()).toMatch(/^homeward replay: stopped after /);
  });

  it('exits 64 for a bad home point or a bad speed', async () => {
    expect((await run(['replay', '--home', '91,0'])).code).toBe(64);
    expect((await run(['replay', '--speed', '0'])).code).toBe(64);
    expect((await run(['replay', '--speed', 'fast'])).code).toBe(64);
  });
});
