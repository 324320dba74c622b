/**
 * SocketCAN throughput on a real kernel CAN stack (vcan), next to candump on the same bus:
 *  - flood: `cangen -g 0` as fast as it goes; frames/s Homeward receives and decodes (demo DBC) and
 *    frames/s candump -L records, and their ratio;
 *  - paced: a bus at 8 k frames/s (`cangen -g 1 -c 8`); the CPU share of one core each takes.
 * Where the kernel has no vcan it boots the test VM (test/vm/run-vm.sh) and runs there: under TCG
 * every figure is several times worse than on hardware, for both sides alike, so read the ratios.
 *   npm run bench -- vcan      HOMEWARD_BENCH_VCAN_FRAMES=N (flood size, default 50 000)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../helpers/corpus.js';
import { detectVcanMode } from '../vm/vcan-host.js';
import { formatTable } from './miio-bench-support.js';
import { runRound, type Round } from './vcan-measure.js';

const FLOOD = Number(process.env.HOMEWARD_BENCH_VCAN_FRAMES ?? 50_000);
const PACED_RATE = 8000;
const PACED_S = 5;

const k = (n: number): string => `${(n / 1000).toFixed(1)} k`;
const pct = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)} %`;

function report(flood: Round, paced: Round): string {
  const floodRate = (n: number): number => n / flood.wallS;
  const pacedRate = paced.sent / paced.wallS;
  const rows = [
    ['flood: frames/s received', `${k(floodRate(flood.homeward.received))} (${pct(flood.homeward.received, flood.sent)} of ${flood.sent})`, `${k(floodRate(flood.candump.received))} (${pct(flood.candump.received, flood.sent)})`, (flood.homeward.received / flood.candump.received).toFixed(2)],
    ['flood: frames/s decoded', k(floodRate(flood.homeward.decoded)), '-', '-'],
    [`paced ${k(pacedRate)}/s: received`, pct(paced.homeward.received, paced.sent), pct(paced.candump.received, paced.sent), '-'],
    [`paced ${k(pacedRate)}/s: CPU of one core`, pct(paced.homeward.cpuS, paced.wallS), pct(paced.candump.cpuS, paced.wallS), (paced.homeward.cpuS / paced.candump.cpuS).toFixed(2)],
    ['  scaled to 8 k frames/s', pct((paced.homeward.cpuS / paced.wallS) * (PACED_RATE / pacedRate), 1), pct((paced.candump.cpuS / paced.wallS) * (PACED_RATE / pacedRate), 1), '-'],
  ];
  return `${formatTable(['vcan0, demo EV frames (0x100, 8 bytes)', 'homeward (socketcan 4.0.7 + decode)', 'candump -L', 'ratio'], rows)}\n` +
    `flood: cangen sent ${flood.sent} frames in ${flood.wallS.toFixed(2)} s (${k(flood.sent / flood.wallS)}/s); paced: asked ${k(PACED_RATE)}/s, cangen reached ${k(pacedRate)}/s\n`;
}

/** Runs the measurements here (vcan0 exists). */
export async function measureHere(): Promise<void> {
  const flood = await runRound(FLOOD, ['-g', '0']);
  // Bursts of 8 every millisecond: cangen's sleeps are too coarse under TCG for -g 0.125.
  const paced = await runRound(PACED_RATE * PACED_S, ['-g', '1', '-c', String(PACED_RATE / 1000)]);
  process.stdout.write(report(flood, paced));
}

export async function run(): Promise<void> {
  if (existsSync('/sys/class/net/vcan0')) return measureHere();
  const mode = await detectVcanMode();
  if (mode.kind === 'missing') {
    process.stdout.write(`vcan bench not run: ${mode.reason}\n`);
    return;
  }
  if (mode.kind === 'native') return measureHere();
  process.stdout.write('(this kernel has no vcan: measuring inside the test VM, QEMU TCG, 1 vCPU)\n');
  const script = path.join(repoRoot, 'dist/test/bench/vcan.bench.js');
  // The guest's output arrives on the serial console (run-vm.sh's stderr): keep the bench's lines.
  const child = spawn(path.join(repoRoot, 'test/vm/run-vm.sh'), [repoRoot, `node ${script} --here`], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, VM_TIMEOUT: '600', VM_ENV: 'HOMEWARD_BENCH_VCAN_FRAMES' },
  });
  let console = '';
  child.stderr.on('data', (chunk: Buffer) => (console += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = console.split('\n').filter((line) => line !== '' && !/^(\[|VM_READY|VM_EXIT_CODE)/.test(line));
  process.stdout.write(`${lines.join('\n')}\n`);
  if (code !== 0) throw new Error(`the VM run of the vcan bench failed (exit ${String(code)})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--here')) {
  await measureHere();
  process.exit(0);
}
