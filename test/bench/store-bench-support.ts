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
  /** with / without (the target: ≤ 1.1). */
  ratio: number;
  rounds: number;
}

/**
 * The "same replay with and without the store": `replay(dataDir)` runs one whole replay with
 * the store in that data directory, or without a store when dataDir is undefined, and resolves when it
 * has stopped (store closed). The directory is kept across rounds (as on a head unit, the database
 * exists: the warm-up round creates it) unless `freshFile`. Rounds alternate without/with so drift
 * hits both; medians are compared. With core/runtime:
 *   measureReplayWithStore(async (dataDir) => { const rt = await createRuntime(config, { speed: 'max',
 *     services: { store: dataDir !== undefined, mqtt: false, web: false, ...(dataDir ? { dataDir } : {}) } });
 *     await rt.start(); await rt.sourceDone; await rt.idle(); await rt.stop(); })
 */
export async function measureReplayWithStore(
  replay: (dataDir: string | undefined) => Promise<void>,
  options: { rounds?: number; freshFile?: boolean } = {},
): Promise<ReplayRatio> {
  const rounds = options.rounds ?? 5;
  const dirs: string[] = [];
  const dataDir = (): string => {
    if (options.freshFile || dirs.length === 0) dirs.push(mkdtempSync(path.join(os.tmpdir(), 'homeward-replay-store-')));
    return dirs[dirs.length - 1];
  };
  const without: number[] = [];
  const withStore: number[] = [];
  try {
    await replay(undefined); // warm-up: JIT, file cache
    await replay(dataDir());
    for (let round = 0; round < rounds; round++) {
      let start = performance.now();
      await replay(undefined);
      without.push(performance.now() - start);
      const dir = dataDir();
      start = performance.now();
      await replay(dir);
      withStore.push(performance.now() - start);
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  const withoutStoreMs = median(without);
  const withStoreMs = median(withStore);
  return { withoutStoreMs, withStoreMs, ratio: withStoreMs / withoutStoreMs, rounds };
}
