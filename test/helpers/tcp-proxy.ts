import net from 'node:net';

/**
 * A loopback TCP relay between a client and a broker: `cut()` drops every live connection (Wi-Fi
 * lost in the garage: the broker sees the socket die and sends the will), `block()` refuses new
 * ones until `unblock()`.
 */
export interface TcpProxy {
  readonly url: string;
  readonly port: number;
  /** Connections accepted and relayed. */
  readonly connections: number;
  /** Every connection attempt, refused ones included. */
  readonly attempts: number;
  cut(): void;
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const live = new Set<net.Socket>();
  let blocked = false;
  let accepted = 0;
  let attempts = 0;
  const server = net.createServer((inbound) => {
    attempts += 1;
    if (blocked) {
      inbound.destroy();
      return;
    }
    accepted += 1;
    const outbound = net.connect(targetPort, '127.0.0.1');
    live.add(inbound);
    live.add(outbound);
    const drop = (): void => {
      inbound.destroy();
      outbound.destroy();
      live.delete(inbound);
      live.delete(outbound);
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    get connections() {
      return accepted;
    },
    get attempts() {
      return attempts;
    },
    cut() {
      for (const socket of live) socket.destroy();
      live.clear();
    },
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
    },
    close() {
      for (const socket of live) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
