import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HomewardError } from '../../core/base/errors.js';
import { createDbcCodec } from '../../core/dbc/codec.js';
import { decodeDbcBytes } from '../../core/dbc/cp1252.js';
import { DbcParseError, DecodeError } from '../../core/dbc/errors.js';
import { parseDbc } from '../../core/dbc/parse-dbc.js';
import { homewardEvDbcPath } from '../../core/vehicle/demo/paths.js';
import { corpusDir } from '../helpers/corpus.js';
import { defineFuzzTarget, PROGRESS_EVERY, type Finding, type FuzzReport } from './can-fuzz-harness.js';
import { mutate, prng, splitDbc } from './can-mutators.js';

/**
 * ≥ 1 M mutated DBC documents (cut per message from the corpus DBCs and the demo EV) into parseDbc,
 * strict and lenient. Every rejection must be a DbcParseError with a line inside the document and a
 * column ≥ 1; a database that parses must compile (createDbcCodec) and decode random payloads of
 * each message with nothing but DecodeError. Anything else is a finding. Not part of CI.
 *   node dist/test/fuzz/can-dbc.fuzz.js [cases] [seed]
 */

const TAG = 'homeward-can-dbc-fuzz';
const MAX_FINDINGS_SHOWN = 25;

function loadSeeds(): string[] {
  const dir = path.join(corpusDir, 'can/dbc');
  const files = [...readdirSync(dir).filter((f) => f.endsWith('.dbc')).map((f) => path.join(dir, f)), homewardEvDbcPath()];
  return files.flatMap((file) => splitDbc(decodeDbcBytes(readFileSync(file))));
}

export function fuzzDbc(seeds: readonly string[], cases: number, seed: number, onProgress: (done: number) => void): FuzzReport {
  const rejections: Record<string, number> = {};
  const findings: Finding[] = [];
  const signatures = new Set<string>();
  let findingCount = 0;
  let accepted = 0;
  const slowest = { index: -1, mutators: '', chars: 0, ms: 0 };
  const started = performance.now();

  const notes: Finding[] = [];
  const report = (index: number, stage: string, mutators: string, error: unknown, input: string, isNote = false): void => {
    if (!isNote) findingCount++;
    const list = isNote ? notes : findings;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const signature = `${stage}:${text.replace(/"[^"]*"/g, 'X').replace(/\d+/g, 'N').slice(0, 80)}`;
    if (signatures.has(signature) || list.length >= MAX_FINDINGS_SHOWN) return;
    signatures.add(signature);
    const shown = isNote || error instanceof HomewardError ? text : error instanceof Error ? (error.stack ?? text).split('\n').slice(0, 4).join(' | ') : text;
    list.push({ index, stage, mutators, error: shown, input });
  };

  for (let index = 0; index < cases; index++) {
    const r = prng((seed + Math.imul(index, 0x9e3779b1)) >>> 0);
    const seedText = seeds[Math.floor(r() * seeds.length)];
    const { text, mutators } = mutate(r, seedText, 'dbc');
    const changed = (): string => {
      const before = new Set(seedText.split('\n'));
      return text.split('\n').filter((l) => !before.has(l)).slice(0, 8).join('\n');
    };
    const isStrict = r() < 0.5;
    const names = mutators.join('+');
    const t0 = performance.now();
    let db;
    try {
      db = parseDbc(text, { strict: isStrict, file: 'fuzz.dbc' });
    } catch (error) {
      if (error instanceof DbcParseError) {
        rejections.DbcParseError = (rejections.DbcParseError ?? 0) + 1;
        const lineCount = text.split('\n').length;
        if (!(error.line >= 1 && error.line <= lineCount + 1 && error.column >= 1)) {
          report(index, 'location', names, new Error(`DbcParseError at line ${error.line} column ${error.column} of a ${lineCount}-line document: ${error.message}`), changed());
        }
      } else {
        rejections[error instanceof Error ? error.constructor.name : typeof error] = (rejections[error instanceof Error ? error.constructor.name : typeof error] ?? 0) + 1;
        report(index, 'parse', names, error, changed());
      }
    }
    if (db !== undefined) {
      accepted++;
      try {
        const codec = createDbcCodec(db);
        for (const compiled of codec.messages) {
          const length = r() < 0.8 ? compiled.message.length : Math.floor(r() * (compiled.message.length + 2));
          const data = new Uint8Array(Math.min(64, length));
          for (let k = 0; k < data.length; k++) data[k] = Math.floor(r() * 256);
          try {
            compiled.decode(data, { decodeChoices: r() < 0.5, allowTruncated: r() < 0.3, skipUndefinedMultiplexers: r() < 0.3 });
          } catch (error) {
            if (!(error instanceof DecodeError)) throw error;
          }
        }
      } catch (error) {
        // A typed refusal of the compiler is a rejection, noted; anything else is a finding.
        const typed = error instanceof HomewardError;
        if (typed) rejections[`createDbcCodec ${error.name}`] = (rejections[`createDbcCodec ${error.name}`] ?? 0) + 1;
        report(index, 'codec', names, error, changed(), typed);
      }
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) Object.assign(slowest, { index, mutators: names, chars: text.length, ms });
    if ((index + 1) % PROGRESS_EVERY === 0) onProgress(index + 1);
  }
  return {
    target: 'DBC parser (parseDbc + createDbcCodec + decode)',
    cases,
    seeds: seeds.length,
    accepted,
    rejections,
    findings,
    notes,
    findingCount,
    slowest,
    elapsedS: (performance.now() - started) / 1000,
  };
}

export const run = defineFuzzTarget({
  file: import.meta.url, tag: TAG, cases: 1_000_000, seed: 0xdbc, loadSeeds, fuzz: fuzzDbc,
});
