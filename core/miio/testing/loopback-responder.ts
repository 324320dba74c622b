import { buildHelloReply, decodePacket, encodePacket, isHelloRequest } from '../packet.js';
import { decodePayload, encodePayload } from '../payload.js';
import { openUdpPort, type Datagram, type DatagramPort } from '../datagram-port.js';
import type { MiioToken } from '../token.js';

/** What the responder saw: a hello, or a request it could decrypt (checksumOk false when the token differs). */
export interface ReceivedDatagram {
  kind: 'hello' | 'request' | 'other';
  from: { address: string; port: number };
  did?: number;
  stamp?: number;
  checksumOk?: boolean;
  id?: number;
  method?: string;
  params?: unknown;
  body?: Record<string, unknown>;
}

export type ResponderAction =
  | { result: unknown }
  | { error: { code: number; message: string } }
  | { raw: Buffer }
  | 'drop'
  | 'hold';

/**
 * A tiny miIO device for client tests on a REAL loopback UDP socket (not the simulator of core/sim):
 * answers hellos, decrypts requests with its own token and replies as `handle` says. Requests that
 * fail its checksum are dropped silently, as real devices do.
 */
export class LoopbackResponder {
  readonly received: ReceivedDatagram[] = [];
  /** Sent replies and received datagrams in order, e.g. ['hello', 'req 5', 'reply 5']. */
  readonly events: string[] = [];
  stamp = 1000;
  helloMode: 'answer' | 'drop' = 'answer';
  handle: (request: ReceivedDatagram) => ResponderAction = () => ({ result: ['ok'] });
  private cursor = 0;
  private waiters: Array<() => void> = [];
  private barrierWaiters = new Map<string, () => void>();

  private constructor(private readonly port: DatagramPort, readonly token: MiioToken, readonly did: number) {
    port.messages$.subscribe((d) => this.onDatagram(d));
  }

  /** `port` 0 (default) picks a free one; python-miio can only talk to 54321. */
  static async start(options: { token: MiioToken; did?: number; address?: string; port?: number }): Promise<LoopbackResponder> {
    const port = await openUdpPort({ address: options.address ?? '127.0.0.1', port: options.port ?? 0 });
    return new LoopbackResponder(port, options.token, options.did ?? 0x0badcafe);
  }

  get address(): string {
    return this.port.localAddress;
  }

  get portNumber(): number {
    return this.port.localPort;
  }

  requests(): ReceivedDatagram[] {
    return this.received.filter((r) => r.kind === 'request');
  }

  /** The next datagram not yet returned by next(), waiting for it if needed. */
  async next(): Promise<ReceivedDatagram> {
    while (this.cursor >= this.received.length) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.received[this.cursor++];
  }

  /** Waits for the next datagram of a kind, skipping others. */
  async nextOf(kind: ReceivedDatagram['kind']): Promise<ReceivedDatagram> {
    for (;;) {
      const item = await this.next();
      if (item.kind === kind) return item;
    }
  }

  /** Resolves once a datagram sent to ourselves now has arrived: everything sent to us before is in. */
  async barrier(): Promise<void> {
    const tag = `barrier-${Math.random()}`;
    const arrived = new Promise<void>((resolve) => this.barrierWaiters.set(tag, resolve));
    this.port.send(Buffer.from(tag), this.address, this.portNumber);
    await arrived;
  }

  /** Sends a reply body (e.g. `{id, result}`) to where a request came from. */
  reply(to: ReceivedDatagram, body: unknown, token: MiioToken = this.token): void {
    const payload = encodePayload(body, { style: 'compact' });
    const packet = encodePacket({ did: this.did, stamp: this.stamp, token, payload });
    const id = (body as { id?: unknown }).id;
    this.events.push(`reply ${String(id)}`);
    this.port.send(packet, to.from.address, to.from.port);
  }

  sendRaw(to: ReceivedDatagram, buf: Buffer): void {
    this.port.send(buf, to.from.address, to.from.port);
  }

  async close(): Promise<void> {
    await this.port.close();
  }

  private onDatagram(d: Datagram): void {
    const tag = d.buf.toString('latin1');
    const barrier = this.barrierWaiters.get(tag);
    if (barrier) {
      this.barrierWaiters.delete(tag);
      barrier();
      return;
    }
    const item = this.read(d);
    this.received.push(item);
    if (item.kind === 'hello') {
      this.events.push('hello');
      if (this.helloMode === 'answer') this.port.send(buildHelloReply({ did: this.did, stamp: this.stamp }), d.address, d.port);
    } else if (item.kind === 'request') {
      this.events.push(`req ${String(item.id)}`);
      if (item.checksumOk) this.act(item, this.handle(item));
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  private act(item: ReceivedDatagram, action: ResponderAction): void {
    if (action === 'drop' || action === 'hold') return;
    if ('raw' in action) this.sendRaw(item, action.raw);
    else this.reply(item, { id: item.id, ...action });
  }

  private read(d: Datagram): ReceivedDatagram {
    const from = { address: d.address, port: d.port };
    if (isHelloRequest(d.buf)) return { kind: 'hello', from };
    try {
      const packet = decodePacket(d.buf, this.token);
      const body = decodePayload(packet.payload ?? Buffer.alloc(0)) as Record<string, unknown>;
      return {
        kind: 'request', from, did: packet.did, stamp: packet.stamp, checksumOk: true, body,
        id: body.id as number, method: body.method as string, params: body.params,
      };
    } catch {
      try {
        const packet = decodePacket(d.buf);
        return { kind: 'request', from, did: packet.did, stamp: packet.stamp, checksumOk: false };
      } catch {
        return { kind: 'other', from };
      }
    }
  }
}
