import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { interval } from 'rxjs';
import WebSocket from 'ws';
import { WS_SUBPROTOCOL, type Signal } from '../../core/api/protocol.js';
import { startApiServer } from '../../core/api/server.js';
import { FakeRuntimeApi } from '../../core/api/testing/fake-runtime-api.js';
import { wallClock } from '../../core/base/clock.js';
import { rendererDir } from '../../core/runtime/renderer-dir.js';
import { CHROMIUM, headUnitContext, launchChromium } from '../browser/browser-kit.js';
import { REPO_ROOT } from '../helpers/runtime-fixture.js';

/**
 * The dashboard under load: 50 VSS signals changing at 30 Hz pushed through the real server to
 * Debian's Chromium at 1280×720 (targets: frame work p95 < 16 ms), the bytes per second that puts on
 * the WebSocket, and the cold start of `homeward run --demo` until the dashboard is served (< 1 s).
 * Peers in the same run: the idle dashboard (frames), every update sent uncoalesced (bytes), a bare
 * node:http server serving the same file (cold start).
 */
const SIGNALS = 50;
const HZ = 30;
const MEASURE_MS = Number(process.env.HOMEWARD_BENCH_MS ?? 8000);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v: number) => `${v.toFixed(2)} ms`;

function signalBurst(tick: number): Signal[] {
  const ts = Date.now() / 1000;
  return Array.from({ length: SIGNALS }, (_, i) => ({
    path: i === 0 ? 'Vehicle.Speed' : i === 1 ? 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current' : `Vehicle.Bench.Signal${i}`,
    value: Math.round((Math.sin(tick / 10 + i) + 1) * 500) / 10,
    ts,
    stale: false,
  }));
}

// Wraps rAF in the page: how long each frame callback ran (our script per frame) and the interval.
const FRAME_PROBE = `(() => {
  const raf = window.requestAnimationFrame.bind(window);
  const work = []; const gaps = []; let last = 0;
  window.__bench = { work, gaps, reset() { work.length = 0; gaps.length = 0; } };
  window.requestAnimationFrame = (cb) => raf((t) => {
    if (last) gaps.push(t - last); last = t;
    const s = performance.now(); cb(t); work.push(performance.now() - s);
  });
})()`;

async function frames(loaded: boolean): Promise<{ workP50: number; workP95: number; gapP95: number; frames: number; layoutPerFrameMs: number; stylePerFrameMs: number; taskPerFrameMs: number }> {
  const api = new FakeRuntimeApi();
  const server = await startApiServer({ api, host: '127.0.0.1', port: 0, staticDir: rendererDir(), rateLimitPerS: 1000, onUnexpectedError: (e) => console.error(e) });
  const browser = await launchChromium();
  try {
    const context = await headUnitContext(browser);
    await context.addInitScript(FRAME_PROBE);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('[data-testid=connection][data-state=connected]').waitFor();
    await page.locator('[data-testid=tab-charts]').tap();
    let tick = 0;
    // 50 signals plus the derived state and a moving position (car panel text, map) each tick.
    const home = api.state.home!;
    const pushes = loaded ? interval(1000 / HZ, wallClock).subscribe(() => {
      const t = tick++;
      api.push({ topic: 'signals', signals: signalBurst(t) });
      api.push({
        topic: 'vehicle',
        derived: { moving: true, parked: false, ignition: 'on', gear: 'D', speed_kmh: 40 + (t % 30), soc_pct: 80 - (t % 100) / 10, charging: false },
        presence: { state: 'not_home', distance_m: 900 - (t % 900), eta_s: 120 - (t % 120), latitude: home.latitude + Math.sin(t / 50) * 0.005, longitude: home.longitude + Math.cos(t / 50) * 0.008, accuracy_m: 4, ts: Date.now() / 1000 },
      });
    }) : null;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.waitForTimeout(1000);
    await page.evaluate('window.__bench.reset()');
    const before = await cdp.send('Performance.getMetrics');
    await page.waitForTimeout(MEASURE_MS);
    const after = await cdp.send('Performance.getMetrics');
    pushes?.unsubscribe();
    const { work, gaps } = (await page.evaluate('({ work: window.__bench.work, gaps: window.__bench.gaps })')) as { work: number[]; gaps: number[] };
    const metric = (name: string) => (after.metrics.find((m) => m.name === name)?.value ?? 0) - (before.metrics.find((m) => m.name === name)?.value ?? 0);
    return {
      workP50: percentile(work, 50), workP95: percentile(work, 95), gapP95: percentile(gaps, 95), frames: gaps.length,
      layoutPerFrameMs: (metric('LayoutDuration') * 1000) / Math.max(1, gaps.length), stylePerFrameMs: (metric('RecalcStyleDuration') * 1000) / Math.max(1, gaps.length),
      taskPerFrameMs: (metric('TaskDuration') * 1000) / Math.max(1, gaps.length),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function bytesPerSecond(): Promise<{ coalesced: number; raw: number }> {
  const api = new FakeRuntimeApi();
  const server = await startApiServer({ api, host: '127.0.0.1', port: 0, staticDir: rendererDir(), onUnexpectedError: (e) => console.error(e) });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, [WS_SUBPROTOCOL], { headers: { Origin: `http://127.0.0.1:${server.port}` } });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: { topics: ['signals', 'vehicle', 'devices'] } }));
  let bytes = 0;
  let raw = 0;
  ws.on('message', (data: Buffer) => { bytes += data.length; });
  let tick = 0;
  // The runtime emits one update per sample; count what sending each alone would cost.
  const pushes = interval(1000 / HZ, wallClock).subscribe(() => {
    for (const signal of signalBurst(tick++)) {
      const update = { topic: 'signals' as const, signals: [signal] };
      raw += Buffer.byteLength(JSON.stringify({ type: 'update', update }));
      api.push(update);
    }
  });
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  pushes.unsubscribe();
  const seconds = (Date.now() - start) / 1000;
  ws.close();
  await server.stop();
  return { coalesced: bytes / seconds, raw: raw / seconds };
}

