/**
 * Runs a CAN fuzz target in a worker thread so a hang can be caught: the worker reports progress
 * every 2,000 cases and the main thread terminates it after `stallMs` without progress. Shared by
 * can-dbc.fuzz.ts and can-candump.fuzz.ts.
 */
import { Worker } from 'node:worker_threads';

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
