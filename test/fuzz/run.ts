/**
 * Runs every fuzz target beside this file (each compiled `*.fuzz.js` exports `run()` and returns a
 * report with `findingCount`); exits 1 on any finding or crash. Not part of CI.
 *   npm run fuzz                 all targets
 *   npm run fuzz -- can-dbc      only files whose name contains one of the words
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuites } from '../bench/run.js';

const failed = await runSuites(dirname(fileURLToPath(import.meta.url)), 'fuzz', process.argv.slice(2));
if (failed.length > 0) process.stderr.write(`\nfailed or with findings: ${failed.join(', ')}\n`);
process.exitCode = failed.length > 0 ? 1 : 0;
