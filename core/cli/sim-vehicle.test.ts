import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { formatCandumpLine } from '../can/candump.js';
import type { CanFrame } from '../can/frame.js';
import { simulateVehicle$ } from '../sim/vehicle/simulate-vehicle.js';
import type { CliIo } from './io.js';
import { runSimCommand } from './sim.js';
import { UsageError } from './usage-error.js';

async function sim(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), stdin: process.stdin };
  const code = await runSimCommand(['vehicle', ...args], io, { signal: new AbortController().signal });
  return { code, out, err };
}

describe('homeward sim vehicle', () => {
  it('--can virtual prints the simulated car as candump -L lines: the frames of simulateVehicle$', async () => {
    // 2 simulated seconds at 2000× real time: a millisecond of wall time.
    const { code, out, err } = await sim(['--can', 'virtual', '--speed', '2000', '--duration', '2']);
    expect(code).toBe(0);
    const expected: CanFrame[] = [];
    const scheduler = new VirtualTimeScheduler();
    simulateVehicle$({ scheduler, untilS: 2 }).subscribe((f) => expected.push(f));
    scheduler.flush();
    const body = (line: string): string => line.slice(line.indexOf(') ') + 2);
    expect(out.trimEnd().split('\n').map(body)).toEqual(expected.map((f) => body(formatCandumpLine(f))));
    expect(expected).toHaveLength(168);
    expect(err).toMatch(/the demo EV on standard output, 430 s a loop at speed 2000/);
    expect(err).toMatch(/168 frame\(s\) sent/);
  });

  it('says what it takes', async () => {
    expect((await sim(['--help'])).out).toMatch(/--can socketcan:IFACE/);
    await expect(sim(['--speed', '0'])).rejects.toThrow(UsageError);
    await expect(sim(['--speed', 'fast'])).rejects.toThrow(/--speed must be a positive number/);
    await expect(sim(['--parked', '-1'])).rejects.toThrow(/--parked must be a non-negative number/);
    await expect(sim(['--can', 'can0'])).rejects.toThrow(/socketcan:IFACE or virtual/);
    await expect(sim(['extra'])).rejects.toThrow(/no arguments/);
  });

  it('stops at once when already told to', async () => {
    const controller = new AbortController();
    controller.abort();
    const io: CliIo = { out: () => undefined, err: () => undefined, stdin: process.stdin };
    expect(await runSimCommand(['vehicle', '--loop'], io, { signal: controller.signal })).toBe(0);
  });
});
