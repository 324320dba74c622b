import { firstValueFrom, from, Observable, type SchedulerLike, type Subscriber, switchMap } from 'rxjs';
import { wallClock } from '../base/clock.js';
import { openUdpPort, type DatagramPort } from './datagram-port.js';
import { MiioClosedError, MiioOptionsError, MiioTimeoutError } from './errors.js';
import { MessageIds } from './ids.js';
import type { PayloadStyle } from './payload.js';
import { isMiioToken, parseToken, type MiioToken } from './token.js';
import { worstCaseMs } from './retry-schedule.js';
import { EMPTY_TRANSPORT_STATS, MiioTransport, type MiioLog, type TransportStats } from './transport.js';

export interface MiioClientOptions {
  address: string;
  /** Default 54321. */
  port?: number;
  /** A MiioToken, or 32 hex characters. */
  token: MiioToken | string;
  /** Known device id; the hello reply replaces it. */
  did?: number;
  /** Default wallClock (asyncScheduler); tests pass a virtual-time scheduler. */
  scheduler?: SchedulerLike;
  /** Per attempt (hello or request). Default 2000. */
  timeoutMs?: number;
  /** Retries after a timeout, each with a fresh hello and id + 100. Default 3 (python-miio: 4 attempts). */
  retries?: number;
  /** Retries after -9999 / -30001. Default 2. */
  recoverableRetries?: number;
  /** Back-off before the first retry, doubling, capped at 8×. Default 250. */
  backoffMs?: number;
  /** Every call settles by then, queue wait included. Default 20000. */
  deadlineMs?: number;
  /** Re-hello when the last device stamp is older; 0 = before every request (Home Assistant). Default 120000. */
  handshakeMaxAgeMs?: number;
  /** The last id used (e.g. a persisted `currentId`); the first request uses idSeed + 1. Default random. */
  idSeed?: number;
  /** Default 'compact' (python-miio #875). */
  payloadStyle?: PayloadStyle;
  /** A port to use instead of opening an ephemeral UDP socket (then close() leaves it open). */
  datagramPort?: DatagramPort;
  log?: MiioLog;
}

export interface MiioSendOptions {
  /** Extra top-level request keys, e.g. `{ sid: 'lumi.158d…' }` for gateway sub-devices. */
  extra?: Record<string, unknown>;
  /** Overrides the client's deadline for this call. */
  deadlineMs?: number;
}

export interface MiioClientInfo {
  address: string;
  port: number;
  did: number | undefined;
  /** The device's last stamp. */
  stamp: number | undefined;
  /** The last id used; persist and pass back as idSeed. */
  currentId: number;
  lastHelloOk: boolean | undefined;
  queued: number;
  stats: TransportStats;
}

/** The narrow face miot.ts and device families need; a family test can implement it with a dummy. */
export interface MiioCaller {
  send(method: string, params?: unknown, options?: MiioSendOptions): Promise<unknown>;
}

export interface MiioClient extends MiioCaller {
  /** The same call as an Observable: cold, queued on subscribe, unsubscribing cancels it. */
  send$(method: string, params?: unknown, options?: MiioSendOptions): Observable<unknown>;
  info(): MiioClientInfo;
  /**
   * The longest a call runs through this client's own retries (every hello and request wait, every
   * back-off, some slack): a deadline of this lets the transport's verdict come first.
   */
  worstCaseMs(): number;
  readonly currentId: number;
  close(): Promise<void>;
}

interface Job {
  readonly method: string;
  readonly params: unknown;
  readonly extra: Record<string, unknown> | undefined;
  /** The caller's subscriber; the running request feeds it directly and dies with it. */
  readonly subscriber: Subscriber<unknown>;
  done: boolean;
}

