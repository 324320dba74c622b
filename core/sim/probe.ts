/**
 * A minimal miIO probe for the simulator's own tests and smoke checks: one fresh socket per exchange
 * (as python-miio does), no retries. The real client lives in core/miio. It never waits on the wall
 * clock: an exchange ends when the device has read the datagram and every reply it sent has arrived
 * (counted in event-loop turns), and a reply the device delays waits on the device's ManualClock,
 * which the probe moves from timer to timer.
 */
import { createSocket } from 'node:dgram';
import type { ManualClock } from '../base/manual-clock.js';
import { decodePacket, encodePacket, HELLO_PACKET } from '../miio/packet.js';
import { decodePayload, encodePayload } from '../miio/payload.js';
import { parseToken, type MiioToken } from '../miio/token.js';
import type { SimulatedDeviceHandle } from './server.js';

export interface ExchangeOptions {
  /** Stop once this many replies have come (default 1). */
  count?: number;
  /** The device's clock: its timers (a delayed reply) run, one at a time, while the link is quiet. */
  clock?: ManualClock;
}

/** Turns of the event loop without news before an exchange counts as over. */
const QUIET_TURNS = 3;
const MAX_TURNS = 20_000;

/** Sends one datagram from a fresh socket and collects the device's replies (see the file comment). */
export async function exchange(h: SimulatedDeviceHandle, packet: Buffer, opts: ExchangeOptions = {}): Promise<Buffer[]> {
  const count = opts.count ?? 1;
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const replies: Buffer[] = [];
  socket.on('message', (msg: Buffer) => replies.push(Buffer.from(msg)));
  try {
    const before = h.stats();
    socket.send(packet, h.port, h.address);
    let quiet = 0;
    for (let turn = 0; turn < MAX_TURNS && replies.length < count; turn++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const now = h.stats();
      const sent = (now.replies - before.replies) * (1 + h.faults().duplicateReplies);
      const isQuiet = now.datagrams > before.datagrams && replies.length >= sent;
      quiet = isQuiet ? quiet + 1 : 0;
      if (quiet < QUIET_TURNS) continue;
      const next = opts.clock?.actions[0];
      if (!opts.clock || !next) break;
      opts.clock.advanceBy(Math.max(0, next.delay - opts.clock.now()));
      quiet = 0;
    }
    return replies;
  } finally {
    socket.close();
  }
}

/** The decoded hello reply, or undefined when the device stays silent. */
export async function hello(h: SimulatedDeviceHandle, opts: ExchangeOptions = {}): Promise<{ did: number; stamp: number; checksum: Buffer } | undefined> {
  const [reply] = await exchange(h, HELLO_PACKET, opts);
  return reply ? decodePacket(reply) : undefined;
}

export function request(h: SimulatedDeviceHandle, id: number, method: string, params: unknown, token: MiioToken = h.token): Buffer {
  return encodePacket({ did: h.did, stamp: 1001, token, payload: encodePayload({ id, method, params }) });
}

/** hello is skipped: the simulator accepts any stamp. Returns every decoded reply. */
export async function call(
  h: SimulatedDeviceHandle,
  method: string,
  params: unknown = [],
  opts: ExchangeOptions & { id?: number; token?: MiioToken } = {},
): Promise<unknown[]> {
  const replies = await exchange(h, request(h, opts.id ?? nextId(), method, params, opts.token), opts);
  return replies.map((r) => decodePayload(decodePacket(r, h.token).payload ?? Buffer.alloc(0)));
}

export function rawPayloads(h: SimulatedDeviceHandle, replies: Buffer[]): string[] {
  return replies.map((r) => (decodePacket(r, h.token).payload ?? Buffer.alloc(0)).toString('utf8'));
}

export const WRONG_TOKEN: MiioToken = parseToken('00000000000000000000000000000001');

let id = 100;
function nextId(): number {
  id += 1;
  return id;
}
