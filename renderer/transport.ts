import type { ClientMessage, ServerMessage } from '../core/api/protocol.js';

export type TransportStatus =
  | { state: 'connecting' }
  | { state: 'open' }
  /** Lost; the transport retries by itself. */
  | { state: 'closed'; reason: string }
  /** The server refused us before opening (no or wrong pairing token, foreign origin). */
  | { state: 'refused'; reason: string };

/**
 * The one way the page talks to the core, over Electron IPC or a WebSocket; the rest of the page
 * cannot tell which. Incoming messages are already validated against the protocol's schema.
 */
export interface Transport {
  readonly kind: 'ipc' | 'websocket';
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): void;
  onStatus(listener: (status: TransportStatus) => void): void;
  close(): void;
}

/**
 * What the Electron preload exposes as `window.homeward` (one frozen object): one method per request
 * method, each taking the request id and params and resolving with the core's response message, and
 * one listener each for pushed updates and resyncs. Values arrive unvalidated: the page checks them.
 */
export interface HomewardBridge {
  readonly kind: 'electron';
  readonly methods: readonly string[];
  readonly request: Readonly<Record<string, (id: number, params: unknown) => Promise<unknown>>>;
  onPush(listener: (message: unknown) => void): void;
}
