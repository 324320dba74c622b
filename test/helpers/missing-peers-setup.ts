/**
 * vitest globalSetup: no silent skips. Test workers note each missing peer (requirePeer,
 * reportMissingPeer in peers.ts) in a directory made for this run; at the end the run prints one
 * line naming each missing peer and the command that installs it. Under CI=true requirePeer has
 * already failed the files that needed the peer; this line is then a failure too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MISSING_PEERS_DIR_ENV } from './peers.js';

interface MissingPeer {
  name: string;
  install: string;
}

export function setup(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-missing-peers-'));
  process.env[MISSING_PEERS_DIR_ENV] = dir;
  return () => {
    const missing: MissingPeer[] = readdirSync(dir)
      .filter((file) => file.endsWith('.peer'))
      .sort()
      .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as MissingPeer);
    rmSync(dir, { recursive: true, force: true });
    delete process.env[MISSING_PEERS_DIR_ENV];
    if (missing.length === 0) {
      process.stdout.write('\nTest peers: all present (nothing skipped for a missing peer).\n');
      return;
    }
    const list = missing.map((peer) => `${peer.name} (install: ${peer.install})`).join('; ');
    process.stdout.write(`\nMISSING PEERS, their tests were skipped: ${list}${process.env.CI === 'true' ? ' — CI=true: the run fails' : ''}\n`);
    if (process.env.CI === 'true') process.exitCode = 1;
  };
}
