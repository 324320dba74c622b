import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatCandumpLine, parseCandumpLine } from '../../core/can/candump.js';
import { CandumpFormatError, CandumpParseError } from '../../core/can/errors.js';
import type { CanFrame } from '../../core/can/frame.js';
import { demoDriveLogPath } from '../../core/vehicle/demo/paths.js';
import { corpusDir } from '../helpers/corpus.js';
import { defineFuzzTarget, PROGRESS_EVERY, type Finding, type FuzzReport } from './can-fuzz-harness.js';
import { mutate, prng } from './can-mutators.js';

/**
 * ≥ 1 M mutated candump -L lines (from the corpus logs and the demo drive) into parseCandumpLine.
 * Every rejection must be a CandumpParseError with a column inside the line (or one past it); every
 * accepted frame must print with formatCandumpLine and read back as the same frame. Not part of CI.
 *   node dist/test/fuzz/can-candump.fuzz.js [cases] [seed]
 */

const TAG = 'homeward-can-candump-fuzz';
const MAX_FINDINGS_SHOWN = 25;

function loadSeeds(): string[] {
  const dir = path.join(corpusDir, 'can/out');
  const logs = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const demo = readFileSync(demoDriveLogPath(), 'utf8').split('\n').slice(0, 2000).join('\n');
  return [...logs, demo].flatMap((text) => text.split('\n')).filter((l) => l.trim() !== '');
}

function sameFrame(a: CanFrame, b: CanFrame): boolean {
  return a.id === b.id && a.extended === b.extended && a.fd === b.fd && a.rtr === b.rtr && a.error === b.error &&
    a.channel === b.channel && (a.fdFlags ?? 0) === (b.fdFlags ?? 0) && Buffer.compare(a.data, b.data) === 0 &&
    Math.abs(a.ts - b.ts) < 1e-6 * Math.max(1, Math.abs(a.ts)) + 1e-6;
}

export function fuzzCandump(seeds: readonly string[], cases: number, seed: number, onProgress: (done: number) => void): FuzzReport {
  const rejections: Record<string, number> = {};
  const findings: Finding[] = [];
  const signatures = new Set<string>();
  let findingCount = 0;
  let accepted = 0;
  const slowest = { index: -1, mutators: '', chars: 0, ms: 0 };
  const started = performance.now();
  const report = (index: number, stage: string, mutators: string, error: unknown, input: string): void => {
    findingCount++;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const signature = `${stage}:${text.replace(/\d+/g, 'N').replace(/'.'/g, "'c'").slice(0, 80)}`;
    if (signatures.has(signature) || findings.length >= MAX_FINDINGS_SHOWN) return;
    signatures.add(signature);
    findings.push({ index, stage, mutators, error: text, input });
  };

  for (let index = 0; index < cases; index++) {
    const r = prng((seed + Math.imul(index, 0x9e3779b1)) >>> 0);
    const { text, mutators } = mutate(r, seeds[Math.floor(r() * seeds.length)], 'candump');
    const names = mutators.join('+');
    const t0 = performance.now();
    let frame: CanFrame | undefined;
    try {
      frame = parseCandumpLine(text, 7, 'fuzz.log');
    } catch (error) {
      const type = error instanceof Error ? error.constructor.name : typeof error;
      rejections[type] = (rejections[type] ?? 0) + 1;
      if (!(error instanceof CandumpParseError)) report(index, 'parse', names, error, text);
      else if (error.line !== 7 || error.column < 1 || error.column > text.length + 1) {
        report(index, 'location', names, new Error(`line ${error.line} column ${error.column} for a ${text.length}-char line: ${error.message}`), text);
      }
    }
    if (frame !== undefined) {
      accepted++;
      try {
        const again = parseCandumpLine(formatCandumpLine(frame));
        if (!sameFrame(frame, again)) report(index, 'roundtrip', names, new Error(`reads back as ${formatCandumpLine(again)}`), text);
      } catch (error) {
        report(index, error instanceof CandumpFormatError ? 'format' : 'roundtrip', names, error, text);
      }
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) Object.assign(slowest, { index, mutators: names, chars: text.length, ms });
    if ((index + 1) % PROGRESS_EVERY === 0) onProgress(index + 1);
  }
  return {
    target: 'candump -L reader (parseCandumpLine + formatCandumpLine round trip)',
    cases,
    seeds: seeds.length,
    accepted,
    rejections,
    findings,
    findingCount,
    slowest,
    elapsedS: (performance.now() - started) / 1000,
  };
}

export const run = defineFuzzTarget({
  file: import.meta.url, tag: TAG, cases: 2_000_000, seed: 0xca4, loadSeeds, fuzz: fuzzCandump,
});
