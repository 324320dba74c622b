import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { HomewardError } from '../../core/base/errors.js';
import { repoRoot } from './corpus.js';

/**
 * Real miIO client libraries as test peers: Debian's python3-miio 0.5.0.1 and npm miio 0.15.6, each
 * driven by a small script in test/interop/peers/ that runs a batch of ops in one process and prints
 * one JSON line per op. See /work/notes/peers.md for what each peer sends and needs.
 */

/** Where test workers note missing peers for the end-of-run line (set by missing-peers-setup.ts). */
export const MISSING_PEERS_DIR_ENV = 'HOMEWARD_MISSING_PEERS_DIR';

/** Debian's interpreter; the python3 on PATH may be another one without dist-packages. */
export const debianPython = '/usr/bin/python3';
const peersDir = path.join(repoRoot, 'test/interop/peers');
const pythonDriver = path.join(peersDir, 'python_miio_peer.py');
const npmDriver = path.join(peersDir, 'npm-miio-peer.cjs');

export type MiotProperty = { did?: string; siid: number; piid: number };

export type PeerOp =
  | { kind: 'info' }
  | { kind: 'send'; method: string; params?: unknown }
  | { kind: 'get_properties'; properties: MiotProperty[] }
  | { kind: 'set_properties'; properties: (MiotProperty & { value: unknown })[] }
  | { kind: 'action'; siid: number; aiid: number; in?: unknown[] }
  /** A family-class method: python needs `deviceClass` ('miio.chuangmi_plug.ChuangmiPlug'); npm
   * calls it on the object miio.device() built (power(), setPower(false), …). */
  | { kind: 'method'; method: string; args?: unknown[]; deviceClass?: string };

export interface PeerInput {
  host: string;
  /** 32 hex chars; npm miio may omit it when the hello reveals the token. */
  token?: string;
  /** npm only; python-miio always uses 54321 (the driver rejects any other port). */
  port?: number;
  /** Seconds. python: receive timeout per attempt (4 attempts; the hello wait is a fixed 5 s).
   * npm: our own deadline for connecting and for each op (npm gives up after ~12 s by itself). */
  timeoutS?: number;
  ops: PeerOp[];
}

export type PeerErrorType =
  | 'device_error' // the device answered {"error": {code, message}}
  | 'no_response' // hello answered, the command never was (wrong token, dropped packets)
  | 'unreachable' // no hello reply
  | 'checksum' // python: a reply failed the checksum
  | 'connection_failure' // npm: miIO.info after the hello failed ("token might be wrong")
  | 'missing_token' // npm: no token given and the hello hides it
  | 'deadline' // npm: our own deadline fired (npm itself would hang)
  | 'exception';

const common = {
  did: z.string().nullable().optional(),
  model: z.string().optional(),
  thing: z.string().nullable().optional(),
  elapsed_ms: z.number(),
};
const lineSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown(), ...common }),
  z.object({
    ok: z.literal(false),
    error_type: z.enum(['device_error', 'no_response', 'unreachable', 'checksum', 'connection_failure', 'missing_token', 'deadline', 'exception']),
    library_error: z.string(),
    // null when the device's error object has no `message` (python-miio's {code, error} shape).
    message: z.string().nullable().transform((text) => text ?? ''),
    code: z.number().optional(),
    stage: z.enum(['connect', 'op']).optional(),
    ...common,
  }),
]);

interface PeerMeta {
  /** The device id the peer learned from the hello, 8 hex digits. */
  did?: string | null;
  /** npm: the model miio.device() read from miIO.info, and the device class it picked. */
  model?: string;
  thing?: string | null;
  elapsedMs: number;
}
export type PeerResult =
  | ({ ok: true; result: unknown } & PeerMeta)
  | ({ ok: false; errorType: PeerErrorType; libraryError: string; message: string; code?: number; stage?: 'connect' | 'op' } & PeerMeta);

export class PeerError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('peer_failed', message, options);
  }
}

export interface RunPeerOptions {
  /** Kill the peer process after this long (default 60 s); the run then rejects with PeerError. */
  killAfterMs?: number;
}

function toDriverInput(input: PeerInput): unknown {
  const ops = input.ops.map((op) =>
    op.kind === 'method' ? { kind: op.kind, method: op.method, args: op.args ?? [], device_class: op.deviceClass } : op,
  );
  return { host: input.host, token: input.token, port: input.port, timeout: input.timeoutS, ops };
}