/** One device: a queue with one request in flight, each call bounded by its deadline. */
export function createMiioClient(options: MiioClientOptions): MiioClient {
  const scheduler = options.scheduler ?? wallClock;
  const deadlineMs = positive('deadlineMs', options.deadlineMs ?? 20_000);
  const token = isMiioToken(options.token) ? options.token : parseToken(options.token);
  const ids = new MessageIds(options.idSeed);
  const log: MiioLog = options.log ?? (() => undefined);
  const address = options.address;
  const port = options.port ?? 54321;
  let transport: MiioTransport | undefined;
  let portPromise: Promise<DatagramPort> | undefined;
  let closed = false;
  /** Waiting jobs, oldest first, and the one in flight. */
  const waiting: Job[] = [];
  let current: Job | undefined;
  let pumping = false;

  const transportOptions = {
    address, port, token, did: options.did, scheduler, ids, log,
    timeoutMs: positive('timeoutMs', options.timeoutMs ?? 2000),
    retries: count('retries', options.retries ?? 3),
    recoverableRetries: count('recoverableRetries', options.recoverableRetries ?? 2),
    backoffMs: count('backoffMs', options.backoffMs ?? 250),
    handshakeMaxAgeMs: count('handshakeMaxAgeMs', options.handshakeMaxAgeMs ?? 120_000),
    payloadStyle: options.payloadStyle ?? 'compact',
  } as const;

  /** The transport's request pipeline; the port opens on the first call (later calls skip the promise hop). */
  const request$ = (job: Job): Observable<unknown> => {
    if (transport) return transport.request$(job.method, job.params, job.extra);
    portPromise ??= options.datagramPort ? Promise.resolve(options.datagramPort) : openUdpPort();
    return from(portPromise).pipe(
      switchMap((p) => (transport ??= new MiioTransport(p, transportOptions)).request$(job.method, job.params, job.extra)),
    );
  };

  /** Starts waiting jobs one at a time; a loop, not recursion, when jobs settle synchronously. */
  const pump = (): void => {
    if (pumping) return;
    pumping = true;
    try {
      while (current === undefined && waiting.length > 0) {
        const job = waiting.shift() as Job;
        if (job.done) continue;
        current = job;
        request$(job).subscribe(job.subscriber);
      }
    } finally {
      pumping = false;
    }
  };

  /** A job leaves the queue: settled, past its deadline, unsubscribed or closed. */
  const finish = (job: Job): void => {
    if (job.done) return;
    job.done = true;
    if (current === job) {
      current = undefined;
      pump();
    }
  };

  const send$ = (method: string, params: unknown = [], sendOptions: MiioSendOptions = {}): Observable<unknown> =>
    new Observable<unknown>((subscriber) => {
      if (closed) {
        subscriber.error(new MiioClosedError());
        return;
      }
      const callDeadlineMs = positive('deadlineMs', sendOptions.deadlineMs ?? deadlineMs);
      const job: Job = { method, params, extra: sendOptions.extra, subscriber, done: false };
      // Runs on every end: result, error, deadline, unsubscribe, close.
      subscriber.add(() => finish(job));
      waiting.push(job);
      pump();
      // Armed after the send, off the round trip's critical path; a call that already settled disarms it at once.
      subscriber.add(
        scheduler.schedule(() => {
          subscriber.error(new MiioTimeoutError(`${method} to ${address}:${port} did not settle within ${callDeadlineMs} ms`));
        }, callDeadlineMs),
      );
    });

  const queued = (): number => waiting.reduce((n, job) => n + (job.done ? 0 : 1), current ? 1 : 0);

  return {
    send$,
    send: (method, params, sendOptions) => firstValueFrom(send$(method, params, sendOptions)),
    get currentId() {
      return ids.current;
    },
    worstCaseMs: () => worstCaseMs(transportOptions),
    info: () => ({
      address,
      port,
      did: transport?.did ?? options.did,
      stamp: transport?.lastStamp,
      currentId: ids.current,
      lastHelloOk: transport?.lastHelloOk,
      queued: queued(),
      stats: { ...(transport?.stats ?? EMPTY_TRANSPORT_STATS) },
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      const pending = current ? [current, ...waiting] : [...waiting];
      waiting.length = 0;
      for (const job of pending) if (!job.done) job.subscriber.error(new MiioClosedError());
      if (portPromise && !options.datagramPort) await (await portPromise).close();
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new MiioOptionsError(`${name} must be a positive number of milliseconds`);
  return value;
}

function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new MiioOptionsError(`${name} must be a non-negative integer`);
  return value;
}
