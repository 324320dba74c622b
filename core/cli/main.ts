// `homeward <command>`: one file a command; this file only dispatches and maps errors to exit codes.
import { describeError } from '../base/errors.js';
import { processIo, type CliIo } from './io.js';
import { EXIT, UsageError } from './usage-error.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  decode: { summary: 'decode a candump -L log with a DBC (like cantools decode)', load: async () => (await import('./decode.js')).decodeCommand },
  dump: { summary: 'list the messages and signals of a DBC (like cantools dump)', load: async () => (await import('./dump.js')).dumpCommand },
  replay: { summary: 'replay a candump -L log through the DBC and VSS mapping, printing signal updates', load: async () => (await import('./replay.js')).replayCommand },
  miio: { summary: 'talk to Mi Home devices: discover, info, call', load: async () => (await import('./miio.js')).miioCommand },
  sim: { summary: 'run simulated devices: sim devices [--config FILE]', load: async () => (await import('./sim.js')).simCommand },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: homeward <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'homeward <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`homeward: unknown command '${name}'\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`homeward ${name}: ${error.message}\n`);
      return EXIT.usage;
    }
    io.err(`homeward ${name}: ${describeError(error)}\n`);
    return EXIT.badInput;
  }
}
