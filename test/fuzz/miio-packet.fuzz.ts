import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { HomewardError } from '../../core/base/errors.js';
import { openUdpPort } from '../../core/miio/datagram-port.js';
import { decodePacket, encodePacket, HELLO_PACKET } from '../../core/miio/packet.js';
import { decodePayload, encodePayload } from '../../core/miio/payload.js';
import { simConfigSchema } from '../../core/sim/config.js';
import { startSimulatedDevices } from '../../core/sim/start.js';
import { findRepoRoot } from '../bench/miio-bench-support.js';
import { corpusDir } from '../helpers/corpus.js';
import { mutate, prng, type FuzzInput, type Seed } from './miio-mutators.js';

/**
 * ≥ 1 M mutated datagrams (corpus vectors and real simulator replies: bit flips, truncation, length
 * lies, random bytes, re-signed ciphertext, re-encrypted broken JSON) into decodePacket (with and
 * without the token) and decodePayload. Passes when nothing crashes or hangs and every rejection is a
 * typed Miio*Error. The work runs in a worker; the main thread kills it if it stops reporting progress.
 * Run alone: node dist/test/fuzz/miio-packet.fuzz.js [cases] [seed]
 */

export interface FuzzOptions {
  cases?: number;
  seed?: number;
  /** No progress for this long = a hang. Default 30 s. */
  stallMs?: number;
}

interface Finding {
  index: number;
  mutator: string;
  seed: string;
  stage: string;
  error: string;
  inputHex: string;
}

interface Report {
  cases: number;
  decodeCalls: number;
  accepted: number;
  rejections: Record<string, number>;
  byMutator: Record<string, number>;
  findings: Finding[];
  findingCount: number;
  slowest: { index: number; mutator: string; seed: string; bytes: number; ms: number };
  elapsedS: number;
}

const WORKER_TAG = 'homeward-miio-packet-fuzz';

async function loadSeeds(): Promise<Seed[]> {
  let file = path.join(corpusDir, 'miio/vectors.json');
  // Compiled into dist/, the helper's default points one level off; the checkout's sibling is meant.
  if (!existsSync(file)) file = path.join(findRepoRoot(), '../shared/corpus/miio/vectors.json');
  const corpus = JSON.parse(await readFile(file, 'utf8')) as { vectors: { kind: string; name: string; packet_hex?: string; token_hex?: string; plaintext_hex?: string }[] };
  const seeds: Seed[] = corpus.vectors
    .filter((v) => v.packet_hex)
    .map((v) => ({
      name: `corpus:${v.name}`,
      packet: Buffer.from(v.packet_hex as string, 'hex'),
      ...(v.token_hex ? { token: Buffer.from(v.token_hex, 'hex') } : {}),
      ...(v.plaintext_hex ? { plaintext: Buffer.from(v.plaintext_hex, 'hex') } : {}),
    }));
  return [...seeds, ...(await simulatorReplies())];
}

/** Real datagrams from the simulator (127.0.9.50): its hello reply and replies of each kind. */
async function simulatorReplies(): Promise<Seed[]> {
  const tokenHex = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
  const token = Buffer.from(tokenHex, 'hex');
  const sim = await startSimulatedDevices(simConfigSchema.parse({
    devices: [
      { model: 'zhimi.airpurifier.m1', address: '127.0.9.50', did: 0xf0220001, token: tokenHex, infoToken: true },
      { model: 'zhimi.airp.mb4a', address: '127.0.9.51', did: 0xf0220002, token: tokenHex, json: 'compact' },
    ],
  }));
  const udp = await openUdpPort();
  const seeds: Seed[] = [];
  try {
    const ask = (address: string, packet: Buffer): Promise<Buffer> =>
      new Promise((resolve) => {
        const sub = udp.messages$.subscribe((d) => {
          sub.unsubscribe();
          resolve(d.buf);
        });
        udp.send(packet, address, 54321);
      });
    const requests: [string, string, unknown][] = [
      ['127.0.9.50', 'miIO.info', []],
      ['127.0.9.50', 'get_prop', ['power', 'aqi', 'mode', 'temp_dec', 'humidity', 'nope']],
      ['127.0.9.50', 'no_such_method', []],
      ['127.0.9.51', 'get_properties', [{ did: 'power', siid: 2, piid: 1 }, { did: 'x', siid: 99, piid: 9 }]],
      ['127.0.9.51', 'set_properties', [{ did: 'power', siid: 2, piid: 1, value: false }]],
      ['127.0.9.51', 'action', { did: 'call-4-1', siid: 4, aiid: 1, in: [] }],
    ];
    for (const [address, method, params] of requests) {
      const hello = await ask(address, HELLO_PACKET);
      if (seeds.length < 2) seeds.push({ name: `sim:hello ${address}`, packet: hello });
      const did = hello.readUInt32BE(8);
      const request = encodePacket({ did, stamp: hello.readUInt32BE(12) + 1, token, payload: encodePayload({ id: seeds.length + 1, method, params }) });
      const reply = await ask(address, request);
      seeds.push({ name: `sim:${method}`, packet: reply, token, plaintext: decodePacket(reply, token).payload as Buffer });
    }
  } finally {
    await udp.close();
    await sim.stop();
  }
  return seeds;
}

/** A typed rejection: a HomewardError of the miio folder whose class is a Miio*Error. */
function isTypedRejection(error: unknown): error is HomewardError {
  return error instanceof HomewardError && error.code.startsWith('miio.') && error.name.startsWith('Miio');
}

