import { serverMessageSchema, type ClientMessage, type ServerMessage } from '../core/api/protocol.js';
import type { HomewardBridge, Transport, TransportStatus } from './transport.js';

/**
 * The Electron shell's transport: each request goes through the preload's method of that name; the
 * response and every push are validated here like the WebSocket's (the page trusts no one).
 */
export function createIpcTransport(bridge: HomewardBridge): Transport {
  const messageListeners: ((message: ServerMessage) => void)[] = [];
  const statusListeners: ((status: TransportStatus) => void)[] = [];
  const deliver = (value: unknown) => {
    const parsed = serverMessageSchema.safeParse(value);
    if (parsed.success) messageListeners.forEach((listener) => listener(parsed.data));
  };
  bridge.onPush(deliver);
  queueMicrotask(() => statusListeners.forEach((listener) => listener({ state: 'open' })));
  return {
    kind: 'ipc',
    send(message: ClientMessage) {
      const method = bridge.request[message.method];
      if (!method) {
        deliver({ type: 'response', id: message.id, ok: false, error: { code: 'unknown_method', message: `unknown method '${message.method}'` } });
        return;
      }
      method(message.id, message.params ?? {}).then(deliver, (error: unknown) => {
        deliver({ type: 'response', id: message.id, ok: false, error: { code: 'ipc_failed', message: error instanceof Error ? error.message : String(error) } });
      });
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onStatus: (listener) => void statusListeners.push(listener),
    close: () => undefined,
  };
}
