import { Subject } from 'rxjs';
import { expect } from 'vitest';
import { openUdpPort, type Datagram, type DatagramPort } from '../../core/miio/datagram-port.js';
import { isHello } from '../../core/miio/packet.js';
import type { ManualClock } from '../../core/base/manual-clock.js';
import type { SimulatedDeviceHandle } from '../../core/sim/server.js';

/**
 * Real loopback UDP between Homeward's client and the simulator, both on one ManualClock. The clock may
 * move only while nothing is in flight, so this counts datagrams on both ends: everything the client port
 * sent to a simulated device has been read by it, and every datagram the device emitted has arrived.
 */

/** A client's real UDP port that counts what it sends and receives, and can lose incoming datagrams. */
export interface LinkPort extends DatagramPort {
  /** Datagrams sent, by destination address. */
  readonly sentTo: Map<string, number>;
  received: number;
  /** Header stamps of the requests (not hellos) sent, in order. */
  readonly requestStamps: number[];
  /** Return true to lose an incoming datagram (the link, not the device): counted, never delivered. */
  loseIncoming: (d: Datagram) => boolean;
}

export type Settled<T> = { ok: true; value: T; atMs: number } | { ok: false; error: unknown; atMs: number };

export interface SimLink {
  /** The one client port (several clients may share it through `datagramPort`). */
  readonly port: LinkPort;
  /** Resolves once no datagram is in flight between the port and the devices (two quiet turns in a row). */
  idle(): Promise<void>;
  /** Runs the clock from timer to timer, waiting for the sockets in between, until the call settles. */
  settle<T>(call: Promise<T>): Promise<Settled<T>>;
  /** Runs every timer left (late or duplicate replies) so the clock ends empty. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const MAX_TURNS = 5000;
const MAX_STEPS = 500;

export async function openSimLink(clock: ManualClock, devices: readonly SimulatedDeviceHandle[]): Promise<SimLink> {
  const port = countingPort(await openUdpPort({ address: '127.0.0.1' }));

  const quiet = (): boolean => {
    let read = 0;
    let emitted = 0;
    for (const d of devices) {
      const s = d.stats();
      read += s.hellos + s.requests + s.droppedWrongToken + s.droppedMalformed;
      // Each emit sends 1 + duplicateReplies copies: keep that knob fixed while replies are pending.
      emitted += s.replies * (1 + d.faults().duplicateReplies);
    }
    const sent = devices.reduce((n, d) => n + (port.sentTo.get(d.address) ?? 0), 0);
    return sent === read && port.received === emitted;
  };

  const idle = async (): Promise<void> => {
    let quietTurns = 0;
    for (let turn = 0; turn < MAX_TURNS; turn += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      quietTurns = quiet() ? quietTurns + 1 : 0;
      if (quietTurns >= 2) return;
    }
    expect.fail('the loopback link never went idle (a datagram lost by the kernel?)');
  };

  const step = (): boolean => {
    const next = clock.actions[0];
    if (!next) return false;
    clock.advanceBy(Math.max(0, next.delay - clock.now()));
    return true;
  };

  return {
    port,
    idle,
    settle: async <T>(call: Promise<T>): Promise<Settled<T>> => {
      const startMs = clock.now();
      let outcome: Settled<T> | undefined;
      call.then(
        (value) => (outcome = { ok: true, value, atMs: clock.now() - startMs }),
        (error: unknown) => (outcome = { ok: false, error, atMs: clock.now() - startMs }),
      );
      for (let i = 0; i < MAX_STEPS; i += 1) {
        await idle();
        if (outcome) return outcome;
        if (!step()) expect.fail(`hung at ${clock.now() - startMs} ms: nothing in flight, no timer, call unsettled`);
      }
      return expect.fail(`still unsettled after ${MAX_STEPS} timer steps`);
    },
    drain: async () => {
      for (let i = 0; i < MAX_STEPS; i += 1) {
        await idle();
        if (!step()) return;
      }
      expect.fail('timers kept coming');
    },
    close: () => port.close(),
  };
}

function countingPort(inner: DatagramPort): LinkPort {
  const messages = new Subject<Datagram>();
  const port: LinkPort = {
    sentTo: new Map(),
    received: 0,
    requestStamps: [],
    loseIncoming: () => false,
    messages$: messages.asObservable(),
    errors$: inner.errors$,
    localAddress: inner.localAddress,
    localPort: inner.localPort,
    send: (buf, address, to) => {
      port.sentTo.set(address, (port.sentTo.get(address) ?? 0) + 1);
      if (!isHello(buf)) port.requestStamps.push(buf.readUInt32BE(12));
      inner.send(buf, address, to);
    },
    close: async () => {
      await inner.close();
      messages.complete();
    },
  };
  inner.messages$.subscribe((d) => {
    port.received += 1;
    if (!port.loseIncoming(d)) messages.next(d);
  });
  return port;
}