function fuzzCases(seeds: Seed[], cases: number, seed: number, progress: (done: number) => void): Report {
  const random = prng(seed);
  const dataSeeds = seeds.filter((s) => s.token && s.plaintext);
  const report: Report = {
    cases: 0, decodeCalls: 0, accepted: 0, rejections: {}, byMutator: {}, findings: [], findingCount: 0,
    slowest: { index: -1, mutator: '', seed: '', bytes: 0, ms: 0 }, elapsedS: 0,
  };
  const started = process.hrtime.bigint();
  const attempt = (index: number, input: FuzzInput, stage: string, fn: () => unknown): unknown => {
    report.decodeCalls += 1;
    try {
      const value = fn();
      report.accepted += 1;
      return value;
    } catch (error) {
      if (isTypedRejection(error)) {
        const key = `${error.name} (${stage})`;
        report.rejections[key] = (report.rejections[key] ?? 0) + 1;
      } else {
        report.findingCount += 1;
        if (report.findings.length < 20) {
          const bytes = input.packet ?? input.plaintext ?? Buffer.alloc(0);
          report.findings.push({ index, mutator: input.mutator, seed: input.seed, stage, error: `${(error as Error)?.name}: ${(error as Error)?.message}`, inputHex: bytes.subarray(0, 256).toString('hex') });
        }
      }
      return undefined;
    }
  };
  for (let index = 0; index < cases; index++) {
    const input = mutate(random, seeds, dataSeeds);
    report.byMutator[input.mutator] = (report.byMutator[input.mutator] ?? 0) + 1;
    const t0 = process.hrtime.bigint();
    if (input.packet) {
      const packet = input.packet;
      attempt(index, input, 'decodePacket', () => decodePacket(packet));
      if (input.token) {
        const token = input.token;
        const decoded = attempt(index, input, 'decodePacket+token', () => decodePacket(packet, token)) as { payload?: Buffer } | undefined;
        const payload = decoded?.payload;
        if (payload) attempt(index, input, 'decodePayload', () => decodePayload(payload));
      }
    }
    if (input.plaintext) {
      const plaintext = input.plaintext;
      attempt(index, input, 'decodePayload', () => decodePayload(plaintext));
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms > report.slowest.ms) {
      report.slowest = { index, mutator: input.mutator, seed: input.seed, bytes: (input.packet ?? input.plaintext ?? Buffer.alloc(0)).length, ms };
    }
    report.cases += 1;
    if (index % 20_000 === 0) progress(index);
  }
  report.elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  return report;
}

/** The pluggable entry point: runs the cases in a worker under a stall watchdog and prints a report. */
export async function run(options: FuzzOptions = {}): Promise<Report> {
  const cases = options.cases ?? 1_000_000;
  const seed = options.seed ?? 0x5eed2024;
  const stallMs = options.stallMs ?? 30_000;
  const seeds = await loadSeeds();
  const worker = new Worker(new URL(import.meta.url), { workerData: { tag: WORKER_TAG, cases, seed, seeds } });
  let last = { done: 0, at: process.hrtime.bigint() };
  const report = await new Promise<Report>((resolve, reject) => {
    const watchdog = setInterval(() => {
      if (Number(process.hrtime.bigint() - last.at) / 1e6 < stallMs) return;
      clearInterval(watchdog);
      void worker.terminate();
      reject(new Error(`HANG: no progress for ${stallMs} ms after case ${last.done} (seed ${seed}); rerun with that seed to reproduce`));
    }, 1000);
    worker.on('message', (m: { done?: number; report?: Report }) => {
      if (m.report) {
        clearInterval(watchdog);
        resolve(m.report);
      } else last = { done: m.done ?? 0, at: process.hrtime.bigint() };
    });
    worker.once('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
  await worker.terminate();
  printReport(report, seeds.length, seed);
  return report;
}

function printReport(r: Report, seedCount: number, seed: number): void {
  const lines = [
    `\nmiIO packet fuzz: ${r.cases.toLocaleString('en')} cases from ${seedCount} seeds (PRNG seed ${seed}), ${r.decodeCalls.toLocaleString('en')} decode calls in ${r.elapsedS.toFixed(1)} s`,
    `accepted: ${r.accepted.toLocaleString('en')}`,
    'rejections by type:',
    ...Object.entries(r.rejections).sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${k.padEnd(44)} ${v.toLocaleString('en')}`),
    'cases by mutator:',
    ...Object.entries(r.byMutator).sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${k.padEnd(44)} ${v.toLocaleString('en')}`),
    `slowest case: #${r.slowest.index} ${r.slowest.mutator} of ${r.slowest.seed}, ${r.slowest.bytes} bytes, ${r.slowest.ms.toFixed(2)} ms`,
    `findings (untyped errors): ${r.findingCount}`,
    ...r.findings.map((f) => `  #${f.index} ${f.mutator} of ${f.seed} in ${f.stage}: ${f.error}\n    ${f.inputHex}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) {
  const { cases, seed, seeds } = workerData as { cases: number; seed: number; seeds: { name: string; packet: Uint8Array; token?: Uint8Array; plaintext?: Uint8Array }[] };
  // Buffers arrive as Uint8Arrays through structured clone.
  const restored: Seed[] = seeds.map((s) => ({
    name: s.name,
    packet: Buffer.from(s.packet),
    ...(s.token ? { token: Buffer.from(s.token) } : {}),
    ...(s.plaintext ? { plaintext: Buffer.from(s.plaintext) } : {}),
  }));
  const report = fuzzCases(restored, cases, seed, (done) => parentPort?.postMessage({ done }));
  parentPort?.postMessage({ report });
} else if (isMainThread && process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [cases, seed] = process.argv.slice(2).map(Number);
  const report = await run({ ...(cases ? { cases } : {}), ...(seed ? { seed } : {}) });
  process.exitCode = report.findingCount > 0 ? 1 : 0;
}
