// The `--can` option of the bench commands (record, monitor, sim vehicle).
import { UsageError } from './usage-error.js';

export type CanFlag = { kind: 'socketcan'; iface: string } | { kind: 'virtual' };

/** `socketcan:IFACE` (e.g. socketcan:vcan0), or `virtual` where the command allows it. */
export function parseCanFlag(text: string | undefined, options: { allowVirtual: boolean }): CanFlag {
  const forms = options.allowVirtual ? 'socketcan:IFACE or virtual' : 'socketcan:IFACE';
  if (text === undefined) throw new UsageError(`--can ${forms} is required`);
  if (options.allowVirtual && text === 'virtual') return { kind: 'virtual' };
  const iface = text.startsWith('socketcan:') ? text.slice('socketcan:'.length) : '';
  if (!/^[\w.:-]{1,15}$/.test(iface)) throw new UsageError(`--can must be ${forms} (an interface name of 1 to 15 characters)`);
  return { kind: 'socketcan', iface };
}

/** `-o X` as `--output X`: parseFlags knows only long options. */
export function expandShortOutput(args: readonly string[]): string[] {
  return args.map((arg) => (arg === '-o' ? '--output' : arg));
}