/** Spawns a process and resolves when `url` (read from its output) first answers 200. */
function timeToServe(command: string, args: string[], urlFrom: (line: string) => string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '' } });
    let done = false;
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const url = urlFrom(line);
        if (!url || done) continue;
        done = true;
        const poll = () => fetch(url).then((r) => {
          if (r.status !== 200) throw new Error(String(r.status));
          resolve(Number(process.hrtime.bigint() - start) / 1e6);
          child.kill('SIGTERM');
        }).catch(() => setTimeout(poll, 5));
        poll();
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.on('exit', (code) => { if (!done) reject(new Error(`${command} exited ${code} before serving`)); });
  });
}

async function coldStart(): Promise<{ homeward: number; bare: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'homeward-bench-start-'));
  const bareScript = `const http=require('http'),fs=require('fs');const f=${JSON.stringify(path.join(rendererDir(), 'index.html'))};` +
    `const s=http.createServer((q,r)=>r.end(fs.readFileSync(f)));s.listen(0,'127.0.0.1',()=>console.log('at http://127.0.0.1:'+s.address().port+'/'))`;
  const homeward: number[] = [];
  const bare: number[] = [];
  try {
    for (let round = 0; round < 3; round += 1) {
      homeward.push(await timeToServe(process.execPath, ['bin/homeward.js', 'run', '--demo', '--no-browser', '--no-mqtt', '--port', '0', '--data-dir', dataDir],
        (line) => /dashboard at (http:\/\/\S+)/.exec(line)?.[1] ?? null));
      bare.push(await timeToServe(process.execPath, ['-e', bareScript], (line) => /at (http:\/\/\S+)/.exec(line)?.[1] ?? null));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { homeward: percentile(homeward, 50), bare: percentile(bare, 50) };
}

export async function run(): Promise<void> {
  console.log(`Chromium ${CHROMIUM}, ${SIGNALS} signals + vehicle state at ${HZ} Hz, ${MEASURE_MS / 1000} s per case, 1280×720, Charts tab open`);
  console.log('work = our frame callback (script); frame gap = rAF interval (16.7 ms = every vsync); per-frame CDP durations');
  const idle = await frames(false);
  const loaded = await frames(true);
  console.log('case            frames  work p50   work p95   frame gap p95  layout/frame  style/frame  main thread/frame');
  for (const [name, r] of [['idle (peer)', idle], ['30 Hz × 50', loaded]] as const) {
    console.log(`${name.padEnd(15)} ${String(r.frames).padStart(6)}  ${ms(r.workP50).padStart(9)}  ${ms(r.workP95).padStart(9)}  ${ms(r.gapP95).padStart(13)}  ${ms(r.layoutPerFrameMs).padStart(12)}  ${ms(r.stylePerFrameMs).padStart(11)}  ${ms(r.taskPerFrameMs).padStart(17)}`);
  }
  console.log(`frame work p95 ${ms(loaded.workP95)} (target < 16 ms: ${loaded.workP95 < 16 ? 'met' : 'MISSED'}); frame gap p95 loaded/idle = ${(loaded.gapP95 / idle.gapP95).toFixed(2)}×`);
  const wire = await bytesPerSecond();
  console.log(`WebSocket: ${(wire.coalesced / 1024).toFixed(1)} KiB/s coalesced vs ${(wire.raw / 1024).toFixed(1)} KiB/s if every sample went alone (peer): ${(wire.coalesced / wire.raw).toFixed(2)}×`);
  const start = await coldStart();
  console.log(`cold start to dashboard served (median of 3): homeward run --demo ${ms(start.homeward)} vs bare node:http ${ms(start.bare)} (peer): ${(start.homeward / start.bare).toFixed(2)}× (target < 1000 ms: ${start.homeward < 1000 ? 'met' : 'MISSED'})`);
}
