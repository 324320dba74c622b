import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './wait-for.js';

/**
 * A real mosquitto (Debian's 2.0.11) for tests: its own loopback port, a password file made with
 * mosquitto_passwd, no persistence by default (a restart loses retained messages and sessions, like
 * a broker that crashed; with `persistence` it saves them at SIGTERM, like a broker restarted).
 * Stop/start keep the port, so clients reconnect to the same URL.
 */
export const MOSQUITTO = '/usr/sbin/mosquitto';
export const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';
export const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';

export function hasMosquitto(): boolean {
  return existsSync(MOSQUITTO) && existsSync(MOSQUITTO_PASSWD);
}

export interface MosquittoBroker {
  readonly url: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** Everything the broker logged (for a failing test's message). */
  log(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** Starts again on the same port. */
  start(): Promise<void>;
  /** Stops and removes the temp directory. */
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 10_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`${file} ${args.join(' ')}: ${stderr}`)) : resolve()));
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export interface MosquittoOptions {
  readonly username?: string;
  readonly password?: string;
  /** Save sessions, queued QoS 1 messages and retained messages at exit and load them at start. */
  readonly persistence?: boolean;
  /** A TLS listener (mqtts://) with these PEM files; `requireCertificate`: clients must show one signed by the CA. */
  readonly tls?: { readonly caFile: string; readonly certFile: string; readonly keyFile: string; readonly requireCertificate: boolean };
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-mosquitto-'));
  const username = options.username ?? 'homeward';
  const password = options.password ?? 'test-password-1234';
  const passwordFile = path.join(dir, 'passwd');
  await run(MOSQUITTO_PASSWD, ['-c', '-b', passwordFile, username, password]);
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  // As root mosquitto drops to user mosquitto before reading the password file unless told otherwise.
  const asRoot = process.getuid?.() === 0 ? 'user root\n' : '';
  const tls = options.tls ? `cafile ${options.tls.caFile}\ncertfile ${options.tls.certFile}\nkeyfile ${options.tls.keyFile}\nrequire_certificate ${options.tls.requireCertificate}\n` : '';
  await writeFile(config, `${asRoot}listener ${port} 127.0.0.1\n${tls}allow_anonymous false\npassword_file ${passwordFile}\n${options.persistence ? `persistence true\npersistence_location ${dir}/\n` : 'persistence false\n'}log_dest stdout\nlog_type error\nlog_type warning\nlog_type notice\nmax_queued_messages 100000\n`);
  let child: ChildProcess | null = null;
  let output = '';
  const start = async (): Promise<void> => {
    const proc = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
    proc.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
    let exited = false;
    proc.once('exit', () => { exited = true; });
    let open = false;
    await waitFor(() => {
      if (exited) throw new Error(`mosquitto exited at start: ${output}`);
      void portOpen(port).then((yes) => { open = yes; });
      return open;
    }, { timeoutMs: 10_000, what: `mosquitto on port ${port}`, everyMs: 20 });
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    username,
    password,
    log: () => output,
    stop,
    start,
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
