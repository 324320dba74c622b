/**
 * The in-VM side of the vcan suite: runs every test of vcan-tests.ts one after the other in this
 * one node process (node starts in ~1.5 s under TCG, so one process for all) and writes the results
 * as JSON for the host (vcan.test.ts). Usage: node dist/test/vm/vcan-runner.js RESULTS.json [NAME...]
 */
import { writeFileSync } from 'node:fs';
import { notes, type VcanResult } from './vcan-test.js';
import { vcanTests } from './vcan-tests.js';

async function runOne(test: (typeof vcanTests)[number]): Promise<VcanResult> {
  const started = performance.now();
  notes.length = 0;
  const limitMs = test.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${limitMs} ms`)), limitMs);
  });
  try {
    await Promise.race([test.run(), timeout]);
    return { name: test.name, ok: true, durationMs: Math.round(performance.now() - started), notes: [...notes] };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { name: test.name, ok: false, durationMs: Math.round(performance.now() - started), error: text, notes: [...notes] };
  } finally {
    clearTimeout(timer);
  }
}

const [resultsFile, ...only] = process.argv.slice(2);
if (resultsFile === undefined) {
  process.stderr.write('usage: vcan-runner.js RESULTS.json [TEST NAME...]\n');
  process.exit(64);
}
const results: VcanResult[] = [];
for (const test of vcanTests) {
  if (only.length > 0 && !only.some((word) => test.name.includes(word))) continue;
  const result = await runOne(test);
  results.push(result);
  process.stdout.write(`${result.ok ? 'PASS' : 'FAIL'} ${result.name} (${result.durationMs} ms)\n`);
  for (const note of result.notes ?? []) process.stdout.write(`     ${note}\n`);
  if (!result.ok) process.stdout.write(`     ${result.error?.split('\n').slice(0, 6).join('\n     ')}\n`);
  // Written after each test, so a VM that dies midway still reports what ran.
  writeFileSync(resultsFile, JSON.stringify(results, null, 1));
}
writeFileSync(resultsFile, JSON.stringify(results, null, 1));
const failed = results.filter((r) => !r.ok).length;
process.stdout.write(`vcan suite: ${results.length - failed} passed, ${failed} failed\n`);
// Sockets of the addon keep the loop alive: leave explicitly.
process.exit(failed > 0 ? 1 : 0);
