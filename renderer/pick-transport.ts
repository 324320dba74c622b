import { createIpcTransport } from './ipc-transport.js';
import type { HomewardBridge, Transport } from './transport.js';
import { createWsTransport } from './ws-transport.js';

const TOKEN_KEY = 'homeward.pairing';

/** The pairing code from the URL's fragment (`#pair=…`, never sent to a server) or this tab's storage. */
export function pairingToken(): string | null {
  const match = /(?:^#|&)pair=([A-Za-z0-9_-]{16,128})/.exec(window.location.hash);
  if (match) {
    window.sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return window.sessionStorage.getItem(TOKEN_KEY);
}

export function savePairingToken(token: string): void {
  window.sessionStorage.setItem(TOKEN_KEY, token.trim());
}

/** Electron's preload bridge when the shell provides one, else a WebSocket to this page's server. */
export function pickTransport(): Transport {
  const bridge = (window as unknown as { homeward?: HomewardBridge }).homeward;
  if (bridge && bridge.kind === 'electron') return createIpcTransport(bridge);
  return createWsTransport(window.location, pairingToken());
}
