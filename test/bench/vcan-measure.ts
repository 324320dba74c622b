/**
 * The vcan measurements themselves (run where vcan0 exists: inside the VM, or on a host with vcan):
 * a `cangen -g 0` flood received and decoded by Homeward next to candump on the same flood, and the
 * CPU share of each at a paced bus rate. vcan.bench.ts decides where this runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSocketcan } from '../../core/can/sources/socketcan.js';
import { createDbcCodec } from '../../core/dbc/codec.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { homewardEvDbcPath } from '../../core/vehicle/demo/paths.js';
import { BUS, exec, receive } from '../vm/vcan-kit.js';

export interface Side {
  received: number;
  decoded: number;
  cpuS: number;
}
export interface Round {
  sent: number;
  wallS: number;
  homeward: Side;
  candump: Side;
}

const TICKS_PER_S = 100; // USER_HZ of /proc/PID/stat on Linux

function processCpuS(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S; // utime, stime
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** candump -L writing to a file as a user runs it (block-buffered), with a 4 MiB socket buffer when allowed. */
function startCandump(file: string, bigBuffer: boolean): ChildProcess {
  const out = openSync(file, 'w');
  return spawn('candump', ['-L', ...(bigBuffer ? ['-r', String(4 << 20)] : []), BUS], { stdio: ['ignore', out, 'inherit'] });
}

/**
 * One round: cangen sends `count` frames of the demo EV's VCU_VehicleSpeed id (0x100, 8 bytes,
 * incrementing payload), paced by `pacing` (cangen's -g/-c: ['-g', '0'] floods); Homeward
 * receives and decodes each with the demo DBC while candump records the same frames.
 */
export async function runRound(count: number, pacing: readonly string[], options: { bigBuffers?: boolean } = {}): Promise<Round> {
  const codec = createDbcCodec(loadDbcFile(homewardEvDbcPath()));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'homeward-vcan-bench-')), 'candump.log');
  let received = 0;
  let decoded = 0;
  const rx = await receive(openSocketcan(BUS));
  const counter = openSocketcan(BUS).subscribe((frame) => {
    received++;
    if (codec.decode(frame.id, frame.extended, frame.data) !== undefined) decoded++;
  });
  // (rx only proved the stack receives; `counter` is the measured subscriber, given time to open.)
  rx.stop();
  const candump = startCandump(file, options.bigBuffers === true);
  await settle(1500);
  const cpu0 = process.cpuUsage();
  const dump0 = processCpuS(candump.pid ?? 0);
  const t0 = performance.now();
  await exec('cangen', [BUS, ...pacing, '-n', String(count), '-I', '100', '-L', '8', '-D', 'i', '-p', '10'], 600_000);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const dumpCpu = processCpuS(candump.pid ?? 0) - dump0;
  // Let both drain what is still queued in their sockets.
  let last = -1;
  while (received !== last) {
    last = received;
    await settle(300);
  }
  counter.unsubscribe();
  const exited = new Promise<void>((resolve) => candump.once('close', () => resolve()));
  candump.kill('SIGTERM');
  await exited;
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(' 100#')).length;
  return {
    sent: count,
    wallS,
    homeward: { received, decoded, cpuS: (cpu.user + cpu.system) / 1e6 },
    candump: { received: lines, decoded: 0, cpuS: dumpCpu },
  };
}
