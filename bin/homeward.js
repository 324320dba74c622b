#!/usr/bin/env node
// The `homeward` command: runs the compiled CLI (npm run build makes dist/).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The long-running commands keep a small young generation: V8's default grows the heap lazily to
// well over 100 MB on a head unit for no gain (measured in test/bench/runtime-rss.bench.ts). Not for
// decode or replay, whose throughput needs the default.
const SMALL_HEAP = '--max-semi-space-size=2';
if (['run', 'start'].includes(process.argv[2]) && !process.execArgv.includes(SMALL_HEAP)) {
  const child = spawn(process.execPath, [SMALL_HEAP, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // A terminal's Ctrl-C reaches both processes; a signal sent to this one alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
} else {
  // `homeward decode … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });

  const entry = new URL('../dist/core/cli/main.js', import.meta.url);
  if (!existsSync(fileURLToPath(entry))) {
    process.stderr.write('homeward: dist/ is missing; run `npm run build` first (npm start does it for you).\n');
    process.exit(70);
  }
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
}
