/**
 * The writer the crash test kills: appends events (plus runs and signals) to the store as fast as it
 * can and prints `committed <n>` after each commit, n = events committed so far by this run. Events
 * of run r carry ts = r * SPAN + seq, seq from 0, so the parent can count them with the ts index.
 * Signals go every 10 ms of their own time, so downsampling (1 s) keeps about one row in 100.
 *   node store-crash-child.js DB RUN SEED SPAN MAX_BATCH_ROWS MAX_EVENTS_PER_TICK full|normal
 */
import { asyncScheduler } from 'rxjs';
import { seededRandom } from '../../core/base/seeded-random.js';
import { openStore } from '../../core/store/open-store.js';

const [dbPath, ...rest] = process.argv.slice(2);
const [run, seed, span, maxBatchRows, maxEventsPerTick] = rest.slice(0, 5).map(Number);
const durability = rest[5] === 'normal' ? 'normal' : 'full';
const random = seededRandom(seed);
const store = openStore({ path: dbPath, scheduler: asyncScheduler, batchMs: 2, maxBatchRows, durability });
let committed = 0;
store.committed$.subscribe((batch) => {
  committed += batch.events;
  process.stdout.write(`committed ${committed}\n`);
});
store.errors$.subscribe((error) => process.stderr.write(`${error.message}\n`));
process.stdout.write('ready\n');

let seq = 0;
function tick(): void {
  const count = 1 + Math.floor(random() * maxEventsPerTick);
  for (let i = 0; i < count; i++, seq++) {
    const ts = run * span + seq;
    store.appendEvent({ name: 'test.crash', ts, evidence: { run, seq } });
    store.recordSignal({ path: 'Vehicle.Speed', value: random() * 100, ts: run * span + seq / 100, stale: false });
  }
  if (random() < 0.1) {
    store.appendRun({ run_id: `r${run}-${seq}`, automation: 'crash', ts: run * span + seq, end_ts: null, result: 'running', trigger: { path: 'trigger/0', description: 'crash test' }, trace: [] });
  }
  setImmediate(tick);
}
tick();
