import { it, expect } from 'vitest';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReplayCommand } from '../../../core/cli/replay.js';
import { REPO_ROOT } from '../../helpers/runtime-fixture.js';
import { recordIo } from '../cli-io.js';

it('live determinism', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hw-'));
  const demo = await readFile(join(REPO_ROOT, 'config', 'demo.yaml'), 'utf8');
  const configFile = join(dir, 'demo.yaml');
  await writeFile(configFile, demo.replaceAll('host: 127.0.0.', 'host: 127.61.9.'));
  await copyFile(join(REPO_ROOT, 'config', 'automations.yaml'), join(dir, 'automations.yaml'));
  await copyFile(join(REPO_ROOT, 'config', 'secrets.yaml'), join(dir, 'secrets.yaml'));
  const outs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const io = recordIo();
    await runReplayCommand(['--speed', 'max', '--format', 'json', '--config', configFile], io);
    outs.push(io.stdout());
  }
  console.log(outs[0]);
  console.log(outs[1] === outs[0], outs[2] === outs[0]);
  const a = outs[0].split('\n'), b = outs[1].split('\n');
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) console.log('DIFF', a[i], '\n    ', b[i]);
});
