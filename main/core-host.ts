import type { ServerMessage } from '../core/api/protocol.js';
import type { FromCore, ToCore } from './core-channel.js';

/** The part of Electron's UtilityProcess the host uses (a fake in tests). */
export interface CoreChild {
  postMessage(message: ToCore): void;
  on(event: 'message', listener: (message: FromCore) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface CoreHostOptions {
  fork(): CoreChild;
  /** Pushed updates and resyncs, for the window. */
  onPush(message: ServerMessage): void;
  onStatus(status: string): void;
  setTimer?(callback: () => void, ms: number): unknown;
  now?(): number;
}

const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000];
const STABLE_MS = 60_000;
const MAX_WAITING = 64;

interface Waiting {
  rendererId: number;
  resolve(message: ServerMessage): void;
}

/**
 * Runs the core in a utility process and restarts it when it dies (backoff 0.5 s → 30 s, reset after
 * a minute up), without touching the window: requests in flight fail with `core_restarting`, the page
 * is told to resync once the new core is ready. A core that reports it cannot start (`fatal`) is not
 * restarted; every request gets that reason. Request ids are main's own (a reloaded page starts at 1).
 */
export function createCoreHost(options: CoreHostOptions): { request(message: { id: number; method: string; params: unknown }): Promise<ServerMessage>; stop(): void; readonly restarts: number } {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const now = options.now ?? (() => Date.now());
  const inFlight = new Map<number, Waiting>();
  const queued: { message: ToCore; waiting: Waiting; coreId: number }[] = [];
  let nextId = 1;
  let child: CoreChild | null = null;
  let ready = false;
  let stopped = false;
  let attempt = 0;
  let startedAt = 0;
  let restarts = 0;
  let failed: { code: string; message: string } | null = null;
  const failure = (id: number): ServerMessage => ({ type: 'response', id, ok: false, error: failed ?? { code: 'core_failed', message: 'the core failed' } });

  function start(): void {
    ready = false;
    startedAt = now();
    const current = (child = options.fork());
    let gone = false;
    current.on('message', (message: FromCore) => {
      if (current !== child) return;
      if (message.kind === 'ready') {
        ready = true;
        options.onStatus('core running');
        for (const entry of queued.splice(0)) {
          inFlight.set(entry.coreId, entry.waiting);
          current.postMessage(entry.message);
        }
        if (restarts > 0) options.onPush({ type: 'resync', reason: 'core restarted' });
      } else if (message.kind === 'fatal') {
        // A core that cannot start (bad config) would fail again: say why instead of looping.
        failed = { code: 'core_failed', message: `the core could not start: ${message.message}` };
        options.onStatus(failed.message);
        for (const entry of queued.splice(0)) entry.waiting.resolve(failure(entry.waiting.rendererId));
      } else if (message.message.type === 'response') {
        const waiting = inFlight.get(message.message.id);
        if (!waiting) return;
        inFlight.delete(message.message.id);
        waiting.resolve({ ...message.message, id: waiting.rendererId });
      } else {
        options.onPush(message.message);
      }
    });
    // Electron may report one death twice (exit, then child-process-gone): restart once per child.
    current.on('exit', (code: number) => {
      if (gone || current !== child) return;
      gone = true;
      child = null;
      ready = false;
      for (const [id, waiting] of inFlight) {
        inFlight.delete(id);
        waiting.resolve({ type: 'response', id: waiting.rendererId, ok: false, error: { code: 'core_restarting', message: 'the core stopped; restarting' } });
      }
      if (stopped || failed) return;
      if (now() - startedAt > STABLE_MS) attempt = 0;
      const delayMs = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
      attempt += 1;
      restarts += 1;
      options.onStatus(`core exited (code ${code}); restarting in ${delayMs} ms`);
      setTimer(() => {
        if (!stopped) start();
      }, delayMs);
    });
  }

  start();
  return {
    get restarts() {
      return restarts;
    },
    request(message) {
      return new Promise<ServerMessage>((resolve) => {
        const coreId = nextId++;
        const waiting = { rendererId: message.id, resolve };
        const toCore: ToCore = { kind: 'request', message: { id: coreId, method: message.method, params: message.params } };
        if (stopped) return resolve({ type: 'response', id: message.id, ok: false, error: { code: 'core_stopped', message: 'the app is quitting' } });
        if (failed) return resolve(failure(message.id));
        if (ready && child) {
          inFlight.set(coreId, waiting);
          child.postMessage(toCore);
        } else if (queued.length < MAX_WAITING) {
          queued.push({ message: toCore, waiting, coreId });
        } else {
          resolve({ type: 'response', id: message.id, ok: false, error: { code: 'core_unavailable', message: 'the core is starting; try again' } });
        }
      });
    },
    stop() {
      stopped = true;
      child?.postMessage({ kind: 'stop' });
      child?.kill();
    },
  };
}
