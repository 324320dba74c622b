import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findRepoRoot, formatTable, median } from './miio-bench-support.js';
import { ratio, timeToFirstOutput } from './runtime-bench-support.js';

/**
 * Cold start of `homeward replay` (the built CLI, a fresh node process each time) to its first line on
 * stdout: `replay --speed max --signals --format json` on the demo drive prints decoded VSS signals
 * from the first frame on, so the first stdout byte is the first decoded signal (the CLI buffers
 * 64 KiB at 'max': the first chunk holds the first ~800 signals; the drive's first 64 KiB take a few
 * ms). With and without --dry-run (without it the demo's six simulated devices start on loopback
 * first). Peer, same run: `node -e 0` (the process start alone). Medians of RUNS, alternated.
 * Target: < 500 ms to the first decoded signal.
 */

const RUNS = Number(process.env.HOMEWARD_BENCH_COLD_RUNS ?? 10);

/** The store, MQTT and API server modules: services.ts loads them only when that service is on, so a replay never pays for them. */
const SERVICE_MODULES = ['core/store/open-store.js', 'core/api/server.js', 'core/mqtt/start-embedded-broker.js', 'core/mqtt/start-mqtt-bridge.js', 'core/store/mqtt-outbox-store.js'];
/** The rest of what replay.js loads (create-runtime.js's other imports), loaded first. */
const CORE_MODULES = [
  'core/runtime/config/load-config.js', 'core/automation/create-automation-engine.js', 'core/vehicle/events/detect-car-events.js', 'core/vehicle/state/vehicle-state.js',
  'core/runtime/vehicle-input.js', 'core/runtime/device-hub.js', 'core/runtime/api-handler.js', 'core/runtime/simulated-home.js', 'core/runtime/automation-host.js',
  'core/cli/format-replay.js', 'core/vehicle/read-signal-log.js',
];

/** A child that imports the core modules, then the service modules, then replay.js, and prints each step's ms. */
function importSteps(root: string): string[] {
  const url = (m: string): string => JSON.stringify(pathToFileURL(path.join(root, 'dist', m)).href);
  const step = (name: string, modules: string[]): string => `t = performance.now(); ${modules.map((m) => `await import(${url(m)});`).join(' ')} out.push('${name}=' + (performance.now() - t));`;
  const script = ['const out = [\'start=\' + performance.now()]; let t;', step('core', CORE_MODULES), step('services', SERVICE_MODULES), step('rest', ['core/cli/replay.js']), "console.log(out.join(' '));"];
  return ['--input-type=module', '-e', script.join(' ')];
}

function runSteps(root: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, importSteps(root), { cwd: root }, (error, stdout) => {
      if (error) reject(error);
      else resolve(Object.fromEntries(stdout.trim().split(' ').map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])])));
    });
  });
}

export async function run(): Promise<void> {
  const root = findRepoRoot();
  const homeward = path.join(root, 'bin/homeward.js');
  const variants = [
    { name: 'peer: node -e 0 (process start, exit)', args: ['-e', '0'], peer: true },
    { name: 'homeward replay --speed max --signals --format json', args: [homeward, 'replay', '--speed', 'max', '--signals', '--format', 'json'], peer: false },
    { name: '  ... --dry-run (no simulated devices)', args: [homeward, 'replay', '--speed', 'max', '--signals', '--format', 'json', '--dry-run'], peer: false },
  ];
  const first = variants.map(() => [] as number[]);
  const exit = variants.map(() => [] as number[]);
  for (const v of variants) await timeToFirstOutput(process.execPath, v.args, root); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    for (const [k, v] of variants.entries()) {
      const r = await timeToFirstOutput(process.execPath, v.args, root);
      if (r.code !== 0) throw new Error(`${v.args.join(' ')} exited ${String(r.code)}`);
      if (!v.peer && Number.isNaN(r.firstMs)) throw new Error(`${v.name} printed nothing`);
      first[k].push(r.firstMs);
      exit[k].push(r.exitMs);
    }
  }
  const steps: Record<string, number>[] = [];
  for (let i = 0; i < RUNS; i++) steps.push(await runSteps(root));
  const step = (k: string): string => median(steps.map((s) => s[k])).toFixed(0);
  const peerExit = median(exit[0]);
  const rows = variants.map((v, k) => [
    v.name,
    v.peer ? '-' : median(first[k]).toFixed(0),
    v.peer ? '-' : Math.min(...first[k]).toFixed(0),
    v.peer ? '-' : ratio(median(first[k]), peerExit),
    median(exit[k]).toFixed(0),
  ]);
  process.stdout.write(
    `Cold start of homeward replay on the demo drive (built CLI, fresh process), medians of ${RUNS}\n` +
      `${formatTable(['command', 'first stdout ms', 'min ms', 'first vs node -e 0 exit', 'exit ms'], rows)}\n` +
      `first decoded signal after ${median(first[1]).toFixed(0)} ms (${median(first[2]).toFixed(0)} ms with --dry-run); target < 500 ms; ` +
      `node -e 0 alone takes ${peerExit.toFixed(0)} ms\n` +
      `module loading in a fresh process (medians of ${RUNS}): node ready at ${step('start')} ms, runtime core modules ${step('core')} ms, then the store/MQTT/API ` +
      `server modules (loaded by services.ts only when a service is on; a replay skips them) ${step('services')} ms, then the rest of replay.js ${step('rest')} ms\n`,
  );
}
