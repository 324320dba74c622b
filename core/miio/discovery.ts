import { lastValueFrom, map, mergeMap, EMPTY, Observable, type SchedulerLike, takeUntil, timer, toArray, filter, of } from 'rxjs';
import { wallClock } from '../base/clock.js';
import { openUdpPort, type DatagramPort } from './datagram-port.js';
import { decodePacket, HELLO_PACKET, isHello } from './packet.js';
import { tokenFromBytes, type MiioToken } from './token.js';

export interface DiscoveredDevice {
  did: number;
  address: string;
  port: number;
  stamp: number;
  /** Old or unprovisioned firmware puts the token in the hello reply. */
  tokenRevealed: boolean;
  /** The revealed token; only when tokenRevealed. Prints redacted; revealTokenHex() shows it. */
  token?: MiioToken;
}

export interface DiscoverOptions {
  /** Default 255.255.255.255 (broadcast); tests send unicast to 127.0.0.x (broadcast does not work on lo). */
  address?: string;
  port?: number;
  /** Local address to bind the socket to. Default all interfaces. */
  bindAddress?: string;
  /** How long to collect replies. Default 3000. */
  windowMs?: number;
  /** Extra hellos sent this long apart within the window (npm miio sends 2, 500 ms apart). Default: one hello. */
  repeatEveryMs?: number;
  scheduler?: SchedulerLike;
  datagramPort?: DatagramPort;
}

/** Every device answering the hello during the window, once per address and did. Completes after the window. */
export function discover$(options: DiscoverOptions = {}): Observable<DiscoveredDevice> {
  const scheduler = options.scheduler ?? wallClock;
  const address = options.address ?? '255.255.255.255';
  const port = options.port ?? 54321;
  const windowMs = options.windowMs ?? 3000;
  return new Observable<DiscoveredDevice>((subscriber) => {
    let owned: DatagramPort | undefined;
    let closed = false;
    const seen = new Set<string>();
    const ready = options.datagramPort
      ? Promise.resolve(options.datagramPort)
      : openUdpPort({ address: options.bindAddress, broadcast: isBroadcast(address) }).then((p) => (owned = p));
    const subscription = of(null)
      .pipe(
        mergeMap(() => ready),
        mergeMap((udp) => {
          if (closed) return EMPTY;
          udp.send(HELLO_PACKET, address, port);
          const repeats = options.repeatEveryMs
            ? timer(options.repeatEveryMs, options.repeatEveryMs, scheduler).pipe(map(() => udp.send(HELLO_PACKET, address, port)), filter(() => false))
            : EMPTY;
          const replies = udp.messages$.pipe(
            filter((d) => isHello(d.buf) && d.buf.readUInt32BE(8) !== 0xffffffff),
            map((d) => ({ d, hello: decodePacket(d.buf) })),
            filter(({ d, hello }) => {
              const key = `${d.address}:${d.port}/${hello.did}`;
              if (seen.has(key)) return false;
              seen.add(key);
              return true;
            }),
            map(({ d, hello }): DiscoveredDevice => ({
              did: hello.did,
              address: d.address,
              port: d.port,
              stamp: hello.stamp,
              tokenRevealed: hello.tokenInHello !== undefined,
              ...(hello.tokenInHello ? { token: tokenFromBytes(hello.tokenInHello) } : {}),
            })),
          );
          return new Observable<DiscoveredDevice>((inner) => {
            const a = replies.subscribe(inner);
            const b = repeats.subscribe();
            return () => {
              a.unsubscribe();
              b.unsubscribe();
            };
          }).pipe(takeUntil(timer(windowMs, scheduler)));
        }),
      )
      .subscribe(subscriber);
    return () => {
      closed = true;
      subscription.unsubscribe();
      // A port that never opened has nothing to close; its error already reached the subscriber.
      void ready.then(
        () => owned?.close(),
        () => undefined,
      );
    };
  });
}

/** All devices that answered within the window; the socket is closed when this settles. */
export async function discover(options: DiscoverOptions = {}): Promise<DiscoveredDevice[]> {
  const udp = options.datagramPort ?? (await openUdpPort({ address: options.bindAddress, broadcast: isBroadcast(options.address) }));
  try {
    return await lastValueFrom(discover$({ ...options, datagramPort: udp }).pipe(toArray()));
  } finally {
    if (!options.datagramPort) await udp.close();
  }
}

function isBroadcast(address = '255.255.255.255'): boolean {
  return address.endsWith('.255');
}
