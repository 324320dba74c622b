import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { asyncScheduler, interval, type SchedulerLike } from 'rxjs';
import { WebSocketServer, type WebSocket } from 'ws';
import { allowedHostsFor, allowedOriginsFor, isLoopbackHost } from './allowed-hosts.js';
import { ClientSession } from './client-session.js';
import { ApiServerError } from './errors.js';
import { PairingGuard } from './pairing-guard.js';
import { MAX_MESSAGE_BYTES, WS_SUBPROTOCOL, type ServerMessage } from './protocol.js';
import type { RuntimeApi } from './runtime-api.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { readStaticFile } from './static-files.js';
import { checkUpgrade, type UpgradePolicy } from './upgrade-check.js';

export interface ApiServerOptions {
  api: RuntimeApi;
  host: string;
  /** 0 = any free port. */
  port: number;
  /** The built dashboard (index.html and its assets). */
  staticDir: string;
  /** Required of WebSocket clients; when the host is not loopback and none is given, one is made. */
  pairingToken?: string;
  /** Client messages per second per connection (default 50). */
  rateLimitPerS?: number;
  /** Timers (pushes, pings, lockouts); default asyncScheduler. */
  scheduler?: SchedulerLike;
  onUnexpectedError(error: unknown): void;
}

export interface ApiServer {
  url: string;
  port: number;
  pairingToken: string | null;
  /** Open WebSocket clients (for status pages and tests). */
  readonly clientCount: number;
  stop(): Promise<void>;
}

const PING_INTERVAL_MS = 15_000;
/** Close codes (RFC 6455 and IANA): policy violation, going away. */
const CLOSE_POLICY = 1008;
const CLOSE_GOING_AWAY = 1001;

/** 128 random bits as 32 hex characters: fits a subprotocol token and reads out as text. */
export function newPairingToken(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Serves the dashboard over HTTP and the protocol over a WebSocket (`/ws`). Loopback by default; any
 * other bind needs the pairing token. Every upgrade checks Host, Origin, subprotocol and token; every
 * message goes through a ClientSession (validation, rate limit, coalesced pushes with backpressure).
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const scheduler = options.scheduler ?? asyncScheduler;
  if (!existsSync(path.join(options.staticDir, 'index.html'))) {
    throw new ApiServerError(`${options.staticDir}: no index.html (build the dashboard: npm run build:renderer)`);
  }
  const pairingToken = options.pairingToken ?? (isLoopbackHost(options.host) ? null : newPairingToken());
  if (pairingToken !== null && !/^[A-Za-z0-9_-]{16,128}$/.test(pairingToken)) {
    throw new ApiServerError('pairingToken: 16–128 characters of A–Z, a–z, 0–9, _ or -');
  }
  const policy: UpgradePolicy = { allowedHosts: new Set(), allowedOrigins: new Set(), pairingToken };
  const guard = new PairingGuard();
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });

  const server = http.createServer((request, response) => {
    void serveHttp(request, response).catch((error: unknown) => {
      options.onUnexpectedError(error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function serveHttp(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (!request.headers.host || !policy.allowedHosts.has(request.headers.host.toLowerCase())) {
      response.writeHead(421, { 'Content-Type': 'text/plain' }).end('unknown host\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await readStaticFile(options.staticDir, request.url ?? '/');
    if (!file.ok) {
      response.writeHead(file.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end(file.status === 404 ? 'not found\n' : 'bad request\n');
      return;
    }
    const cache = file.contentType.startsWith('text/html') ? 'no-cache' : 'public, max-age=31536000, immutable';
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Content-Length': file.body.length, 'Cache-Control': cache });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const address = request.socket.remoteAddress ?? 'unknown';
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
    };
    socket.on('error', () => socket.destroy());
    const busy = guard.refusal(address, scheduler.now());
    if (busy) return refuse(429, busy);
    const verdict = checkUpgrade({
      url: request.url, host: request.headers.host, origin: request.headers.origin, protocols: request.headers['sec-websocket-protocol'],
    }, policy);
    if (!verdict.ok) {
      // Only a wrong token counts towards the lockout: an unpaired screen retrying is not guessing.
      if (verdict.status === 401 && verdict.reason === 'wrong pairing token') guard.failed(address, scheduler.now());
      return refuse(verdict.status, verdict.reason);
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, address));
  });

  function accept(ws: WebSocket, address: string): void {
    guard.opened(address);
    sockets.add(ws);
    let alive = true;
    const session = new ClientSession({
      api: options.api,
      scheduler,
      rateLimitPerS: options.rateLimitPerS,
      send: (message: ServerMessage) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
      backlogBytes: () => ws.bufferedAmount,
      onViolation: (reason) => ws.close(CLOSE_POLICY, reason.slice(0, 120)),
      onUnexpectedError: options.onUnexpectedError,
    });
    const pings = interval(PING_INTERVAL_MS, scheduler).subscribe(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    });
    ws.on('pong', () => { alive = true; });
    ws.on('message', (data, isBinary) => {
      if (isBinary) session.receive({ binary: true });
      else session.receive(data.toString());
    });
    // Oversized frames and protocol errors land here; ws then closes the socket itself.
    ws.on('error', () => undefined);
    ws.on('close', () => {
      pings.unsubscribe();
      session.close();
      sockets.delete(ws);
      guard.closed(address);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ApiServerError(`cannot listen on ${options.host}:${options.port}: ${error.message}`, { cause: error })));
    server.listen(options.port, options.host, () => resolve());
  });
  server.on('error', options.onUnexpectedError);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  policy.allowedHosts = allowedHostsFor(options.host, port);
  policy.allowedOrigins = allowedOriginsFor(policy.allowedHosts);
  const urlHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}/`;

  let stopping: Promise<void> | null = null;
  return {
    url,
    port,
    pairingToken,
    get clientCount() {
      return sockets.size;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        for (const ws of sockets) ws.close(CLOSE_GOING_AWAY, 'server stopping');
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const ws of sockets) ws.terminate();
      });
      return stopping;
    },
  };
}
