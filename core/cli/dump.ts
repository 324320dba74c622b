// `homeward dump --dbc FILE`: the messages and signals of a DBC, like `cantools dump`.
import { dumpDatabase } from '../dbc/dump.js';
import { loadDbcFile } from '../dbc/load-dbc-file.js';
import type { CliIo } from './io.js';
import { parseFlags } from './parse-flags.js';
import { EXIT, UsageError } from './usage-error.js';

export const DUMP_USAGE = `usage: homeward dump --dbc FILE [--no-strict]

Lists every message of the DBC file: id, length, cycle time, bit layout, signals and choices.
  --no-strict   load the DBC leniently (overlapping signals, flagless 29-bit ids) and list its warnings
Exit status: 0 ok, 2 unreadable DBC, 64 bad arguments.
`;

export async function dumpCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { values: ['dbc'], switches: ['no-strict'] });
  if (flags.switches.has('help')) {
    io.out(DUMP_USAGE);
    return EXIT.ok;
  }
  const dbcPath = flags.values.get('dbc') ?? (flags.positionals.length === 1 ? flags.positionals[0] : undefined);
  if (dbcPath === undefined) throw new UsageError("--dbc FILE is required (see 'homeward dump --help')");
  if (flags.positionals.length > (flags.values.has('dbc') ? 0 : 1)) throw new UsageError('unexpected arguments after the DBC file');
  const db = loadDbcFile(dbcPath, { strict: !flags.switches.has('no-strict') });
  io.out(dumpDatabase(db));
  for (const warning of db.warnings) io.err(`warning: ${warning.file}:${warning.line}:${warning.column}: ${warning.message}\n`);
  return EXIT.ok;
}
