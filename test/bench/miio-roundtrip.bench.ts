import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMiioClient } from '../../core/miio/client.js';
import { findRepoRoot, formatTable, median, runChild, startSimProcess, type SimProcessDevice } from './miio-bench-support.js';

/**
 * Request round trip on loopback against one simulated device (Air Purifier 3C, MIoT get_properties of
 * two items), the simulator in its own process: Homeward's client, python-miio 0.5.0.1 (Debian) and
 * npm miio 0.15.6, each as an in-process loop of N sequential calls after a warm-up (a python loop in
 * one python process, a node loop in one node process), interleaved over several rounds.
 * Targets: Homeward ≤ 0.5× python-miio's time per call, ≤ 1× npm miio's.
 */

const PYTHON = '/usr/bin/python3';
const CALLS = Number(process.env.HOMEWARD_BENCH_CALLS ?? 5000);
/** Enough for V8 to optimise the hot path of each node client. */
const WARMUP = 1000;
const ROUNDS = 3;
const METHOD = 'get_properties';
const PARAMS = [{ did: 'power', siid: 2, piid: 1 }, { did: 'aqi', siid: 3, piid: 4 }];

interface Sample {
  perCallUs: number;
  cpuPerCallUs: number;
  /** The simulator process's CPU per request during the loop (the same work for every client). */
  simCpuPerCallUs?: number;
}

interface LoopSpec {
  host: string;
  token: string;
  method: string;
  params: unknown;
  warmup: number;
  calls: number;
}

const PYTHON_LOOP = `
import json, sys, time
from miio import Device
a = json.loads(sys.argv[1])
d = Device(a["host"], a["token"])
for _ in range(a["warmup"]):
    d.send(a["method"], a["params"])
c0 = time.process_time_ns(); t0 = time.perf_counter_ns()
for _ in range(a["calls"]):
    d.send(a["method"], a["params"])
t1 = time.perf_counter_ns(); c1 = time.process_time_ns()
print(json.dumps({"perCallUs": (t1 - t0) / 1000 / a["calls"], "cpuPerCallUs": (c1 - c0) / 1000 / a["calls"]}))
`;

const NPM_LOOP = `
const miio = require('miio');
(async () => {
  const a = JSON.parse(process.argv[1]);
  const d = await miio.device({ address: a.host, token: a.token });
  for (let i = 0; i < a.warmup; i++) await d.call(a.method, a.params);
  const c0 = process.cpuUsage(); const t0 = process.hrtime.bigint();
  for (let i = 0; i < a.calls; i++) await d.call(a.method, a.params);
  const t1 = process.hrtime.bigint(); const c = process.cpuUsage(c0);
  d.destroy();
  console.log(JSON.stringify({ perCallUs: Number(t1 - t0) / 1000 / a.calls, cpuPerCallUs: (c.user + c.system) / a.calls }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`;

async function homewardLoop(spec: LoopSpec): Promise<Sample> {
  const client = createMiioClient({ address: spec.host, token: spec.token, timeoutMs: 2000 });
  try {
    for (let i = 0; i < spec.warmup; i++) await client.send(spec.method, spec.params);
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < spec.calls; i++) await client.send(spec.method, spec.params);
    const t1 = process.hrtime.bigint();
    const cpu = process.cpuUsage(c0);
    return { perCallUs: Number(t1 - t0) / 1000 / spec.calls, cpuPerCallUs: (cpu.user + cpu.system) / spec.calls };
  } finally {
    await client.close();
  }
}

async function pythonLoop(spec: LoopSpec): Promise<Sample> {
  return JSON.parse(await runChild(PYTHON, ['-c', PYTHON_LOOP, JSON.stringify(spec)])) as Sample;
}

