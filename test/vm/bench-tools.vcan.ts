/** The bench commands on a real bus: record, monitor and sim vehicle against candump and cansend. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualTimeScheduler } from 'rxjs';
import { formatCandumpLine } from '../../core/can/candump.js';
import type { CanFrame } from '../../core/can/frame.js';
import type { CliIo } from '../../core/cli/io.js';
import { runMonitorCommand } from '../../core/cli/monitor.js';
import { runRecordCommand } from '../../core/cli/record.js';
import { runReplayCommand } from '../../core/cli/replay.js';
import { runSimCommand } from '../../core/cli/sim.js';
import { simulateVehicle$ } from '../../core/sim/vehicle/simulate-vehicle.js';
import { demoDriveLogPath, homewardEvDbcPath } from '../../core/vehicle/demo/paths.js';
import { BUS, cansend, captureCandump, exec, homeward, until, withoutTs } from './vcan-kit.js';
import { notes, type VcanTest } from './vcan-test.js';

interface Running {
  out: () => string;
  err: () => string;
  stop: () => void;
  done: Promise<number>;
}

/** Starts a long-running command in-process with an abort switch. */
function start(run: (io: CliIo, signal: AbortSignal) => Promise<number>): Running {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), stdin: process.stdin };
  const controller = new AbortController();
  return { out: () => out, err: () => err, stop: () => controller.abort(), done: run(io, controller.signal) };
}

const receiving = (r: Running): Promise<void> => until(() => /receiving on CAN interface/.test(r.err()) || /\n.*error/i.test(r.err()), 'the command to open its socket');

