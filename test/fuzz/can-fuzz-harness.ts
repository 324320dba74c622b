/**
 * Runs a CAN fuzz target in a worker thread so a hang can be caught: the worker reports progress
 * every 2,000 cases and the main thread terminates it after `stallMs` without progress. Shared by
 * can-dbc.fuzz.ts and can-candump.fuzz.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export interface Finding {
  index: number;
  stage: string;
  mutators: string;
  error: string;
  input: string;
}

export interface FuzzReport {
  target: string;
  cases: number;
  seeds: number;
  accepted: number;
  rejections: Record<string, number>;
  findings: Finding[];
  /** Typed refusals worth a look (one per kind), not counted as findings. */
  notes?: Finding[];
  findingCount: number;
  slowest: { index: number; mutators: string; chars: number; ms: number };
  elapsedS: number;
  /** Set when the worker stopped reporting: the cases after `lastDone` include a hang. */
  stalledAfter?: number;
}

export const PROGRESS_EVERY = 2000;

export function runFuzzWorker(file: URL, workerData: Record<string, unknown>, stallMs: number): Promise<FuzzReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData });
    let lastDone = 0;
    let watchdog = setTimeout(stall, stallMs);
    function stall(): void {
      void worker.terminate();
      reject(new Error(`fuzz worker stalled: no progress for ${stallMs} ms after case ${lastDone} (rebuild cases ${lastDone}..${lastDone + PROGRESS_EVERY} from the seed)`));
    }
    worker.on('message', (message: { done?: number; report?: FuzzReport }) => {
      clearTimeout(watchdog);
      if (message.report) {
        void worker.terminate();
        resolve(message.report);
        return;
      }
      lastDone = message.done ?? lastDone;
      watchdog = setTimeout(stall, stallMs);
    });
    worker.once('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
  });
}

export function formatReport(r: FuzzReport): string {
  const lines = [
    `${r.target}: ${r.cases.toLocaleString('en')} cases from ${r.seeds} seeds in ${r.elapsedS.toFixed(1)} s`,
    `accepted: ${r.accepted.toLocaleString('en')}`,
    'rejections by type:',
    ...Object.entries(r.rejections).sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${k.padEnd(40)} ${v.toLocaleString('en')}`),
    `slowest case: #${r.slowest.index} (${r.slowest.mutators}), ${r.slowest.chars} chars, ${r.slowest.ms.toFixed(2)} ms`,
    ...(r.notes?.length ? ['notes (typed refusals after a successful parse, one per kind):', ...r.notes.map((f) => `  #${f.index} [${f.stage}] (${f.mutators}): ${f.error}\n    changed lines: ${JSON.stringify(f.input)}`)] : []),
    `findings: ${r.findingCount}`,
    ...r.findings.map((f) => `  #${f.index} [${f.stage}] (${f.mutators}): ${f.error}\n    input: ${JSON.stringify(f.input)}`),
  ];
  return `${lines.join('\n')}\n`;
}

type FuzzFn = (seeds: string[], cases: number, seed: number, onProgress: (done: number) => void) => FuzzReport;

/**
 * The whole life of a target file: in the worker it fuzzes and posts the report; run from the
 * command line (`node dist/test/fuzz/x.fuzz.js [cases] [seed]`) it runs itself; `run` serves the runner.
 */
export function defineFuzzTarget(target: { file: string; tag: string; cases: number; seed: number; loadSeeds: () => string[]; fuzz: FuzzFn }) {
  async function run(options: { cases?: number; seed?: number; stallMs?: number } = {}): Promise<FuzzReport> {
    const cases = options.cases ?? target.cases;
    const seed = options.seed ?? target.seed;
    const data = { tag: target.tag, cases, seed, seeds: target.loadSeeds() };
    const report = await runFuzzWorker(new URL(target.file), data, options.stallMs ?? 30_000);
    process.stdout.write(`${formatReport(report)}PRNG seed ${seed}\n`);
    return report;
  }
  if (!isMainThread && (workerData as { tag?: string } | null)?.tag === target.tag) {
    const data = workerData as { cases: number; seed: number; seeds: string[] };
    const report = target.fuzz(data.seeds, data.cases, data.seed, (done) => parentPort?.postMessage({ done }));
    parentPort?.postMessage({ report });
  } else if (isMainThread && process.argv[1] && fileURLToPath(target.file) === path.resolve(process.argv[1])) {
    const [cases, seed] = process.argv.slice(2).map(Number);
    void run({ ...(cases ? { cases } : {}), ...(seed ? { seed } : {}) }).then((report) => {
      process.exitCode = report.findingCount > 0 ? 1 : 0;
    });
  }
  return run;
}
