import { Aedes } from 'aedes';
import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { loadBrokerCredentials } from './broker-credentials.js';
import { MqttBrokerError } from './errors.js';

export interface EmbeddedBroker {
  /** `mqtt://127.0.0.1:<port>`. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  stop(): Promise<void>;
}

function same(expected: string, given: Buffer | string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.isBuffer(given) ? given : Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The broker `npm start` gets when none is configured: aedes on loopback, login required (credentials
 * generated once in the data directory). aedes speaks MQTT 3.1.1 only (a v5 client is refused with
 * "unacceptable protocol version"): connect with protocolVersion 4. Its persistence is in memory:
 * retained messages and sessions live as long as the process.
 */
export async function startEmbeddedBroker(options: { dataDir: string; host?: string; port?: number }): Promise<EmbeddedBroker> {
  const credentials = await loadBrokerCredentials(options.dataDir);
  const broker = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => {
      const ok = username === credentials.username && same(credentials.password, password);
      if (ok) done(null, true);
      else done(Object.assign(new Error('bad username or password'), { returnCode: 4 as const }), false);
    },
  });
  const server = net.createServer((socket) => broker.handle(socket));
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (cause) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw new MqttBrokerError(`cannot listen on ${host}:${options.port ?? 0}: ${(cause as Error).message}`, { cause });
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let stopped: Promise<void> | null = null;
  return {
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`,
    username: credentials.username,
    password: credentials.password,
    stop() {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
