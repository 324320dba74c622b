/**
 * The host side of the vcan suite: where it can run (this kernel's own vcan, or Debian's kernel in
 * QEMU), making sure dist/ holds the current suite, and running it to a list of results.
 * HOMEWARD_VCAN=vm|native forces one way.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpusDir, repoRoot } from '../helpers/corpus.js';
import type { VcanResult } from './vcan-test.js';

export type VcanMode = { kind: 'native' } | { kind: 'vm'; cache: string } | { kind: 'missing'; reason: string; install: string };

const SETUP = 'test/vm/setup-vm.sh (as root: qemu-system-x86 busybox-static can-utils + the Debian 12 kernel)';

const runner = path.join(repoRoot, 'dist/test/vm/vcan-runner.js');
const vmDir = path.join(repoRoot, 'test/vm');

function run(file: string, args: string[], timeoutMs = 30_000): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs }, (error, stdout, stderr) => resolve({ ok: !error, out: `${stdout}${stderr}` }));
  });
}

const onPath = async (program: string): Promise<boolean> => (await run('sh', ['-c', `command -v ${program}`])).ok;

/** The kernel cache run-vm.sh uses (vm-env.sh decides; asked, not guessed). */
async function vmCache(): Promise<string> {
  const { out } = await run('bash', ['-c', `. "${vmDir}/vm-env.sh" && echo "$VM_KERNEL_DIR"`]);
  return out.trim();
}

/** Whether this kernel has vcan and vcan0/vcan1 exist (created here when we may). */
async function nativeVcan(): Promise<boolean> {
  if (!existsSync('/sys/module/vcan')) {
    const probe = await run('ip', ['link', 'add', 'dev', 'hwvcanprobe', 'type', 'vcan']);
    if (!probe.ok) return false;
    await run('ip', ['link', 'del', 'hwvcanprobe']);
  }
  for (const iface of ['vcan0', 'vcan1']) {
    if (!existsSync(`/sys/class/net/${iface}`)) {
      const made = await run('sh', ['-c', `ip link add dev ${iface} type vcan && ip link set ${iface} mtu 72 && ip link set up ${iface}`]);
      if (!made.ok) return false;
    }
  }
  return true;
}

export async function detectVcanMode(): Promise<VcanMode> {
  const forced = process.env.HOMEWARD_VCAN;
  for (const tool of ['cansend', 'candump', 'cangen', 'canplayer', 'stdbuf']) {
    if (!(await onPath(tool))) return { kind: 'missing', reason: `${tool} not installed`, install: 'apt-get install can-utils coreutils' };
  }
  if (forced !== 'vm' && (await nativeVcan())) return { kind: 'native' };
  if (forced === 'native') return { kind: 'missing', reason: 'HOMEWARD_VCAN=native but this kernel has no vcan (or vcan0/vcan1 cannot be created)', install: 'modprobe vcan, as root' };
  if (!(await onPath('qemu-system-x86_64'))) return { kind: 'missing', reason: 'this kernel has no vcan and qemu-system-x86_64 is not installed', install: SETUP };
  const cache = await vmCache();
  if (!existsSync(path.join(cache, 'ready'))) return { kind: 'missing', reason: `no guest kernel in ${cache}`, install: SETUP };
  if (!existsSync('/usr/bin/busybox')) return { kind: 'missing', reason: 'busybox-static not installed', install: SETUP };
  return { kind: 'vm', cache };
}

function newestTs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The suite runs compiled (no TypeScript loader under TCG): rebuild when a source is newer than dist. */
export async function ensureBuilt(): Promise<void> {
  const sources = Math.max(newestTs(path.join(repoRoot, 'core')), newestTs(vmDir));
  if (existsSync(runner) && statSync(runner).mtimeMs >= sources) return;
  // tsc -b still emits when another folder has type errors; the runner's presence is what counts.
  await run(path.join(repoRoot, 'node_modules/.bin/tsc'), ['-b'], 240_000);
  if (!existsSync(runner)) throw new Error(`${runner} missing after tsc -b: the build failed`);
}

export interface SuiteRun {
  results: VcanResult[];
  /** What the runner (and the VM's console) printed. */
  log: string;
  exitCode: number | null;
}

/** Runs the in-VM suite (all of it, or the tests whose name contains one of `only`). */
export async function runVcanSuite(mode: Exclude<VcanMode, { kind: 'missing' }>, only: readonly string[] = []): Promise<SuiteRun> {
  await ensureBuilt();
  const shared = mkdtempSync(path.join(tmpdir(), 'homeward-vcan-results-'));
  const resultsFile = path.join(shared, 'results.json');
  const node = ['node', runner, resultsFile, ...only];
  // The guest sees only what is shared, at the same path: a corpus reached through a symlink must be
  // shared (and named) by its real path, or the link dangles inside the VM.
  const corpus = existsSync(corpusDir) ? realpathSync(corpusDir) : corpusDir;
  try {
    const child =
      mode.kind === 'native'
        ? spawn(node[0], node.slice(1), { cwd: repoRoot, env: { ...process.env, HOMEWARD_CORPUS: corpusDir } })
        : spawn(path.join(vmDir, 'run-vm.sh'), [repoRoot, node.map(shellQuote).join(' ')], {
            cwd: repoRoot,
            env: {
              ...process.env,
              HOMEWARD_CORPUS: corpus,
              VM_ENV: 'CI HOMEWARD_CORPUS',
              VM_SHARES_RO: isInside(corpus, repoRoot) ? '' : corpus,
              VM_SHARES_RW: shared,
              VM_TIMEOUT: '240',
            },
          });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as VcanResult[]) : [];
    return { results, log, exitCode };
  } finally {
    rmSync(shared, { recursive: true, force: true });
  }
}

const isInside = (child: string, parent: string): boolean => !path.relative(parent, child).startsWith('..');
const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
