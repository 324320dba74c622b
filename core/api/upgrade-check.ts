import { timingSafeEqual } from 'node:crypto';
import { WS_PATH, WS_SUBPROTOCOL, WS_TOKEN_PREFIX } from './protocol.js';

export interface UpgradePolicy {
  allowedHosts: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
  /** null: no pairing needed (loopback without a token). */
  pairingToken: string | null;
}

export interface UpgradeRequest {
  url: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  protocols: string | undefined;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/**
 * Decides a WebSocket upgrade: path, exact Host and Origin (no substrings, no wildcards), our
 * subprotocol, and the pairing token carried as a second subprotocol entry.
 */
export function checkUpgrade(request: UpgradeRequest, policy: UpgradePolicy): UpgradeVerdict {
  const pathname = (request.url ?? '').split('?')[0];
  if (pathname !== WS_PATH) return { ok: false, status: 404, reason: `no WebSocket at ${pathname.slice(0, 64)}` };
  if (!request.host || !policy.allowedHosts.has(request.host.toLowerCase())) return { ok: false, status: 403, reason: 'Host not allowed' };
  if (!request.origin || !policy.allowedOrigins.has(request.origin.toLowerCase())) return { ok: false, status: 403, reason: 'Origin not allowed' };
  const offered = (request.protocols ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (!offered.includes(WS_SUBPROTOCOL)) return { ok: false, status: 400, reason: `subprotocol ${WS_SUBPROTOCOL} required` };
  if (policy.pairingToken === null) return { ok: true };
  const presented = offered.find((entry) => entry.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
  if (presented === undefined) return { ok: false, status: 401, reason: 'pairing token required' };
  if (!sameSecret(presented, policy.pairingToken)) return { ok: false, status: 401, reason: 'wrong pairing token' };
  return { ok: true };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
