/**
 * A minimal miIO probe for the simulator's own tests and smoke checks: one fresh socket per exchange
 * (as python-miio does), no retries. The real client lives in core/miio.
 */
import { createSocket } from 'node:dgram';
import { firstValueFrom, fromEvent, map, take, takeUntil, timer, toArray } from 'rxjs';
import { decodePacket, encodePacket, HELLO_PACKET } from '../miio/packet.js';
import { decodePayload, encodePayload } from '../miio/payload.js';
import { parseToken, type MiioToken } from '../miio/token.js';
import type { SimulatedDeviceHandle } from './server.js';

/** Sends one datagram from a fresh socket (like python-miio) and collects replies for up to waitMs. */
export async function exchange(address: string, port: number, packet: Buffer, opts: { waitMs?: number; count?: number } = {}): Promise<Buffer[]> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    const replies = firstValueFrom(
      fromEvent(socket, 'message', (msg: Buffer) => msg).pipe(
        map((msg) => Buffer.from(msg)),
        takeUntil(timer(opts.waitMs ?? 500)),
        take(opts.count ?? 1),
        toArray(),
      ),
    );
    socket.send(packet, port, address);
    return await replies;
  } finally {
    socket.close();
  }
}

/** The decoded hello reply, or undefined when the device stays silent. */
export async function hello(h: SimulatedDeviceHandle): Promise<{ did: number; stamp: number; checksum: Buffer } | undefined> {
  const [reply] = await exchange(h.address, h.port, HELLO_PACKET);
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
  opts: { id?: number; token?: MiioToken; waitMs?: number; count?: number } = {},
): Promise<unknown[]> {
  const replies = await exchange(h.address, h.port, request(h, opts.id ?? nextId(), method, params, opts.token), opts);
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
