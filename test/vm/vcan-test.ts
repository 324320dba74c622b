/** One in-VM test: a plain async function that throws (node:assert) when it fails. */
export interface VcanTest {
  /** Unique across the suite: the host's vitest test carries this name. */
  name: string;
  /** Wall-clock limit inside the VM (default 30 s: node under TCG is 5–10× slower than the host). */
  timeoutMs?: number;
  run(): Promise<void>;
}

/** What the runner writes for the host, one entry per test. */
export interface VcanResult {
  name: string;
  ok: boolean;
  durationMs: number;
  error?: string;
  /** Figures a test wants on record (frames counted, rates). */
  notes?: string[];
}

/** A test may push lines here to have them reported beside its result. */
export const notes: string[] = [];
