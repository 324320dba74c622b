// `homeward <command>`: one file a command; this file only dispatches and maps errors to exit codes.
import { describeError } from '../base/errors.js';
import { processIo, type CliIo } from './io.js';
import { readVersion } from './version.js';
import { EXIT, UsageError } from './usage-error.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  decode: { summary: 'decode a candump -L log with a DBC (like cantools decode)', load: async () => (await import('./decode.js')).decodeCommand },
  dump: { summary: 'list the messages and signals of a DBC (like cantools dump)', load: async () => (await import('./dump.js')).dumpCommand },
  run: { summary: 'run Homeward: run --demo, or run --config FILE', load: async () => (await import('./run.js')).runCommand },
  start: { summary: 'what npm start runs: Electron if its binary is here, else the demo in browser mode', load: async () => (await import('./start.js')).startCommand },
  replay: { summary: 'replay a recorded drive through the runtime: car events, automation runs, device actions', load: async () => (await import('./replay.js')).replayCommand },
  miio: { summary: 'talk to Mi Home devices: discover, info, call', load: async () => (await import('./miio.js')).miioCommand },
  sim: { summary: 'run simulated devices or the simulated car: sim devices | sim vehicle', load: async () => (await import('./sim.js')).simCommand },
  record: { summary: 'record a CAN interface as a candump -L log (like candump -L)', load: async () => (await import('./record.js')).recordCommand },
  monitor: { summary: 'decode a CAN interface live with a DBC (like cantools monitor)', load: async () => (await import('./monitor.js')).monitorCommand },
  config: { summary: 'check a configuration file: config check FILE', load: async () => (await import('./config.js')).configCommand },
  history: { summary: 'read the store: history events|runs|trace RUN_ID|signals PATH [--db FILE]', load: async () => (await import('./history.js')).historyCommand },
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
  if (name === '--version' || name === '-V') {
    io.out(`homeward ${await readVersion()}\n`);
    return EXIT.ok;
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
