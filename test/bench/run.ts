/**
 * Runs every benchmark beside this file: each compiled `*.bench.js` exports `run(): Promise<void>`
 * and prints its own table. Benchmarks are not vitest tests (they take minutes and need a quiet core).
 *   npm run bench                  all of them
 *   npm run bench -- can miio-poll only files whose name contains one of the words
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface SuiteModule {
  run(options?: unknown): Promise<unknown>;
}

/** Imports and runs each matching `*.<kind>.js` of `dir` in name order; returns the names that threw. */
export async function runSuites(dir: string, kind: 'bench' | 'fuzz', filters: readonly string[]): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(`.${kind}.js`))
    .filter((f) => filters.length === 0 || filters.some((word) => f.includes(word)))
    .sort();
  if (files.length === 0) process.stderr.write(`no *.${kind}.js in ${dir}${filters.length ? ` matching ${filters.join(', ')}` : ''} (run npm run build first)\n`);
  const failed: string[] = [];
  for (const file of files) {
    process.stdout.write(`\n=== ${file.replace(/\.js$/, '')} ===\n`);
    try {
      const module = (await import(pathToFileURL(join(dir, file)).href)) as Partial<SuiteModule>;
      if (typeof module.run !== 'function') throw new TypeError(`${file} exports no run()`);
      const result = await module.run();
      // A fuzz target returns its report; findings make the run fail.
      if (typeof result === 'object' && result !== null && 'findingCount' in result && Number(result.findingCount) > 0) failed.push(file);
    } catch (error) {
      process.stderr.write(`${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      failed.push(file);
    }
  }
  return failed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const failed = await runSuites(dirname(fileURLToPath(import.meta.url)), 'bench', process.argv.slice(2));
  if (failed.length > 0) process.stderr.write(`\nfailed: ${failed.join(', ')}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}
