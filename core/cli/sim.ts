// `homeward sim devices [--config FILE]`: simulated Mi Home devices on loopback until SIGINT/SIGTERM.
import { defaultSimConfig, formatSimConfig, loadSimConfig } from '../sim/config.js';
import { startSimulatedDevices, type SimulatedDevices } from '../sim/start.js';
import type { CliIo } from './io.js';
import { runSimVehicle } from './sim-vehicle.js';
import { aborted, withStopSignals } from './stop-signals.js';
import { parseFlags } from './parse-flags.js';
import { EXIT, UsageError } from './usage-error.js';

export const SIM_USAGE = `usage:
  homeward sim devices [--config FILE]   run the simulated devices until Ctrl-C (SIGINT) or SIGTERM
  homeward sim config                    print the default config (one device per family) as YAML
  homeward sim vehicle [--can socketcan:IFACE|virtual] [--speed N] [--loop] [--parked S] [--duration S]
                                         the simulated demo EV on a CAN bus (see 'sim vehicle --help')

'devices' prints one line per device: model, address:port, did, token. The tokens are the
simulator's demo tokens, printed so you can call the devices, e.g.
  homeward miio info --host 127.0.0.2 --token <token>
`;

export interface RunSimOptions {
  /** Stops the devices when aborted (the command wires SIGINT and SIGTERM to it). */
  signal: AbortSignal;
  /** Called once every device is bound, before waiting for the signal. */
  onStarted?: (sim: SimulatedDevices) => void;
}

export function simCommand(args: string[], io: CliIo): Promise<number> {
  return withStopSignals((signal) => runSimCommand(args, io, { signal }));
}

/** The command with an injected stop signal, so tests run it in-process. */
export async function runSimCommand(args: string[], io: CliIo, options: RunSimOptions): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'devices':
      return runDevices(rest, io, options);
    case 'vehicle':
      return runSimVehicle(rest, io, options);
    case 'config':
      if (rest.length > 0) throw new UsageError('config takes no arguments');
      io.out(formatSimConfig(defaultSimConfig()));
      return EXIT.ok;
    case undefined:
      io.err(SIM_USAGE);
      return EXIT.usage;
    case '--help':
    case '-h':
    case 'help':
      io.out(SIM_USAGE);
      return EXIT.ok;
    default:
      throw new UsageError("unknown subcommand: expected devices, vehicle or config (see 'homeward sim --help')");
  }
}

async function runDevices(args: string[], io: CliIo, options: RunSimOptions): Promise<number> {
  const flags = parseFlags(args, { values: ['config'] });
  if (flags.switches.has('help')) {
    io.out(SIM_USAGE);
    return EXIT.ok;
  }
  if (flags.positionals.length > 0) throw new UsageError('devices takes no arguments besides --config');
  const file = flags.values.get('config');
  const config = file === undefined ? defaultSimConfig() : await loadSimConfig(file);
  if (options.signal.aborted) return EXIT.ok;
  const sim = await startSimulatedDevices(config);
  try {
    io.out(formatDeviceLines(sim));
    io.err(`homeward sim: ${sim.devices.length} simulated device(s) running; Ctrl-C stops them\n`);
    options.onStarted?.(sim);
    await aborted(options.signal);
  } finally {
    await sim.stop();
  }
  const totals = sim.devices.map((d) => d.stats()).reduce((sum, s) => ({ requests: sum.requests + s.requests, wrongToken: sum.wrongToken + s.droppedWrongToken }), { requests: 0, wrongToken: 0 });
  io.err(`homeward sim: stopped (${totals.requests} request(s) served, ${totals.wrongToken} dropped for a wrong token)\n`);
  return EXIT.ok;
}

/** `model  address:port  did  token`, columns aligned; the did in decimal as python-miio prints it. */
export function formatDeviceLines(sim: SimulatedDevices): string {
  const rows = sim.devices.map((d) => [d.model, `${d.address}:${d.port}`, String(d.did), d.tokenHex]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `${r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join('  ')}\n`).join('');
}
