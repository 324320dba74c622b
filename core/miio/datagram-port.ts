import { createSocket, type Socket, type SocketOptions } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIPv4 } from 'node:net';
import { Observable, Subject } from 'rxjs';
import { HomewardError } from '../base/errors.js';

export interface Datagram {
  buf: Buffer;
  address: string;
  port: number;
}

/** The seam between the miIO layers and UDP: real sockets in production and tests alike. */
export interface DatagramPort {
  /** Every datagram received, hot; completes on close. */
  readonly messages$: Observable<Datagram>;
  /** Fire-and-forget; a send failure is reported on errors$, never thrown. */
  send(buf: Buffer, address: string, port: number): void;
  /** Socket-level failures (send errors, ICMP unreachable on Linux), for logs and counters. */
  readonly errors$: Observable<DatagramPortError>;
  readonly localAddress: string;
  readonly localPort: number;
  close(): Promise<void>;
}

export class DatagramPortError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('miio.socket', message, options);
  }
}

export interface UdpPortOptions {
  /** Address to bind; default 0.0.0.0. */
  address?: string;
  /** Port to bind; default 0 (ephemeral). A simulator binds 54321. */
  port?: number;
  broadcast?: boolean;
}

/** Opens a UDP4 socket. Datagrams up to 64 KiB arrive whole (python-miio's 1024-byte buffer did not, PR #1075). */
export async function openUdpPort(options: UdpPortOptions = {}): Promise<DatagramPort> {
  const socket = createSocket({ type: 'udp4', reuseAddr: false, lookup: lookupIpv4 });
  const messages = new Subject<Datagram>();
  const errors = new Subject<DatagramPortError>();
  socket.on('message', (buf, rinfo) => messages.next({ buf, address: rinfo.address, port: rinfo.port }));
  socket.on('error', (cause) => errors.next(new DatagramPortError(`UDP socket error: ${cause.message}`, { cause })));
  await new Promise<void>((resolve, reject) => {
    const onError = (cause: Error): void => {
      socket.close(); // a socket that never bound must not keep its descriptor
      reject(new DatagramPortError(`cannot bind UDP ${options.address ?? '0.0.0.0'}:${options.port ?? 0}: ${cause.message}`, { cause }));
    };
    socket.once('error', onError);
    socket.bind(options.port ?? 0, options.address ?? '0.0.0.0', () => {
      socket.off('error', onError);
      resolve();
    });
  });
  if (options.broadcast) socket.setBroadcast(true);
  const bound = socket.address();
  return new UdpPort(socket, messages, errors, bound.address, bound.port);
}

/**
 * dgram resolves every send's address, even an IP literal, and dns.lookup answers a literal one tick
 * later; answering literals at once sends in the same tick. Host names still go to dns.lookup.
 */
const lookupIpv4: NonNullable<SocketOptions['lookup']> = (hostname, options, callback) => {
  if (isIPv4(hostname)) callback(null, hostname, 4);
  else dnsLookup(hostname, options, callback);
};

class UdpPort implements DatagramPort {
  private closed = false;
  readonly messages$: Observable<Datagram>;
  readonly errors$: Observable<DatagramPortError>;
  /** One callback for every send (no closure per datagram); Node's error names the address. */
  private readonly afterSend = (cause: Error | null): void => {
    if (cause) this.errors.next(new DatagramPortError(`UDP send failed: ${cause.message}`, { cause }));
  };

  constructor(
    private readonly socket: Socket,
    private readonly messages: Subject<Datagram>,
    private readonly errors: Subject<DatagramPortError>,
    readonly localAddress: string,
    readonly localPort: number,
  ) {
    this.messages$ = messages.asObservable();
    this.errors$ = errors.asObservable();
  }

  send(buf: Buffer, address: string, port: number): void {
    if (this.closed) {
      this.errors.next(new DatagramPortError('send on a closed UDP port'));
      return;
    }
    this.socket.send(buf, port, address, this.afterSend);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
    this.messages.complete();
    this.errors.complete();
  }
}
