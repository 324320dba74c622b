// `homeward sim vehicle`: the simulated demo EV (core/sim/vehicle) on SocketCAN or as a candump -L stream.
import { asyncScheduler, fromEvent, lastValueFrom, takeUntil, tap } from 'rxjs';
import { sendSocketcan } from '../can/sources/socketcan.js';
import { writeCandumpLog } from '../can/sources/write-candump-log.js';
import { loopSeconds, simulateVehicle$ } from '../sim/vehicle/simulate-vehicle.js';
import { parseCanFlag } from './can-flag.js';
import type { CliIo } from './io.js';
import { ioWritable } from './io-writable.js';
import { parseFlags } from './parse-flags.js';
import { EXIT, UsageError } from './usage-error.js';

export const SIM_VEHICLE_USAGE = `usage: homeward sim vehicle [--can socketcan:IFACE|virtual] [--speed N] [--loop] [--parked S] [--duration S]

The demo EV (core/vehicle/demo/homeward-ev.dbc) as real CAN frames at their cycle times: charging
stops, cable out, unlock, the driver gets in, ignition on, a 6-minute drive from home round the
suburb and back, park, ignition off, door, lock, cable in, charging; then parked for --parked S.
  --can socketcan:IFACE   send on the interface (e.g. socketcan:vcan0; candump -L IFACE shows them)
  --can virtual           no bus: print the frames as candump -L lines on standard output (default)
  --speed N               N times faster than real time (default 1)
  --loop                  start over after the parked time, for ever (Ctrl-C stops)
  --parked S              seconds parked at home at the end of a loop (default 60)
  --duration S            stop after S seconds of simulated time
Exit status: 0 ok, 2 no such interface or no socketcan package, 64 bad arguments.
`;

function positiveNumber(text: string | undefined, name: string, fallback: number | undefined, allowZero = false): number | undefined {
  if (text === undefined) return fallback;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) throw new UsageError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  return value;
}

export async function runSimVehicle(args: string[], io: CliIo, options: { signal: AbortSignal }): Promise<number> {
  const flags = parseFlags(args, { values: ['can', 'speed', 'parked', 'duration'], switches: ['loop'] });
  if (flags.switches.has('help')) {
    io.out(SIM_VEHICLE_USAGE);
    return EXIT.ok;
  }
  if (flags.positionals.length > 0) throw new UsageError('vehicle takes no arguments besides its options');
  const can = parseCanFlag(flags.values.get('can') ?? 'virtual', { allowVirtual: true });
  const speed = positiveNumber(flags.values.get('speed'), 'speed', 1) ?? 1;
  const parkedS = positiveNumber(flags.values.get('parked'), 'parked', 60, true) ?? 60;
  const untilS = positiveNumber(flags.values.get('duration'), 'duration', undefined);
  const loop = flags.switches.has('loop');
  if (options.signal.aborted) return EXIT.ok;
  const car$ = simulateVehicle$({ scheduler: asyncScheduler, speed, loop, parkedS, ...(untilS === undefined ? {} : { untilS }) });
  const where = can.kind === 'socketcan' ? can.iface : 'standard output';
  io.err(`homeward sim vehicle: the demo EV on ${where}, ${loopSeconds(parkedS)} s a loop${loop ? ' (looping)' : ''} at speed ${speed}; Ctrl-C stops\n`);
  let sent = 0;
  const out$ =
    can.kind === 'socketcan'
      ? car$.pipe(takeUntil(fromEvent(options.signal, 'abort')), sendSocketcan(can.iface))
      : car$.pipe(takeUntil(fromEvent(options.signal, 'abort')), writeCandumpLog(ioWritable(io), { bufferBytes: 0, end: false }));
  await lastValueFrom(out$.pipe(tap(() => sent++)), { defaultValue: undefined });
  io.err(`homeward sim vehicle: ${sent} frame(s) sent\n`);
  return EXIT.ok;
}
