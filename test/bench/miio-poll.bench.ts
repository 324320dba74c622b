import { createHash } from 'node:crypto';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { catchError, EMPTY, exhaustMap, from, type Subscription, tap, timer } from 'rxjs';
import { createMiioClient, type MiioClient } from '../../core/miio/client.js';
import { openUdpPort, type DatagramPort } from '../../core/miio/datagram-port.js';
import { formatTable, percentile, startSimProcess, type SimProcess, type SimProcessDevice } from './miio-bench-support.js';

/**
 * Polling 1,000 simulated devices at 1 Hz with Homeward's client: the CPU share of one core used by the
 * client process (process.cpuUsage; the simulator runs in its own process and is reported apart) and
 * missed polls (a tick that finds the previous poll of that device still running, or a poll that fails).
 * Target: < 20 % of one core, zero missed polls.
 *
 * Addresses: one per device, 127.0.10.1 … 127.0.13.250, all on port 54321 (every 127/8 address is local
 * on Linux). That is how real devices look (one IP each, fixed port) and what python-miio and npm miio
 * require, so the same simulator config would serve them too. Polls are spread evenly over each second.
 */

const DEVICES = Number(process.env.HOMEWARD_BENCH_DEVICES ?? 1000);
const MEASURE_S = Number(process.env.HOMEWARD_BENCH_POLL_S ?? 30);
/** The first hello of every device and V8's warm-up happen before the measured window. */
const WARMUP_S = 5;
const PERIOD_MS = 1000;
/** Polls start on slots this far apart (1 = spread evenly; 50 = 20 batches of 50 devices a second). */
const SLOT_MS = Number(process.env.HOMEWARD_BENCH_SLOT_MS ?? 1);

const MODELS = [
  { model: 'zhimi.airpurifier.m1', method: 'get_prop', params: ['power', 'aqi', 'mode', 'humidity', 'temp_dec'] },
  {
    model: 'zhimi.airp.mb4a',
    method: 'get_properties',
    params: [{ did: 'power', siid: 2, piid: 1 }, { did: 'mode', siid: 2, piid: 4 }, { did: 'aqi', siid: 3, piid: 4 }, { did: 'filter_life_remaining', siid: 4, piid: 1 }],
  },
] as const;

interface Counters {
  ticks: number;
  started: number;
  skipped: number;
  ok: number;
  failed: number;
  latenciesMs: number[];
}

interface VariantResult {
  name: string;
  counters: Counters;
  windowS: number;
  cpuShare: number;
  simCpuShare: number;
  loopDelayP99Ms: number;
  sockets: number;
}

function deviceConfig(i: number): { model: string; address: string; did: number; token: string } {
  return {
    model: MODELS[i % MODELS.length].model,
    address: `127.0.${10 + Math.floor(i / 250)}.${1 + (i % 250)}`,
    did: 0x0bed0000 + i + 1,
    token: createHash('md5').update(`homeward-bench-${i}`).digest('hex'),
  };
}

async function pollVariant(name: string, sim: SimProcess, shared: DatagramPort | undefined): Promise<VariantResult> {
  const clients: MiioClient[] = sim.devices.map((d: SimProcessDevice) =>
    createMiioClient({ address: d.address, port: d.port, token: d.token, timeoutMs: 2000, ...(shared ? { datagramPort: shared } : {}) }));
  const counters: Counters = { ticks: 0, started: 0, skipped: 0, ok: 0, failed: 0, latenciesMs: [] };
  let measuring = false;
  const subscriptions: Subscription[] = clients.map((client, i) => {
    const request = MODELS[i % MODELS.length];
    let inFlight = false;
    return timer(Math.floor((i * PERIOD_MS) / clients.length / SLOT_MS) * SLOT_MS, PERIOD_MS)
      .pipe(
        tap(() => {
          if (!measuring) return;
          counters.ticks += 1;
          if (inFlight) counters.skipped += 1;
        }),
        exhaustMap(() => {
          inFlight = true;
          const counted = measuring;
          if (counted) counters.started += 1;
          const t0 = process.hrtime.bigint();
          return from(client.send(request.method, request.params)).pipe(
            tap(() => {
              inFlight = false;
              if (!counted) return;
              counters.ok += 1;
              counters.latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
            }),
            catchError(() => {
              inFlight = false;
              if (counted) counters.failed += 1;
              return EMPTY;
            }),
          );
        }),
      )
      .subscribe();
  });
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  try {
    await wait(WARMUP_S * 1000);
    measuring = true;
    loopDelay.enable();
    const cpu0 = process.cpuUsage();
    const sim0 = sim.cpuMs();
    const t0 = process.hrtime.bigint();
    await wait(MEASURE_S * 1000);
    measuring = false;
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const simMs = sim.cpuMs() - sim0;
    loopDelay.disable();
    // Let the polls started inside the window finish before stopping.
    await wait(3000);
    return {
      name,
      counters,
      windowS: wallMs / 1000,
      cpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
      simCpuShare: simMs / wallMs,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      sockets: shared ? 1 : clients.length,
    };
  } finally {
    subscriptions.forEach((s) => s.unsubscribe());
    await Promise.all(clients.map((c) => c.close()));
  }
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function run(): Promise<void> {
  const sim = await startSimProcess({ devices: Array.from({ length: DEVICES }, (_, i) => deviceConfig(i)) });
  const results: VariantResult[] = [];
  try {
    results.push(await pollVariant('one UDP socket per client (default)', sim, undefined));
    const shared = await openUdpPort();
    try {
      results.push(await pollVariant('one shared DatagramPort', sim, shared));
    } finally {
      await shared.close();
    }
  } finally {
    await sim.stop();
  }
  const rows = results.map((r) => {
    const c = r.counters;
    const missed = c.skipped + c.failed + (c.started - c.ok - c.failed);
    return [
      r.name,
      String(r.sockets),
      `${c.ticks} / ${c.ok}`,
      String(missed),
      `${(100 * r.cpuShare).toFixed(1)} %`,
      `${(100 * r.simCpuShare).toFixed(1)} %`,
      `${percentile(c.latenciesMs, 50).toFixed(2)} / ${percentile(c.latenciesMs, 99).toFixed(2)} / ${Math.max(...c.latenciesMs).toFixed(1)}`,
      r.loopDelayP99Ms.toFixed(1),
      r.cpuShare < 0.2 && missed === 0 ? 'targets met' : 'target MISSED',
    ];
  });
  process.stdout.write(
    `\nPolling ${DEVICES} simulated devices at 1 Hz (${MODELS.map((m) => `${m.model} ${m.method}`).join(', ')}), ` +
      `measured over ${results[0]?.windowS.toFixed(1)} s after ${WARMUP_S} s warm-up, poll starts ${SLOT_MS} ms apart; simulator in its own process\n\n` +
      `${formatTable(['client setup', 'sockets', 'polls due / answered', 'missed', 'client CPU (1 core)', 'sim CPU', 'latency ms p50 / p99 / max', 'loop delay p99 ms', 'verdict'], rows)}\n`,
  );
}

// Also runnable alone: node dist/test/bench/miio-poll.bench.js
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await run();
