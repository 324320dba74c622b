// `homeward config check FILE`: every problem of a configuration file, or a summary of what it sets up.
import { describeConfig } from '../runtime/config/describe-config.js';
import { ConfigError, formatConfigIssue } from '../runtime/config/errors.js';
import { loadConfig } from '../runtime/config/load-config.js';
import type { CliIo } from './io.js';
import { parseFlags } from './parse-flags.js';
import { EXIT, UsageError } from './usage-error.js';

export const CONFIG_USAGE = `usage: homeward config check FILE

Reads a Homeward configuration (YAML, with !secret from secrets.yaml beside it and !include) and
checks everything the runtime would: syntax, keys and types, secrets, includes, device ids, the
files it names. Prints every problem as FILE:LINE:COL: KEY: message, or a summary of the home,
vehicle source, devices, scenes, automations, storage, MQTT broker and web server. Secret values
are never printed. See docs/configuration.md for every key.
Exit status: 0 valid, 2 problems found (or the file cannot be read), 64 bad arguments.
`;

export async function configCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'check':
      return check(rest, io);
    case undefined:
      io.err(CONFIG_USAGE);
      return EXIT.usage;
    case '--help':
    case '-h':
    case 'help':
      io.out(CONFIG_USAGE);
      return EXIT.ok;
    default:
      throw new UsageError("unknown subcommand: expected check (see 'homeward config --help')");
  }
}

async function check(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { values: [] });
  if (flags.switches.has('help')) {
    io.out(CONFIG_USAGE);
    return EXIT.ok;
  }
  if (flags.positionals.length !== 1) throw new UsageError('give one configuration FILE');
  const [file] = flags.positionals;
  try {
    const loaded = await loadConfig(file);
    io.out(`${file}: ok\n${describeConfig(loaded).join('\n')}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const count = error.issues.length;
    io.err(`${error.issues.map(formatConfigIssue).join('\n')}\n${count} problem${count === 1 ? '' : 's'} in ${file}\n`);
    return EXIT.badInput;
  }
}
