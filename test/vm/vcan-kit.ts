/**
 * What the in-VM tests share: can-utils run as child processes, a candump -L capture, and the
 * sync handshake that tells when a receiver is really listening (a socket opens asynchronously, so
 * a frame sent "right after subscribe" may be missed). Runs inside the VM (or on a host with vcan).
 */
import { execFile, spawn } from 'node:child_process';
import type { Observable, Subscription } from 'rxjs';
import type { CanFrame } from '../../core/can/frame.js';
import type { CliIo } from '../../core/cli/io.js';
import { main } from '../../core/cli/main.js';

export const BUS = 'vcan0';
export const BUS2 = 'vcan1';

/** The handshake frame: a 29-bit id no test uses; receivers drop it with isSync. */
export const SYNC_ID = 0x1ffffff0;
const SYNC_TEXT = '1FFFFFF0#';

export const isSync = (frame: CanFrame): boolean => frame.extended && !frame.error && frame.id === SYNC_ID;
export const isSyncLine = (line: string): boolean => line.includes(` ${SYNC_TEXT}`);

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; rejects with its output when it fails or outlives timeoutMs. */
export function exec(file: string, args: readonly string[], timeoutMs = 30_000): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${error.message} ${stderr.slice(-2000)}`));
      else resolve({ stdout, stderr });
    });
  });
}

export const cansend = (iface: string, frame: string): Promise<ExecResult> => exec('cansend', [iface, frame]);
export const ip = (...args: string[]): Promise<ExecResult> => exec('ip', args);

/** Waits until `ready()` holds, checking every `everyMs`; `poke` runs before each look (a sync frame). */
export async function until(ready: () => boolean, what: string, options: { timeoutMs?: number; everyMs?: number; poke?: () => Promise<unknown> } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (ready()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await options.poke?.();
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 50));
  }
}

/** Sends sync frames on `iface` until `seen()` says a receiver got one. */
export function syncUntil(iface: string, seen: () => boolean, what: string): Promise<void> {
  let n = 0;
  return until(seen, `${what} to receive a sync frame`, { everyMs: 100, poke: () => cansend(iface, `${SYNC_TEXT}${(n++ & 0xff).toString(16).padStart(2, '0')}`) });
}

export interface Received {
  /** Frames so far, sync frames dropped. */
  readonly frames: CanFrame[];
  readonly errors: unknown[];
  stop(): void;
}

/** Subscribes to a frame source and returns once it provably receives (a sync frame came through). */
export async function receive(frames$: Observable<CanFrame>, iface = BUS): Promise<Received> {
  const frames: CanFrame[] = [];
  const errors: unknown[] = [];
  let synced = false;
  const subscription: Subscription = frames$.subscribe({
    next: (frame) => (isSync(frame) ? (synced = true) : frames.push(frame)),
    error: (error: unknown) => errors.push(error),
  });
  try {
    await syncUntil(iface, () => synced || errors.length > 0, 'the Homeward source');
  } catch (error) {
    subscription.unsubscribe();
    throw error;
  }
  if (errors.length > 0) {
    subscription.unsubscribe();
    throw errors[0];
  }
  return { frames, errors, stop: () => subscription.unsubscribe() };
}

export interface CandumpCapture {
  /** Lines so far (candump -L), sync lines dropped. */
  lines(): string[];
  /** Stops candump (SIGTERM: it flushes) and returns every line. */
  stop(): Promise<string[]>;
}

/**
 * `candump -L <args>` in the background, line-buffered, returned once it provably listens. Its
 * socket gets a 4 MiB receive buffer (-r; root may exceed rmem_max): on the VM's one CPU, a
 * Homeward sender in full swing can keep candump off the CPU for longer than 208 KiB of frames.
 */
export async function captureCandump(args: readonly string[] = [BUS], syncIface = BUS): Promise<CandumpCapture> {
  const child = spawn('stdbuf', ['-oL', 'candump', '-L', '-r', String(4 << 20), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const lines = (): string[] => text.split('\n').filter((line) => line !== '' && !isSyncLine(line));
  try {
    await syncUntil(syncIface, () => isSyncLine(text) || child.exitCode !== null, 'candump');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (child.exitCode !== null) throw new Error(`candump exited ${child.exitCode}: ${stderr}`);
  return {
    lines,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return lines();
    },
  };
}

/** A candump -L line without its timestamp: `vcan0 123#DEADBEEF`. */
export const withoutTs = (line: string): string => line.slice(line.indexOf(') ') + 2);

/** Runs `homeward <argv>` in-process and returns what it printed and its exit code. */
export async function homeward(argv: string[], stdin?: NodeJS.ReadableStream): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => void (out += text), err: (text) => void (err += text), stdin: stdin ?? process.stdin };
  const code = await main(argv, io);
  return { code, out, err };
}
