import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { getHeapStatistics } from 'node:v8';
import path from 'node:path';
import { constants as perfConstants, performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { filter, firstValueFrom, lastValueFrom, Subject, throwError, timeout, toArray } from 'rxjs';
import type { CanFrame } from '../../core/can/frame.js';
import { onlyFrames, readCandumpLog } from '../../core/can/sources/read-candump-log.js';
import { createMiioClient } from '../../core/miio/client.js';
import { createRuntime, type Runtime } from '../../core/runtime/create-runtime.js';
import { demoDriveLogPath } from '../../core/vehicle/demo/paths.js';
import { formatTable, percentile, startSimProcess } from './miio-bench-support.js';
import { benchConfig, ratio } from './runtime-bench-support.js';

/**
 * From the CAN frame that completes an arrival to the first miIO datagram leaving for a device.
 * A live runtime (wall clock, services off, not dry-run) takes frames from a Subject; one automation,
 * home.arrived → curtain `set motor_control open`. The curtain is a simulated device in its own
 * process (`homeward sim devices`); between them a UDP relay in this process timestamps each
 * datagram the runtime sends (process.hrtime) and forwards it. Each run is a fresh runtime: start,
 * wait for the first poll (the handshake is done), push the demo drive's last PREROLL_S seconds
 * before the arrival frame, then t0, push the arrival frame, and wait for the relay's first datagram.
 * Also split: frame → home.arrived emitted (synchronous, inside next()). Peers, same run and relay:
 * a bare dgram send, and Homeward's miIO client sending one set_properties (handshake done).
 * Target: p99 < 2 ms over >= 1,000 runs.
 */

const RUNS = Number(process.env.HOMEWARD_BENCH_LATENCY_RUNS ?? 1000);
const PREROLL_S = Number(process.env.HOMEWARD_BENCH_LATENCY_PREROLL_S ?? 30);
/** Idle time between the pre-roll burst and the arrival frame. */
const IDLE_MS = Number(process.env.HOMEWARD_BENCH_LATENCY_IDLE_MS ?? 5);
const TOKEN = '00112233445566778899aabbccddeeff';

interface Relay {
  readonly port: number;
  /** Resolves with the hrtime (ns) of the first datagram to the device at or after `t0`. */
  next(t0: bigint): Promise<bigint>;
  close(): void;
}

/** A UDP relay on 127.0.0.1 in front of the device: client datagrams are stamped and forwarded, replies go back. */
async function startRelay(device: { address: string; port: number }): Promise<Relay> {
  const socket: Socket = createSocket('udp4');
  let client: { address: string; port: number } | null = null;
  let waiter: { t0: bigint; resolve: (t: bigint) => void } | null = null;
  socket.on('message', (msg, rinfo) => {
    const t = process.hrtime.bigint();
    if (rinfo.address === device.address && rinfo.port === device.port) {
      if (client) socket.send(msg, client.port, client.address);
      return;
    }
    client = { address: rinfo.address, port: rinfo.port };
    if (waiter && t >= waiter.t0) {
      waiter.resolve(t);
      waiter = null;
    }
    socket.send(msg, device.port, device.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    next: (t0) =>
      new Promise<bigint>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no datagram within 2 s')), 2000);
        waiter = { t0, resolve: (t) => (clearTimeout(timer), resolve(t)) };
      }),
    close: () => socket.close(),
  };
}

function gcKind(kind: number | undefined): string {
  const k = perfConstants;
  return kind === k.NODE_PERFORMANCE_GC_MINOR ? 'minor' : kind === k.NODE_PERFORMANCE_GC_MAJOR ? 'major' : kind === k.NODE_PERFORMANCE_GC_INCREMENTAL ? 'incremental' : 'weak callbacks';
}

const shifted = (f: CanFrame, byS: number): CanFrame => ({ ...f, ts: f.ts + byS });

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-bench-latency-'));
  const sim = await startSimProcess({ devices: [{ model: 'lumi.curtain.hagl05', address: '127.0.0.1', port: 0, did: 0x4c41, token: TOKEN }] });
  const relay = await startRelay(sim.devices[0]);
  try {
    const config = await benchConfig(dir, {
      can: 'none',
      devices: [{ id: 'curtain', model: 'lumi.curtain.hagl05', host: '127.0.0.1', port: relay.port, token: TOKEN, poll_interval_s: 3600 }],
      scenes: [],
      automations: [{ id: 'arrived_open', mode: 'parallel', triggers: [{ trigger: 'event', event_type: 'home.arrived' }], actions: [{ device: 'curtain', set: { motor_control: 'open' } }] }],
    });
    const unexpected: unknown[] = [];
    // Garbage collections, to tell a collector pause inside a measured window from the path's own cost.
    const windows: [number, number][] = [];
    /** This process's CPU time (user + system, V8's GC threads included) inside each window: not inflated by other processes' preemption. */
    const cpuMs: number[] = [];
    const heapKb: number[] = [];
    const gcs: [number, number, string][] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration, gcKind((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind)]);
    });
    observer.observe({ entryTypes: ['gc'] });
    const all = await lastValueFrom(readCandumpLog(demoDriveLogPath()).pipe(onlyFrames(), toArray()));

    /** One fresh runtime; frames from `fromIndex`; returns the index of the frame whose next() emitted home.arrived, and the timings. */
    const once = async (fromIndex: number, stopAt: number | null): Promise<{ index: number; eventNs: bigint; datagramNs: bigint }> => {
      const frames$ = new Subject<CanFrame>();
      const runtime: Runtime = await createRuntime(config, { frames$, simulate: false, services: { store: false, mqtt: false, web: false }, onUnexpectedError: (e) => void unexpected.push(e) });
      let eventNs = 0n;
      const sub = runtime.events$.pipe(filter((e) => e.name === 'home.arrived')).subscribe(() => (eventNs = process.hrtime.bigint()));
      try {
        await runtime.start();
        await firstValueFrom(runtime.devices.state$('curtain').pipe(filter((s) => s.online), timeout({ first: 5000, with: () => throwError(() => new Error('the curtain never answered its first poll')) })));
        const byS = Date.now() / 1000 - all[stopAt ?? all.length - 1].ts;
        const last = stopAt ?? all.length - 1;
        for (let i = fromIndex; i < last; i++) {
          frames$.next(shifted(all[i], byS));
          if (eventNs !== 0n) return { index: i, eventNs: 0n, datagramNs: 0n };
        }
        if (stopAt === null) return { index: -1, eventNs: 0n, datagramNs: 0n };
        const frame = shifted(all[stopAt], byS);
        // The pre-roll came in a burst (milliseconds for 30 s of frames); on the car the loop idles between
        // frames, and V8 runs the scavenge it posted for the burst's garbage there. Give it that idle time.
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
        const p0 = performance.now();
        const h0 = getHeapStatistics().used_heap_size;
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        const datagram = relay.next(t0);
        frames$.next(frame);
        const datagramNs = (await datagram) - t0;
        const cpu = process.cpuUsage(c0);
        heapKb.push((getHeapStatistics().used_heap_size - h0) / 1024);
        cpuMs.push((cpu.user + cpu.system) / 1000);
        windows.push([p0, p0 + Number(datagramNs) / 1e6]);
        if (eventNs === 0n) throw new Error('home.arrived did not come with the calibrated frame');
        await runtime.idle();
        return { index: stopAt, eventNs: eventNs - t0, datagramNs };
      } finally {
        sub.unsubscribe();
        await runtime.stop();
      }
    };

    // Calibrate: which frame completes the arrival (the drive parks about 31 s before the log ends).
    const probeFrom = all.findIndex((f) => f.ts >= all[all.length - 1].ts - 35 - PREROLL_S);
    const probe = await once(probeFrom, null);
    if (probe.index < 0) throw new Error('no home.arrived in the demo drive');
    const arrival = probe.index;
    const fromIndex = all.findIndex((f) => f.ts >= all[arrival].ts - PREROLL_S);
    for (let i = 0; i < 20; i++) await once(fromIndex, arrival); // warm-up
    windows.length = 0;
    cpuMs.length = 0;
    heapKb.length = 0;

    const eventMs: number[] = [];
    const datagramMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await once(fromIndex, arrival);
      eventMs.push(Number(r.eventNs) / 1e6);
      datagramMs.push(Number(r.datagramNs) / 1e6);
    }

    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
    const hits = windows.map(([a, b]) => gcs.filter(([g0, g1]) => g0 < b && g1 > a).map((g) => g[2]));
    const hitByGc = hits.map((h) => h.length > 0);
    const hitKinds = new Map<string, number>();
    for (const kind of hits.flat()) hitKinds.set(kind, (hitKinds.get(kind) ?? 0) + 1);
    const noGcMs = datagramMs.filter((_, i) => !hitByGc[i]);

    // Peers on the same relay: a bare dgram send, and the miIO client's set_properties.
    const bare = createSocket('udp4');
    await new Promise<void>((resolve) => bare.bind(0, '127.0.0.1', resolve));
    const bareMs: number[] = [];
    const client = createMiioClient({ address: '127.0.0.1', port: relay.port, token: TOKEN });
    const clientMs: number[] = [];
    const payload = Buffer.alloc(32);
    try {
      await client.send('get_properties', [{ did: 'x', siid: 2, piid: 1 }]);
      for (let i = 0; i < RUNS; i++) {
        let t0 = process.hrtime.bigint();
        let next = relay.next(t0);
        bare.send(payload, relay.port, '127.0.0.1');
        bareMs.push(Number((await next) - t0) / 1e6);
        t0 = process.hrtime.bigint();
        next = relay.next(t0);
        const answered = client.send('set_properties', [{ did: 'motor_control', siid: 2, piid: 2, value: 1 }]);
        clientMs.push(Number((await next) - t0) / 1e6);
        await answered;
      }
    } finally {
      bare.close();
      await client.close();
    }

    const cols = (name: string, v: number[], peer: number[] | null): string[] => [
      name, String(v.length), percentile(v, 50).toFixed(3), percentile(v, 99).toFixed(3), Math.max(...v).toFixed(3),
      peer ? `${ratio(percentile(v, 50), percentile(peer, 50))} / ${ratio(percentile(v, 99), percentile(peer, 99))}` : '-',
    ];
    process.stdout.write(
      `Arrival latency: the frame that completes home.arrived (frame ${arrival} of the demo drive, after ${PREROLL_S} s of pre-roll) to the first miIO datagram at a relay in front of the simulated curtain; fresh runtime per run\n` +
        `${formatTable(['path', 'runs', 'p50 ms', 'p99 ms', 'max ms', 'vs bare send p50 / p99'], [
          cols('peer: bare dgram send -> relay', bareMs, null),
          cols('peer: miIO client set_properties -> relay', clientMs, bareMs),
          cols('runtime: frame -> home.arrived emitted', eventMs, null),
          cols('runtime: frame -> first datagram for the device', datagramMs, bareMs),
          cols('  ... runs without a GC in the window', noGcMs, bareMs),
          cols('  ... CPU time of this process in the window', cpuMs, null),
        ])}\n` +
        `arrival frame to first miIO datagram: p50 ${percentile(datagramMs, 50).toFixed(3)} ms, p99 ${percentile(datagramMs, 99).toFixed(3)} ms (target p99 < 2 ms); ${unexpected.length} unexpected runtime errors; heap growth in a window without GC: median ${percentile(heapKb.filter((_, i) => !hitByGc[i]), 50).toFixed(0)} KiB; ` +
        `${hitByGc.filter(Boolean).length} of ${windows.length} windows overlapped a GC (${[...hitKinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}; ${gcs.length} GCs in the whole bench)\n`,
    );
  } finally {
    relay.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
