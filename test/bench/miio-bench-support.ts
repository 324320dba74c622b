import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSimConfig, type SimConfigInput } from '../../core/sim/config.js';

/** The checkout root, whether this runs compiled from dist/test/bench or from test/bench. */
export function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'homeward') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the homeward checkout above this file');
    dir = parent;
  }
}

export interface SimProcessDevice {
  model: string;
  address: string;
  port: number;
  did: number;
  token: string;
}

export interface SimProcess {
  readonly pid: number;
  readonly devices: SimProcessDevice[];
  /** User + system CPU of the simulator process so far, from /proc (ms). */
  cpuMs(): number;
  /** SIGTERM, as Ctrl-C would; resolves with what it printed on stderr. */
  stop(): Promise<string>;
}

/**
 * Runs `homeward sim devices --config FILE` (the built CLI) in its own process, so the simulator's work
 * never shares an event loop or a CPU account with the client being measured. Resolves once every
 * device line is printed.
 */
export async function startSimProcess(config: SimConfigInput): Promise<SimProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-bench-sim-'));
  const file = path.join(dir, 'sim.yaml');
  await writeFile(file, formatSimConfig(config));
  const child = spawn(process.execPath, [path.join(findRepoRoot(), 'bin/homeward.js'), 'sim', 'devices', '--config', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const devices = await new Promise<SimProcessDevice[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}) before it was ready: ${stderr}`)));
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
      const lines = stdout.split('\n').filter((l) => l.trim() !== '');
      if (lines.length < config.devices.length || !stdout.endsWith('\n')) return;
      resolve(lines.map(parseDeviceLine));
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid as number,
    devices,
    cpuMs: () => processCpuMs(child),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
      return stderr;
    },
  };
}

function parseDeviceLine(line: string): SimProcessDevice {
  const [model, where, did, token] = line.trim().split(/\s+/);
  const [address, port] = where.split(':');
  return { model, address, port: Number(port), did: Number(did), token };
}

/** utime + stime of a child from /proc/<pid>/stat (Linux), in ms. */
export function processCpuMs(child: ChildProcess | number): number {
  const pid = typeof child === 'number' ? child : child.pid;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** Runs a child to completion; resolves with its stdout, rejects with its stderr on a non-zero exit. */
export function runChild(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err.slice(-2000)}`))));
  });
}

/** A plain text table, columns padded. */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]): string => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
