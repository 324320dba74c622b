import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDbcCodec } from '../../core/dbc/codec.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { DEMO_HOME } from '../../core/sim/vehicle/drive-model.js';
import { loopSeconds, vehicleFrames } from '../../core/sim/vehicle/vehicle-frames.js';
import { homewardEvDbcPath, homewardEvVssMappingPath } from '../../core/vehicle/demo/paths.js';
import { findRepoRoot, formatTable, processCpuMs, startSimProcess } from './miio-bench-support.js';
import { DEMO_DEVICES, DEMO_SCENES, demoAutomations, rssMb } from './runtime-bench-support.js';

/**
 * RSS of the headless runtime (`homeward run --config FILE --no-store --no-mqtt --no-web`, its own
 * process, not dry run) with 50 Mi Home devices (simulated by `homeward sim devices` in another
 * process, polled every 5 s) and a 4 kHz bus: the simulated car (`can: demo`) at the speed that
 * makes its frames 4,000 a second, so the demo drive home loops every few seconds and the demo's
 * automations really act on the devices. RSS from /proc after MEASURE_S seconds, and the peak.
 * Peers, same run: the simulator process (50 devices) and a bare node process (the runtime's floor).
 * Target: < 100 MB.
 */

const DEVICES = 50;
const BUS_HZ = Number(process.env.HOMEWARD_BENCH_RSS_BUS_HZ ?? 4000);
const MEASURE_S = Number(process.env.HOMEWARD_BENCH_RSS_S ?? 25);
const PARKED_S = 60;

/** Frames a second of the simulated car at speed 1, averaged over one loop. */
function carFramesPerS(): number {
  const codec = createDbcCodec(loadDbcFile(homewardEvDbcPath()));
  let n = 0;
  for (const _ of vehicleFrames({ codec, home: DEMO_HOME, parkedS: PARKED_S, loops: 1, seed: 1 })) n++;
  return n / loopSeconds(PARKED_S);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const token = (i: number): string => (0x1000 + i).toString(16).padStart(32, 'a');

export async function run(): Promise<void> {
  const root = findRepoRoot();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-bench-rss-'));
  const baseHz = carFramesPerS();
  const speed = BUS_HZ / baseHz;
  const simDevices = Array.from({ length: DEVICES }, (_, i) => ({ model: DEMO_DEVICES[i % DEMO_DEVICES.length].model, address: `127.0.30.${i + 1}`, did: 0x3000 + i, token: token(i) }));
  const sim = await startSimProcess({ devices: simDevices });
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  let child: ReturnType<typeof spawn> | null = null;
  try {
    const devices = simDevices.map((d, i) => ({
      id: i < DEMO_DEVICES.length ? DEMO_DEVICES[i].id : `device_${i + 1}`, model: d.model, host: d.address, token: d.token, poll_interval_s: 5,
    }));
    const config = {
      home: { name: 'Home', latitude: DEMO_HOME.latitude, longitude: DEMO_HOME.longitude, radius_m: 50, approach_radius_m: 2000 },
      vehicle: { can: 'demo', dbc: homewardEvDbcPath(), mapping: homewardEvVssMappingPath(), speed },
      devices, scenes: DEMO_SCENES, automations: demoAutomations(),
      storage: { enabled: false }, mqtt: { enabled: false }, web: { enabled: false },
    };
    const file = path.join(dir, 'rss.yaml');
    writeFileSync(file, JSON.stringify(config, null, 1));
    const started = performance.now();
    // bin/homeward.js re-executes `run` with this flag; giving it here makes the measured pid the
    // runtime itself rather than the thin launcher in front of it.
    child = spawn(process.execPath, ['--max-semi-space-size=2', path.join(root, 'bin/homeward.js'), 'run', '--config', file, '--no-store', '--no-mqtt', '--no-web', '--no-browser'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => (lines += t.split('\n').length - 1));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const pid = child.pid as number;
    let peak = 0;
    let cpuAtWarm = Number.NaN;
    let rss = Number.NaN;
    for (let s = 1; s <= MEASURE_S; s++) {
      await sleep(1000);
      if (child.exitCode !== null) throw new Error(`homeward run exited ${child.exitCode}: ${stderr.slice(-1000)}`);
      rss = rssMb(pid);
      peak = Math.max(peak, rss);
      if (s === 5) cpuAtWarm = processCpuMs(pid);
    }
    const cpuShare = (processCpuMs(pid) - cpuAtWarm) / ((MEASURE_S - 5) * 1000);
    const wallS = (performance.now() - started) / 1000;
    const simRss = rssMb(sim.pid);
    const bareRss = rssMb(bare.pid as number);
    process.stdout.write(
      `Headless runtime RSS: homeward run, ${DEVICES} simulated devices polled every 5 s, simulated car at speed ${speed.toFixed(1)} = ${BUS_HZ} frames/s ` +
        `(${baseHz.toFixed(1)} frames/s at speed 1), demo automations acting on the devices; after ${MEASURE_S} s\n` +
        `${formatTable(['process', `RSS MB at ${MEASURE_S} s`, 'peak MB', 'vs bare node'], [
          ['peer: bare node (setInterval)', bareRss.toFixed(1), '-', '1.00x'],
          [`peer: homeward sim devices (${DEVICES} devices)`, simRss.toFixed(1), '-', `${(simRss / bareRss).toFixed(2)}x`],
          ['homeward run (the runtime)', rss.toFixed(1), peak.toFixed(1), `${(rss / bareRss).toFixed(2)}x`],
        ])}\n` +
        `runtime RSS ${rss.toFixed(1)} MB (peak ${peak.toFixed(1)} MB; target < 100 MB); its CPU ${(cpuShare * 100).toFixed(0)} % of one core from 5 s on; ` +
        `${lines} status lines (car events, runs, actions) in ${wallS.toFixed(0)} s\n`,
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    bare.kill('SIGTERM');
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
