import type { ClientMessage, ServerMessage } from '../core/api/protocol.js';

/**
 * Messages between the Electron main process and the core's utility process (both ours; the
 * renderer's input is validated in main before it gets here, and again by the core's ClientSession).
 */
export type ToCore =
  /** First message: the store's key from safeStorage (hex), or null for the store's key file. */
  | { kind: 'start'; storeKeyHex: string | null }
  | { kind: 'request'; message: ClientMessage }
  | { kind: 'stop' };
export type FromCore =
  | { kind: 'ready' }
  | { kind: 'server'; message: ServerMessage }
  /** The core could not start (bad config, port in use): main shows it and does not loop. */
  | { kind: 'fatal'; code: string; message: string };
