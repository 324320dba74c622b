import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SchedulerLike } from 'rxjs';
import { openStore, type HomewardStore, type StoreOptions } from '../../core/store/open-store.js';
import { median } from './miio-bench-support.js';

/** A store in a fresh temporary directory; `dispose` closes it and removes the directory. */
export function temporaryStore(scheduler: SchedulerLike, options: Partial<StoreOptions> = {}): { store: HomewardStore; dispose(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-store-bench-'));
  const store = openStore({ path: path.join(dir, 'homeward.db'), scheduler, ...options });
  return {
    store,
    dispose: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ReplayRatio {
  withoutStoreMs: number;
  withStoreMs: number;
  /** with / without (target ≤ 1.1). */
  ratio: number;
  rounds: number;
}

/**
 * The "same replay with and without the store" figure, for whoever owns the runtime: `replay`
 * runs one whole replay, given a store to record into (or undefined for the baseline), and resolves
 * when done; it must not close the store. Rounds alternate without/with so drift hits both; the
 * medians are compared. Example (core/runtime wiring the store into createRuntime):
 *   const r = await measureReplayWithStore((store) => replayDemoDrive({ store, speed: 'max' }), { scheduler: clock });
 */
export async function measureReplayWithStore(
  replay: (store: HomewardStore | undefined) => Promise<void>,
  options: { rounds?: number; scheduler: SchedulerLike; store?: Partial<StoreOptions> },
): Promise<ReplayRatio> {
  const rounds = options.rounds ?? 5;
  await replay(undefined); // warm-up: JIT, file cache
  const without: number[] = [];
  const withStore: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    await replay(undefined);
    without.push(performance.now() - start);
    const { store, dispose } = temporaryStore(options.scheduler, options.store);
    try {
      start = performance.now();
      await replay(store);
      store.flush(); // the replay's writes are part of its cost
      withStore.push(performance.now() - start);
    } finally {
      dispose();
    }
  }
  const withoutStoreMs = median(without);
  const withStoreMs = median(withStore);
  return { withoutStoreMs, withStoreMs, ratio: withStoreMs / withoutStoreMs, rounds };
}
