import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot, corpusDir } from '../helpers/corpus.js';
import { debianPython } from '../helpers/peers.js';
import { formatTable } from './miio-bench-support.js';

/**
 * `homeward decode` as a user runs it: the whole process (start, DBC load, read, decode, print) on
 * a 400 k-line log made of the Tesla corpus log (commaai/opendbc tesla_can.dbc) repeated with
 * advancing timestamps, stdout to /dev/null; best of three. Peer: `cantools decode` on the same
 * log, when Debian's python3 can import cantools (no Debian package: a source tree on PYTHONPATH
 * with python3-can and python3-bitstruct); otherwise the row says so and is skipped.
 * Target: homeward decode --format json >= 1 M lines/s.
 */

const LINES = Number(process.env.HOMEWARD_BENCH_DECODE_LINES ?? 400_000);
const RUNS = 3;

function makeLog(file: string): number {
  const lines = readFileSync(path.join(corpusDir, 'can/out/tesla_can.log'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const out: string[] = [];
  for (let pass = 0; out.length < LINES; pass++) {
    for (const line of lines) {
      if (out.length >= LINES) break;
      const close = line.indexOf(')');
      const [seconds, micros] = line.slice(1, close).split('.');
      out.push(`(${Number(seconds) + pass * 2}.${micros})${line.slice(close + 1)}`);
    }
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return out.length;
}

/** Wall time of one process with stdout to /dev/null and the log on stdin or as an argument. */
function timeProcess(command: string, args: string[], stdinFile?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const stdin = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
    const start = performance.now();
    const child = spawn(command, args, { stdio: [stdin, devNull, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      closeSync(devNull);
      if (typeof stdin === 'number') closeSync(stdin);
      // decode exits 1 when some frames fail, as the corpus' truncated frames do.
      if (code !== 0 && code !== 1) reject(new Error(`${command} ${args.join(' ')} exited ${String(code)}: ${stderr.slice(-500)}`));
      else resolve(seconds);
    });
  });
}

async function best(command: string, args: string[], stdinFile?: string, runs = RUNS): Promise<number> {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) min = Math.min(min, await timeProcess(command, args, stdinFile));
  return min;
}

function canImportCantools(): Promise<boolean> {
  return new Promise((resolve) => execFile(debianPython, ['-c', 'import cantools'], { timeout: 20_000 }, (error) => resolve(!error)));
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-bench-decode-'));
  try {
    const log = path.join(dir, 'tesla-400k.log');
    const lines = makeLog(log);
    const dbc = path.join(corpusDir, 'can/dbc/tesla_can.dbc');
    const homeward = path.join(repoRoot, 'bin/homeward.js');
    const rows: string[][] = [];
    const row = (name: string, seconds: number): void => {
      rows.push([name, lines.toLocaleString('en'), seconds.toFixed(3), Math.round(lines / seconds).toLocaleString('en')]);
    };
    const json = await best(process.execPath, [homeward, 'decode', '--dbc', dbc, '--format', 'json', log]);
    row('homeward decode --format json', json);
    row('homeward decode (text)', await best(process.execPath, [homeward, 'decode', '--dbc', dbc, log]));
    let peer: string;
    if (await canImportCantools()) {
      // One run: cantools takes tens of seconds here.
      const cantools = await best(debianPython, ['-m', 'cantools', 'decode', '--single-line', dbc], log, 1);
      row('cantools decode --single-line', cantools);
      peer = `ratio homeward json / cantools: ${(cantools / json).toFixed(1)}x`;
    } else {
      peer = `peer cantools decode: skipped, ${debianPython} cannot import cantools (no Debian package; put a cantools source tree on PYTHONPATH)`;
    }
    process.stdout.write(
      `homeward decode, whole process, ${lines.toLocaleString('en')}-line Tesla log (corpus log repeated), stdout to /dev/null, best of ${RUNS}\n` +
        `${formatTable(['command', 'lines', 'seconds', 'lines/s'], rows)}\n` +
        `homeward --format json ${(lines / json / 1e6).toFixed(2)} M lines/s (target >= 1 M); ${peer}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