async function npmLoop(spec: LoopSpec, home: string): Promise<Sample> {
  // cwd = the checkout so require('miio') resolves; HOME = a temp dir (npm miio keeps a token store there).
  const out = await runChild(process.execPath, ['-e', NPM_LOOP, JSON.stringify(spec)], { cwd: findRepoRoot(), env: { ...process.env, HOME: home } });
  return JSON.parse(out.trim().split('\n').pop() as string) as Sample;
}

async function hasPython(): Promise<boolean> {
  try {
    await runChild(PYTHON, ['-c', 'import miio']);
    return true;
  } catch {
    return false;
  }
}

export async function run(): Promise<void> {
  const sim = await startSimProcess({
    devices: [{ name: 'purifier-3c', model: 'zhimi.airp.mb4a', address: '127.0.9.1', did: 0x0bec0001, token: '5e1ec7ab1e0ddba11c0ffee0ddf00d42' }],
  });
  const home = await mkdtemp(path.join(os.tmpdir(), 'homeward-bench-npm-'));
  const python = await hasPython();
  const device: SimProcessDevice = sim.devices[0];
  const spec: LoopSpec = { host: device.address, token: device.token, method: METHOD, params: PARAMS, warmup: WARMUP, calls: CALLS };
  const samples: Record<'homeward' | 'python' | 'npm', Sample[]> = { homeward: [], python: [], npm: [] };
  try {
    const withSimCpu = async (loop: () => Promise<Sample>): Promise<Sample> => {
      const before = sim.cpuMs();
      const sample = await loop();
      // Includes the peer's warm-up; a fair per-request figure all the same.
      return { ...sample, simCpuPerCallUs: ((sim.cpuMs() - before) * 1000) / (CALLS + WARMUP) };
    };
    for (let round = 0; round < ROUNDS; round++) {
      samples.homeward.push(await withSimCpu(() => homewardLoop(spec)));
      if (python) samples.python.push(await withSimCpu(() => pythonLoop(spec)));
      samples.npm.push(await withSimCpu(() => npmLoop(spec, home)));
    }
  } finally {
    await sim.stop();
    await rm(home, { recursive: true, force: true });
  }
  const wall = (s: Sample[]): number => median(s.map((x) => x.perCallUs));
  const cpu = (s: Sample[]): number => median(s.map((x) => x.cpuPerCallUs));
  const simCpu = (s: Sample[]): number => median(s.map((x) => x.simCpuPerCallUs ?? Number.NaN));
  const h = wall(samples.homeward);
  const hc = cpu(samples.homeward);
  const row = (name: string, s: Sample[]): string[] =>
    s.length === 0
      ? [name, 'n/a (python-miio not installed)', '', '', '', '', '', '']
      : [name, wall(s).toFixed(1), s.map((x) => x.perCallUs.toFixed(1)).join(' / '), cpu(s).toFixed(1), simCpu(s).toFixed(1), (h / wall(s)).toFixed(2), (hc / cpu(s)).toFixed(2), ''];
  const rows = [row('homeward', samples.homeward), row('python-miio 0.5.0.1', samples.python), row('npm miio 0.15.6', samples.npm)];
  rows[1][7] = samples.python.length ? (h / wall(samples.python) <= 0.5 ? 'target ≤ 0.5× met' : 'target ≤ 0.5× MISSED') : '';
  rows[2][7] = h / wall(samples.npm) <= 1 ? 'target ≤ 1× met' : 'target ≤ 1× MISSED';
  process.stdout.write(
    `\nmiIO round trip on loopback: ${METHOD} (2 items) to ${device.model} at ${device.address}:${device.port}, simulator in its own process\n` +
      `${CALLS} sequential calls per loop after ${WARMUP} warm-up calls, ${ROUNDS} interleaved rounds, median shown\n\n` +
      `${formatTable(['client', 'µs/call', 'rounds (µs/call)', 'client CPU µs/call', 'sim CPU µs/req', 'homeward ÷ this (time)', '(client CPU)', 'verdict (time)'], rows)}\n`,
  );
}

// Also runnable alone: node dist/test/bench/miio-roundtrip.bench.js
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await run();