function parseLine(line: string, peer: string): PeerResult {
  const parsed = lineSchema.safeParse(JSON.parse(line));
  if (!parsed.success) throw new PeerError(`${peer}: unexpected result line ${line}`, { cause: parsed.error });
  const { elapsed_ms: elapsedMs, did, model, thing } = parsed.data;
  const meta: PeerMeta = { elapsedMs, did, model, thing };
  if (parsed.data.ok) return { ok: true, result: parsed.data.result, ...meta };
  const { error_type: errorType, library_error: libraryError, message, code, stage } = parsed.data;
  return { ok: false, errorType, libraryError, message, code, stage, ...meta };
}

/** Runs one peer process to its exit event and returns one result per op. */
function runDriver(peer: string, file: string, args: string[], input: PeerInput, env: NodeJS.ProcessEnv, options: RunPeerOptions): Promise<PeerResult[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { env, timeout: options.killAfterMs ?? 60_000, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed ? `killed after ${options.killAfterMs ?? 60_000} ms` : `exit ${String(error.code)}`;
          reject(new PeerError(`${peer} ${why}: ${stdout.trim()} ${stderr.trim().slice(-2000)}`, { cause: error }));
          return;
        }
        try {
          const lines = stdout.split('\n').filter((line) => line.trim() !== '');
          if (lines.length !== input.ops.length) {
            throw new PeerError(`${peer}: ${input.ops.length} ops but ${lines.length} result lines: ${stdout} ${stderr}`);
          }
          resolve(lines.map((line) => parseLine(line, peer)));
        } catch (cause) {
          reject(cause instanceof PeerError ? cause : new PeerError(`${peer}: unreadable output ${stdout}`, { cause }));
        }
      },
    );
    child.stdin?.end(JSON.stringify(toDriverInput(input)));
  });
}

/** Runs the ops with python-miio 0.5.0.1 (Device / MiotDevice, one process for the batch). */
export function runPythonMiio(input: PeerInput, options: RunPeerOptions = {}): Promise<PeerResult[]> {
  return runDriver('python-miio', debianPython, [pythonDriver], input, process.env, options);
}

/** Runs the ops with npm miio 0.15.6 (miio.device() then device.call()), HOME in a fresh temp dir. */
export async function runNpmMiio(input: PeerInput, options: RunPeerOptions = {}): Promise<PeerResult[]> {
  // npm miio reads and caches tokens under $HOME; keep it away from the user's files.
  const home = await mkdtemp(path.join(os.tmpdir(), 'homeward-npm-miio-'));
  try {
    return await runDriver('npm miio', process.execPath, [npmDriver], input, { ...process.env, HOME: home }, options);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Whether Debian's python3-miio is installed (`apt-get install -y python3-miio miio-tools`). */
export function hasPythonMiio(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(debianPython, ['-c', 'import miio.miot_device'], { timeout: 10_000 }, (error) => resolve(!error));
  });
}

/**
 * No silent skips: a missing peer is reported on stderr, and under CI=true it fails the file (so a
 * CI image without the peer cannot pass). Returns whether the peer is there, for describe.skipIf.
 */
export function requirePeer(name: string, ready: boolean, install: string): boolean {
  if (ready) return true;
  reportMissingPeer(name, install);
  const message = `PEER MISSING: ${name} — its tests are SKIPPED (install: ${install})`;
  if (process.env.CI === 'true') throw new PeerError(`${message}; CI=true makes this a failure`);
  process.stderr.write(`\n*** ${message} ***\n\n`);
  return false;
}

/**
 * Notes a missing peer for the line `npm test` ends with (test/helpers/missing-peers-setup.ts
 * collects them across test workers). For suites that decide skips themselves (test/vm).
 */
export function reportMissingPeer(name: string, install: string): void {
  const dir = process.env[MISSING_PEERS_DIR_ENV];
  if (dir === undefined) return;
  try {
    writeFileSync(path.join(dir, `${encodeURIComponent(name)}.peer`), JSON.stringify({ name, install }));
  } catch {
    // The run's collection dir is gone (the run ended): the stderr notice still stands.
  }
}
