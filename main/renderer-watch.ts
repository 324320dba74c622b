import type { WebContents } from 'electron';

type WatchedContents = Pick<WebContents, 'on' | 'reload' | 'forcefullyCrashRenderer'>;

const BACKOFF_MS = [0, 1000, 5000, 15_000];

/**
 * Reloads the page when its renderer process dies (a new process), with backoff; never loops on a
 * renderer that cannot launch at all. A hung renderer is crashed first, then reloaded.
 */
export function watchRenderer(contents: WatchedContents, options: { setTimer?(callback: () => void, ms: number): unknown; log?(line: string): void } = {}): { readonly reloads: number } {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  let reloads = 0;
  let attempt = 0;
  contents.on('render-process-gone', (_event, details) => {
    options.log?.(`renderer gone: ${details.reason} (exit ${details.exitCode})`);
    if (details.reason === 'clean-exit' || details.reason === 'launch-failed') return;
    const delayMs = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    attempt += 1;
    setTimer(() => {
      reloads += 1;
      contents.reload();
    }, delayMs);
  });
  contents.on('unresponsive', () => {
    options.log?.('renderer unresponsive: crashing it to reload');
    contents.forcefullyCrashRenderer();
  });
  // A page that loaded fine resets the backoff.
  contents.on('did-finish-load', () => {
    attempt = 0;
  });
  return {
    get reloads() {
      return reloads;
    },
  };
}
