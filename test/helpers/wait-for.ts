/**
 * Waiting on real sockets and processes (brokers, child processes) without sleeps in tests: polls a
 * predicate on the event loop until it holds or the deadline passes. Virtual time cannot stand in
 * here, the broker is a separate process.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false, options: { timeoutMs?: number; what?: string; everyMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const everyMs = options.everyMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}`);
    await pause(everyMs);
  }
}

/** Real time passing (a broker left down for a while). Only for tests against real processes. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