export const benchToolsTests: VcanTest[] = [
  {
    name: 'homeward record -o writes the log candump -L records (timestamps included)',
    async run() {
      const file = join(mkdtempSync(join(tmpdir(), 'homeward-record-')), 'drive.log');
      const count = 401;
      // 0:0 passes every frame; #FFFFFFFF asks for error frames too (candump leaves them out by default).
      const dump = await captureCandump([`${BUS},0:0,#FFFFFFFF`]);
      const record = start((io, signal) => runRecordCommand(['--can', `socketcan:${BUS}`, '-o', file, '--count', String(count)], io, { signal }));
      await receiving(record);
      // Classic, 29-bit, remote and 64-byte FD frames, and one error frame.
      const kinds = [[], ['-e'], ['-R'], ['-f', '-L', '40']];
      for (const kind of kinds) await exec('cangen', [BUS, ...kind, '-g', '0.5', '-n', String((count - 1) / kinds.length)]);
      await cansend(BUS, '20000004#0004000000000000');
      assert.equal(await record.done, 0, record.err());
      const lines = await dump.stop();
      // socketcan 4.0.7 does not hand over the FD flags: the kernel's FDF (4), BRS, ESI are lost.
      const fdFlagsOut = (line: string): string => line.replace(/##[0-9A-F]/, '##_');
      const recorded = readFileSync(file, 'utf8').split('\n').slice(0, -1);
      assert.equal(recorded.length, count);
      // The first frame a socket reads is stamped when read: SIOCGSTAMP switches stamping on at that call.
      assert.equal(withoutTs(recorded[0]), withoutTs(lines[0]));
      assert.deepEqual(recorded.slice(1).map(fdFlagsOut), lines.slice(1).map(fdFlagsOut));
      assert.equal(recorded.filter((l) => l.includes('##')).length, (count - 1) / kinds.length);
      assert.match(record.err(), new RegExp(`${count} frame\\(s\\) recorded to `));
      notes.push(`${count} frames (classic, 29-bit, remote, FD, error) recorded as candump -L records them`);
    },
  },
  {
    name: 'homeward record to standard output, stopped by its signal',
    async run() {
      const record = start((io, signal) => runRecordCommand(['--can', `socketcan:${BUS}`], io, { signal }));
      await receiving(record);
      await cansend(BUS, '123#CAFE');
      await until(() => record.out().includes('123#CAFE'), 'the frame on stdout');
      record.stop();
      assert.equal(await record.done, 0);
      assert.match(record.out(), /^\(\d{10}\.\d{6}\) vcan0 123#CAFE\n$/);
      const missing = await homeward(['record', '--can', 'socketcan:vcan9']);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /no such CAN interface vcan9/);
    },
  },
  {
    name: 'homeward monitor prints each change as homeward decode does, when not a terminal',
    async run() {
      const dbc = homewardEvDbcPath();
      const monitor = start((io, signal) => runMonitorCommand(['--can', `socketcan:${BUS}`, '--dbc', dbc], io, { signal, tty: false }));
      await receiving(monitor);
      const frames = ['100#5E220000DEF60100', '100#5E220000DEF60100', '100#60220000DEF60100', '7AB#01', '7AB#02', '20000004#0004000000000000'];
      for (const f of frames) await cansend(BUS, f);
      await until(() => monitor.out().split('\n').length > 4, 'four printed lines');
      monitor.stop();
      assert.equal(await monitor.done, 0);
      const printed = monitor.out().trimEnd().split('\n');
      // The repeat of the first frame and the second frame of the unknown id print nothing.
      const expectedLog = join(mkdtempSync(join(tmpdir(), 'homeward-monitor-')), 'seen.log');
      const seen = printed.map((line) => line.slice(0, line.indexOf(' :: ')));
      writeFileSync(expectedLog, seen.map((l) => `${l}\n`).join(''));
      const decoded = await homeward(['decode', '--dbc', dbc, expectedLog]);
      assert.deepEqual(printed, decoded.out.trimEnd().split('\n'));
      assert.deepEqual(seen.map(withoutTs), ['vcan0 100#5E220000DEF60100', 'vcan0 100#60220000DEF60100', 'vcan0 7AB#01', 'vcan0 20000004#0004000000000000']);
      assert.match(printed[0], /VCU_VehicleSpeed\(VCU_VehicleSpeed: 87\.98 km\/h/);
    },
  },
  {
    name: 'homeward monitor draws a table on a terminal',
    async run() {
      const monitor = start((io, signal) => runMonitorCommand(['--can', `socketcan:${BUS}`, '--dbc', homewardEvDbcPath(), '--choices'], io, { signal, tty: true, rows: 40 }));
      await receiving(monitor);
      await cansend(BUS, '320#4000000000000000');
      await until(() => monitor.out().includes('BCM_BodyStatus'), 'the table');
      monitor.stop();
      assert.equal(await monitor.done, 0);
      const screens = monitor.out().split('\x1b[H\x1b[J');
      const last = screens[screens.length - 1];
      assert.match(last, /^homeward monitor vcan0: 1 frames/);
      assert.match(last, /BCM_BodyStatus \(0x320\)  1\n {4}BCM_PowerMode: ON\n/);
    },
  },
  {
    name: 'homeward sim vehicle --can socketcan:vcan0: candump -L records exactly the frames sent',
    timeoutMs: 60_000,
    async run() {
      const args = ['--speed', '20', '--duration', '40'];
      const expected: CanFrame[] = [];
      const scheduler = new VirtualTimeScheduler();
      simulateVehicle$({ scheduler, speed: 20, untilS: 40 }).subscribe((f) => expected.push(f));
      scheduler.flush();
      const dump = await captureCandump();
      const sim = start((io, signal) => runSimCommand(['vehicle', '--can', `socketcan:${BUS}`, ...args], io, { signal }));
      assert.equal(await sim.done, 0, sim.err());
      await until(() => dump.lines().length >= expected.length, `${expected.length} frames in candump`, { timeoutMs: 5000 }).catch((error: unknown) => {
        throw new Error(`${String(error)}: candump has ${dump.lines().length}; the command said ${sim.err()}`);
      });
      const lines = await dump.stop();
      assert.equal(lines.length, expected.length);
      assert.deepEqual(lines.map(withoutTs), expected.map((f) => withoutTs(formatCandumpLine({ ...f, channel: BUS }))));
      assert.match(sim.err(), new RegExp(`${expected.length} frame\\(s\\) sent`));
      notes.push(`${expected.length} frames of 40 simulated seconds at speed 20, all recorded in order`);
    },
  },
  {
    name: 'homeward replay --to socketcan:vcan0: candump -L records exactly the frames of the log',
    timeoutMs: 60_000,
    async run() {
      const file = join(mkdtempSync(join(tmpdir(), 'homeward-replay-to-')), 'part.log');
      const lines = readFileSync(demoDriveLogPath(), 'utf8').split('\n').filter(Boolean).slice(0, 600);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const dump = await captureCandump();
      const sent = start((io, signal) => runReplayCommand([file, '--to', `socketcan:${BUS}`, '--speed', '20'], io, { signal }));
      assert.equal(await sent.done, 0, sent.err());
      await until(() => dump.lines().length >= lines.length, `${lines.length} frames in candump`, { timeoutMs: 5000 }).catch((error: unknown) => {
        throw new Error(`${String(error)}: candump has ${dump.lines().length}; the command said ${sent.err()}`);
      });
      const recorded = await dump.stop();
      const body = (line: string): string => withoutTs(line).replace(/^\S+ /, '');
      assert.deepEqual(recorded.map(body), lines.map(body));
      assert.match(sent.err(), new RegExp(`${lines.length} frames sent to ${BUS}`));
      notes.push(`replay --to: ${lines.length} frames of the demo log, all recorded in order`);
    },
  },
];
