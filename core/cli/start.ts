// `homeward start` (npm start): Electron when its binary is here, else the demo headless with the
// dashboard served to a browser, saying why.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from '../base/repo-root.js';
import type { CliIo } from './io.js';
import { runCommand } from './run.js';

/** The Electron binary npm's `electron` package would run, or why there is none. */
export function findElectronBinary(root: string): { path: string } | { reason: string } {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' };
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { reason: "electron's binary was never downloaded (its postinstall is off: no network to GitHub here)" };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { reason: `the Electron binary ${binary} is missing` };
}

export async function startCommand(args: string[], io: CliIo): Promise<number> {
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const electron = args.includes('--headless') ? { reason: '--headless was given' } : findElectronBinary(root);
  const rest = args.filter((a) => a !== '--headless');
  if ('path' in electron) {
    const child = spawn(electron.path, [join(root, 'dist', 'main', 'index.js'), ...rest], { stdio: 'inherit' });
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  io.err(`homeward: running headless in browser mode: ${electron.reason}.\n`);
  return runCommand(['--demo', ...rest], io);
}
