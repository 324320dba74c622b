import {
  BehaviorSubject, concatMap, defer, EMPTY, filter, map, merge, Observable, of,
  type SchedulerLike, type Subscriber, type Subscription, switchMap, take, timeout, timer,
} from 'rxjs';
import type { DatagramPort } from './datagram-port.js';
import { MiioChecksumError, MiioDeviceError, MiioPayloadError, MiioTokenError, MiioUnreachableError } from './errors.js';
import type { MessageIds } from './ids.js';
import { decodePacket, encodePacket, HELLO_PACKET, isHello } from './packet.js';
import { decodePayload, encodePayload, type PayloadStyle } from './payload.js';
import { parseReply, type MiioReply } from './reply.js';
import { backoffDelayMs } from './retry-schedule.js';
import { settle, type Outcome } from './settle.js';
import type { MiioToken } from './token.js';

/** Log sink; fields never hold the token or payload text (miIO.info carries the token). */
export type MiioLog = (level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;

export interface TransportOptions {
  address: string;
  port: number;
  token: MiioToken;
  did?: number;
  scheduler: SchedulerLike;
  /** Wait for one hello or request reply. */
  timeoutMs: number;
  /** Extra attempts after a timeout (each with a fresh hello and id + 100). */
  retries: number;
  /** Extra attempts after -9999 / -30001 (id + 1, no hello). */
  recoverableRetries: number;
  /** First back-off before a retry; doubles per retry, capped at 8×. */
  backoffMs: number;
  /** Re-hello when the last device stamp is older than this; 0 = before every request. */
  handshakeMaxAgeMs: number;
  ids: MessageIds;
  payloadStyle: PayloadStyle;
  log: MiioLog;
}

export interface TransportStats {
  hellosSent: number;
  requestsSent: number;
  replies: number;
  droppedStale: number;
  droppedChecksum: number;
  droppedMalformed: number;
  /** Replies whose checksum verified but whose payload no quirk fix reads: the device's fault, not the token's. */
  undecodable: number;
}

export const EMPTY_TRANSPORT_STATS: Readonly<TransportStats> = Object.freeze({
  hellosSent: 0, requestsSent: 0, replies: 0, droppedStale: 0, droppedChecksum: 0, droppedMalformed: 0, undecodable: 0,
});

type Plan = { step: 'first' | 'timeout' | 'recoverable'; hello: boolean; delayMs: number };
type Event = { kind: 'timeout' | 'hello-timeout' } | { kind: 'reply'; reply: MiioReply } | { kind: 'undecodable'; reason: string };
/** What a data datagram from the device turned out to be. */
type Read = { kind: 'reply'; reply: MiioReply } | { kind: 'undecodable'; reason: string } | undefined;
type Incoming = { buf: Buffer };

const FIRST_PLAN: Plan = { step: 'first', hello: false, delayMs: 0 };
const TIMEOUT: Event = { kind: 'timeout' };
const HELLO_TIMEOUT: Event = { kind: 'hello-timeout' };

/**
 * One device on one datagram port: handshake, stamps, ids, matching, retries. `request$` is cold and
 * must be run one at a time (the client's queue does that): replies are matched to the running call.
 */
export class MiioTransport {
  did: number | undefined;
  private stampBase: { stamp: number; atMs: number } | undefined;
  /** Outcome of the latest hello: decides unreachable vs wrong token when retries run out. */
  lastHelloOk: boolean | undefined;
  readonly stats: TransportStats = { ...EMPTY_TRANSPORT_STATS };
  private readonly incoming$: Observable<Incoming>;

  constructor(private readonly port: DatagramPort, private readonly o: TransportOptions) {
    this.did = o.did;
    this.incoming$ = port.messages$.pipe(filter((d) => d.address === o.address && d.port === o.port));
  }

  /** The device's last stamp, if any. */
  get lastStamp(): number | undefined {
    return this.stampBase?.stamp;
  }

  /** Device stamp + whole seconds elapsed since it arrived (python-miio PRs #13/#15: never the wall clock). */
  stampNow(): number {
    const base = this.stampBase;
    if (!base) return 0;
    return (base.stamp + Math.floor((this.o.scheduler.now() - base.atMs) / 1000)) >>> 0;
  }

  needsHandshake(): boolean {
    const base = this.stampBase;
    if (this.did === undefined || !base) return true;
    return this.o.scheduler.now() - base.atMs >= this.o.handshakeMaxAgeMs;
  }

  /** Sends one hello and waits timeoutMs for the answer; emits true (answered) or false (silence). */
  handshake$(): Observable<boolean> {
    const answer$ = this.incoming$.pipe(
      filter((d) => isHello(d.buf)),
      take(1),
      map((d) => {
        const hello = decodePacket(d.buf);
        this.did = hello.did;
        this.noteStamp(hello.stamp);
        this.lastHelloOk = true;
        this.o.log('debug', 'miio hello answered', { address: this.o.address, did: hello.did, stamp: hello.stamp });
        return true;
      }),
    );
    const send$ = defer(() => {
      this.stats.hellosSent += 1;
      this.port.send(HELLO_PACKET, this.o.address, this.o.port);
      return EMPTY;
    });
    return merge(answer$, send$).pipe(
      timeout({ first: this.o.timeoutMs, scheduler: this.o.scheduler, with: () => of(false) }),
      map((ok) => {
        if (!ok) this.lastHelloOk = false;
        return ok;
      }),
    );
  }

  /** One call with its retries; emits the result once or errors with a typed Miio error. */
  request$(method: string, params: unknown, extra?: Record<string, unknown>): Observable<unknown> {
    return defer(() => {
      const sentIds = new Set<number>();
      const answered = new Set<number>();
      let latestId = 0;
      let timeoutsLeft = this.o.retries;
      let recoverableLeft = this.o.recoverableRetries;
      let retryIndex = 0;
      const checksumFailuresAtStart = this.stats.droppedChecksum;
      const staleAtStart = this.stats.droppedStale;
      const plans = new BehaviorSubject<Plan>(FIRST_PLAN);
      const backoff = (): number => backoffDelayMs(this.o.backoffMs, retryIndex++);

      const send = (step: Plan['step']): void => {
        const id = step === 'timeout' ? this.o.ids.nextAfterTimeout() : this.o.ids.next();
        sentIds.add(id);
        latestId = id;
        this.sendRequest(id, method, params, extra);
      };

      /** Sends the request with a fresh id, then emits a timeout event unless a reply settles the call first. */
      const sendAndWait$ = (step: Plan['step']): Observable<Event> =>
        new Observable<Event>((subscriber) => {
          send(step);
          return this.o.scheduler.schedule(() => subscriber.next(TIMEOUT), this.o.timeoutMs);
        });

      /** Decodes this device's data datagrams; replies to any id of this call are events, others are counted. */
      const listen = (subscriber: Subscriber<Event>): Subscription =>
        this.port.messages$.subscribe((d) => {
          if (d.address !== this.o.address || d.port !== this.o.port || isHello(d.buf)) return;
          try {
            const read = this.readReply(d.buf);
            if (!read) return;
            // No id to match it by, but the checksum proved it is the device's answer to this call.
            if (read.kind === 'undecodable') return void subscriber.next(read);
            const { reply } = read;
            if (!sentIds.has(reply.id) || answered.has(reply.id)) {
              this.stats.droppedStale += 1;
              this.o.log('debug', 'miio reply dropped (stale or duplicate id)', { address: this.o.address, id: reply.id });
              return;
            }
            answered.add(reply.id);
            subscriber.next({ kind: 'reply', reply });
          } catch (error) {
            // A throwing log sink fails this call, never the port's other listeners.
            subscriber.error(error);
          }
        });

      /**
       * One attempt: listens from its start (so a late reply during a back-off still counts), then sends
       * and emits a timeout event. The next plan replaces it without a gap (switchMap).
       */
      const attempt$ = (plan: Plan): Observable<Event> =>
        new Observable<Event>((subscriber) => {
          subscriber.add(listen(subscriber));
          if (plan.delayMs === 0 && !plan.hello && !this.needsHandshake()) {
            // Hot path: a fresh session and no back-off, so no timer and no hello before the send.
            send(plan.step);
            subscriber.add(this.o.scheduler.schedule(() => subscriber.next(TIMEOUT), this.o.timeoutMs));
            return;
          }
          const prepared$ = (plan.delayMs > 0 ? timer(plan.delayMs, this.o.scheduler) : of(0)).pipe(
            concatMap(() => (plan.hello || this.needsHandshake() ? this.handshake$() : of(true))),
            concatMap((helloOk) => (helloOk ? sendAndWait$(plan.step) : of(HELLO_TIMEOUT))),
          );
          // Events only: the attempt (and its listening) ends when the next plan replaces it.
          subscriber.add(prepared$.subscribe({ next: (event) => subscriber.next(event), error: (error: unknown) => subscriber.error(error) }));
        });

      /** What an event means for the call: its outcome, or undefined to keep waiting (after planning a retry). */
      const decide = (event: Event): Outcome | undefined => {
        if (event.kind === 'undecodable') return { ok: false, error: new MiioDeviceError(-1, `undecodable reply (${event.reason})`, method) };
        if (event.kind === 'reply') {
          const { reply } = event;
          if (reply.ok) return { ok: true, value: reply.result };
          const error = new MiioDeviceError(reply.code, reply.message, method);
          if (!error.recoverable) return { ok: false, error };
          // A -9999 for an attempt we already replaced changes nothing; wait for the latest.
          if (reply.id !== latestId) return undefined;
          if (recoverableLeft <= 0) return { ok: false, error };
          recoverableLeft -= 1;
          this.o.log('info', 'miio recoverable device error, retrying', { address: this.o.address, method, code: reply.code });
          plans.next({ step: 'recoverable', hello: false, delayMs: backoff() });
          return undefined;
        }
        if (timeoutsLeft > 0) {
          timeoutsLeft -= 1;
          this.o.log('debug', `miio ${event.kind}, retrying`, { address: this.o.address, method, id: latestId });
          plans.next({ step: 'timeout', hello: true, delayMs: backoff() });
          return undefined;
        }
        return { ok: false, error: this.exhaustedError(method, this.stats.droppedChecksum > checksumFailuresAtStart, this.stats.droppedStale - staleAtStart) };
      };

      return plans.pipe(switchMap(attempt$), settle(decide));
    });
  }

  private sendRequest(id: number, method: string, params: unknown, extra: Record<string, unknown> | undefined): void {
    const request = extra === undefined ? { id, method, params } : { id, method, params, ...extra };
    const payload = encodePayload(request, { style: this.o.payloadStyle });
    const packet = encodePacket({ did: this.did ?? 0, stamp: this.stampNow(), token: this.o.token, payload });
    this.stats.requestsSent += 1;
    this.o.log('debug', 'miio request sent', { address: this.o.address, method, id });
    this.port.send(packet, this.o.address, this.o.port);
  }

  /**
   * Decodes a data datagram: a reply; undecodable when the checksum verified but the payload does
   * not read (the token is right: the device sent nonsense); undefined (and counted) otherwise.
   */
  private readReply(buf: Buffer): Read {
    let payload: Buffer | undefined;
    try {
      const packet = decodePacket(buf, this.o.token);
      if (!packet.payload) return undefined;
      this.noteStamp(packet.stamp);
      payload = packet.payload;
    } catch (error) {
      if (error instanceof MiioChecksumError) {
        this.stats.droppedChecksum += 1;
        this.o.log('warn', 'miio reply failed the checksum: the token is probably wrong', { address: this.o.address });
      } else {
        this.stats.droppedMalformed += 1;
        this.o.log('warn', 'miio reply dropped: malformed', { address: this.o.address, reason: (error as Error).message });
      }
      return undefined;
    }
    let reason: string;
    try {
      const reply = parseReply(decodePayload(payload));
      if (reply) {
        this.stats.replies += 1;
        return { kind: 'reply', reply };
      }
      reason = 'not an object with an integer id';
    } catch (error) {
      // MiioPayloadError, or a RangeError from nesting too deep to parse.
      reason = error instanceof MiioPayloadError ? error.reason : 'payload too deeply nested';
    }
    this.stats.undecodable += 1;
    this.o.log('warn', 'miio reply undecodable', { address: this.o.address, reason });
    return { kind: 'undecodable', reason };
  }

  private noteStamp(stamp: number): void {
    // Stamp 0 means "no clock yet" (npm miio hangs on it); keep the previous base.
    if (stamp > 0) this.stampBase = { stamp, atMs: this.o.scheduler.now() };
  }

  private exhaustedError(method: string, sawBadChecksum: boolean, staleReplies: number): Error {
    const where = `${this.o.address}:${this.o.port}`;
    const attempts = this.o.retries + 1;
    if (staleReplies > 0 && !sawBadChecksum) {
      // Verified replies, so the token is right; they answered other ids than the ones sent.
      return new MiioDeviceError(-1, `${staleReplies} replies to other request ids, none to the ${attempts} sent`, method);
    }
    if (sawBadChecksum) {
      return new MiioTokenError(`replies from ${where} failed the checksum: the token is wrong for this device`);
    }
    if (this.lastHelloOk === false) {
      return new MiioUnreachableError(`no hello reply from ${where} after ${attempts} attempts: device offline, wrong address or another subnet`);
    }
    return new MiioTokenError(
      `${where} answered the hello but not ${method} after ${attempts} attempts: the token is most likely wrong (or the device is busy)`,
    );
  }
}
