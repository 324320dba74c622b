import { serverMessageSchema, WS_PATH, WS_SUBPROTOCOL, WS_TOKEN_PREFIX, type ServerMessage } from '../core/api/protocol.js';
import type { Transport, TransportStatus } from './transport.js';

const RETRY_MS = [250, 500, 1000, 2000, 5000];

/**
 * The browser kiosk's transport: a WebSocket to the page's own origin (`/ws`), the pairing token (if
 * any) as a second subprotocol entry, reconnecting with back-off. A socket that closes before it ever
 * opened was refused (the browser hides the HTTP status): reported as `refused` once paired attempts fail.
 */
export function createWsTransport(location: { protocol: string; host: string }, token: string | null): Transport {
  const messageListeners: ((message: ServerMessage) => void)[] = [];
  const statusListeners: ((status: TransportStatus) => void)[] = [];
  const outbox: string[] = [];
  let socket: WebSocket | null = null;
  let attempt = 0;
  let closed = false;
  const emitStatus = (status: TransportStatus) => statusListeners.forEach((listener) => listener(status));

  function connect(): void {
    emitStatus({ state: 'connecting' });
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const protocols = token ? [WS_SUBPROTOCOL, `${WS_TOKEN_PREFIX}${token}`] : [WS_SUBPROTOCOL];
    const ws = (socket = new WebSocket(`${scheme}//${location.host}${WS_PATH}`, protocols));
    let opened = false;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      // Queued messages first: ids must reach the server in increasing order.
      for (const text of outbox.splice(0)) ws.send(text);
      emitStatus({ state: 'open' });
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let value: unknown;
      try {
        value = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = serverMessageSchema.safeParse(value);
      if (parsed.success) messageListeners.forEach((listener) => listener(parsed.data));
    };
    const retry = (reason: string) => {
      emitStatus({ state: 'closed', reason });
      const delayMs = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
      attempt += 1;
      window.setTimeout(connect, delayMs);
    };
    ws.onclose = (event) => {
      socket = null;
      if (closed) return;
      if (opened || attempt < 2) return retry(event.reason || `connection lost (${event.code})`);
      // Never opened, again: the browser hides the HTTP status, so ask the page's server whether it
      // is up. Up means the WebSocket was refused (pairing): wait for the pairing form, which reloads
      // the page, instead of hammering. Down means it is restarting: keep retrying.
      fetch(`${location.protocol}//${location.host}/`, { method: 'HEAD', cache: 'no-store' }).then(
        (response) => {
          if (response.ok) emitStatus({ state: 'refused', reason: token ? 'the pairing code was not accepted' : 'this screen is not paired' });
          else retry(`the server answered ${response.status}`);
        },
        () => retry('the server is not reachable'),
      );
    };
  }

  connect();
  return {
    kind: 'websocket',
    send(message) {
      const text = JSON.stringify(message);
      if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      else if (outbox.length < 64) outbox.push(text);
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onStatus: (listener) => void statusListeners.push(listener),
    close() {
      closed = true;
      socket?.close(1000);
    },
  };
}
