// `homeward record --can socketcan:IFACE [-o FILE]`: what the bus carries, as candump -L.
import { fromEvent, identity, lastValueFrom, take, takeUntil, tap } from 'rxjs';
import { openSocketcan, type SocketcanStatus } from '../can/sources/socketcan.js';
import { writeCandumpLog } from '../can/sources/write-candump-log.js';
import { expandShortOutput, parseCanFlag } from './can-flag.js';
import { ioWritable } from './io-writable.js';
import { withStopSignals } from './stop-signals.js';
import type { CliIo } from './io.js';
import { integerFlag, parseFlags } from './parse-flags.js';
import { EXIT } from './usage-error.js';

export const RECORD_USAGE = `usage: homeward record --can socketcan:IFACE [-o FILE] [--count N]

Records every frame on the CAN interface as a candump -L log (what 'candump -L IFACE' prints:
kernel receive timestamps, error and remote frames flagged, CAN FD with '##').
  --can socketcan:IFACE   the interface, e.g. socketcan:vcan0
  -o, --output FILE       the log file (created or truncated); '-' or none: standard output
  --count N               stop after N frames (default: until Ctrl-C)
Status (receiving, interface down and back) goes to standard error.
Exit status: 0 ok, 2 no such interface or no socketcan package, 64 bad arguments.
`;

export interface RunRecordOptions {
  signal: AbortSignal;
}

export function recordCommand(args: string[], io: CliIo): Promise<number> {
  return withStopSignals((signal) => runRecordCommand(args, io, { signal }));
}

/** The command with an injected stop signal, so tests run it in-process. */
export async function runRecordCommand(args: string[], io: CliIo, options: RunRecordOptions): Promise<number> {
  const flags = parseFlags(expandShortOutput(args), { values: ['can', 'output', 'count'] });
  if (flags.switches.has('help')) {
    io.out(RECORD_USAGE);
    return EXIT.ok;
  }
  const can = parseCanFlag(flags.values.get('can'), { allowVirtual: false });
  if (can.kind !== 'socketcan') return EXIT.usage;
  const count = integerFlag(flags, 'count', 0, 1, Number.MAX_SAFE_INTEGER);
  const output = flags.values.get('output') ?? '-';
  const toStdout = output === '-';
  if (options.signal.aborted) return EXIT.ok;
  const onStatus = (s: SocketcanStatus): void => io.err(`homeward record: ${s.message}${s.state === 'up' && !toStdout ? `, writing ${output}` : ''}\n`);
  let recorded = 0;
  // On stdout every frame is written at once (a pipe reader sees it live); a file is written in blocks.
  const frames$ = openSocketcan(can.iface, { onStatus }).pipe(
    count > 0 ? take(count) : identity,
    takeUntil(fromEvent(options.signal, 'abort')),
    writeCandumpLog(toStdout ? ioWritable(io) : output, { bufferBytes: toStdout ? 0 : 64 * 1024, end: !toStdout }),
    tap(() => recorded++),
  );
  await lastValueFrom(frames$, { defaultValue: undefined });
  io.err(`homeward record: ${recorded} frame(s) recorded${toStdout ? '' : ` to ${output}`}\n`);
  return EXIT.ok;
}
