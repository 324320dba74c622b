// `homeward run`: the whole product from a config (or the embedded demo), until Ctrl-C or SIGTERM.
import { interval } from 'rxjs';
import { wallClock } from '../base/clock.js';
import { loadConfig } from '../runtime/config/load-config.js';
import { createRuntime, type Runtime } from '../runtime/create-runtime.js';
import { demoConfigPath } from '../runtime/demo-config.js';
import type { CliIo } from './io.js';
import { openKiosk } from './open-kiosk.js';
import { parseFlags } from './parse-flags.js';
import { createStatusView } from './status-view.js';
import { EXIT, UsageError } from './usage-error.js';

export const RUN_USAGE = `usage: homeward run (--demo | --config FILE) [--dry-run] [--speed N] [--data-dir DIR] [--port N]
                    [--no-store] [--no-mqtt] [--no-web] [--no-browser]

Runs Homeward: the car's CAN source, the Mi Home devices, scenes and automations, the store, the MQTT
bridge and the dashboard's server, with a live status in the terminal.
  --demo            the embedded demo: a simulated car driving home, simulated devices, an embedded
                    MQTT broker, a SQLite file, the dashboard (config/demo.yaml)
  --config FILE     a real configuration (see docs/configuration.md)
  --dry-run         automations record intended device actions and send nothing
  --speed N         the simulated car's loop runs N times faster (demo)
  --data-dir DIR    where the database, broker credentials and keys live (default: XDG data dir)
  --port N          the dashboard's port (default: web.port; 0 = any free port)
  --no-store, --no-mqtt, --no-web   leave that service off
  --no-browser      do not open the dashboard in Chromium's kiosk mode
Ctrl-C or SIGTERM stops everything cleanly.
`;

export async function runCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { values: ['config', 'speed', 'data-dir', 'port'], switches: ['demo', 'dry-run', 'no-store', 'no-mqtt', 'no-web', 'no-browser'] });
  if (flags.switches.has('help')) {
    io.out(RUN_USAGE);
    return EXIT.ok;
  }
  const configFlag = flags.values.get('config');
  if ((configFlag === undefined) === !flags.switches.has('demo')) throw new UsageError('give --demo or --config FILE');
  const speedText = flags.values.get('speed');
  const speed = speedText === undefined ? undefined : Number(speedText);
  if (speed !== undefined && !(speed > 0 && Number.isFinite(speed))) throw new UsageError('--speed must be a positive number');
  const portText = flags.values.get('port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError('--port must be 0..65535');

  const configFile = configFlag ?? demoConfigPath();
  const { config } = await loadConfig(configFile);
  const dataDir = flags.values.get('data-dir');
  const runtime = await createRuntime(config, {
    configFile,
    dryRun: flags.switches.has('dry-run'),
    ...(speed !== undefined ? { speed } : {}),
    services: {
      ...(flags.switches.has('no-store') ? { store: false } : {}),
      ...(flags.switches.has('no-mqtt') ? { mqtt: false } : {}),
      ...(flags.switches.has('no-web') ? { web: false } : {}),
      ...(port !== undefined ? { webPort: port } : {}),
      ...(dataDir ? { dataDir } : {}),
    },
    onUnexpectedError: (e) => io.err(`homeward: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`),
  });
  return await runUntilSignal(runtime, io, { openBrowser: !flags.switches.has('no-browser') });
}

async function runUntilSignal(runtime: Runtime, io: CliIo, options: { openBrowser: boolean }): Promise<number> {
  await runtime.start();
  const s = runtime.services;
  const header = [`homeward running${s?.webUrl ? `: dashboard at ${s.webUrl}` : ''}`, s?.pairingToken ? `pairing token: ${s.pairingToken}` : '', s?.mqttUrl ? `MQTT: ${s.mqttUrl.replace(/\/\/[^@]*@/, '//')}` : '']
    .filter(Boolean)
    .join('  ·  ');
  const isTty = process.stdout.isTTY === true;
  if (!isTty) io.out(`${header}\n`);
  const view = createStatusView(io.out, { isTty, header });
  const subscriptions = [
    runtime.events$.subscribe((e) => view.event(e)),
    runtime.runs$.subscribe((r) => view.run(r)),
    runtime.actions$.subscribe((a) => view.action(a)),
    interval(500, wallClock).subscribe(() => view.refresh(runtime.api.snapshot())),
  ];
  const kiosk = options.openBrowser && s?.webUrl ? openKiosk(s.webUrl) : null;
  if (kiosk && typeof kiosk === 'string') io.err(`homeward: not opening a browser: ${kiosk}\n`);

  // The listeners stay: a second Ctrl-C (or the launcher passing one on) must not kill a clean stop.
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, resolve);
  });
  for (const sub of subscriptions) sub.unsubscribe();
  view.close();
  if (kiosk && typeof kiosk !== 'string') kiosk.kill();
  await runtime.stop();
  io.err('homeward: stopped\n');
  return EXIT.ok;
}
