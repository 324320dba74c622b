import type { MiioCaller } from './client.js';
import { MiioDeviceError, MiioOptionsError, MiioPayloadError } from './errors.js';

/** Xiaomi's MIoT per-item codes by name (MCU SDK operation_code.h; -4000 seen from real devices). */
export const MIOT_CODE = {
  ok: 0,
  accepted: 1,
  refused: -4000,
  notReadable: -4001,
  notWritable: -4002,
  notFound: -4003,
  internal: -4004,
  badValue: -4005,
  badActionIn: -4006,
  badDid: -4007,
} as const;

/** Text for each MIoT per-item code. */
export const MIOT_CODES: Readonly<Record<number, string>> = {
  [MIOT_CODE.ok]: 'ok',
  [MIOT_CODE.accepted]: 'accepted, not finished',
  [MIOT_CODE.refused]: 'device refused the operation',
  [MIOT_CODE.notReadable]: 'property not readable',
  [MIOT_CODE.notWritable]: 'property not writable',
  [MIOT_CODE.notFound]: 'property, action or event does not exist',
  [MIOT_CODE.internal]: 'internal error',
  [MIOT_CODE.badValue]: 'invalid value',
  [MIOT_CODE.badActionIn]: 'invalid action in-parameters',
  [MIOT_CODE.badDid]: 'invalid did',
};

export function describeMiotCode(code: number): string {
  return MIOT_CODES[code] ?? `unknown MIoT code ${code}`;
}

export interface MiotPropertyRef {
  /** Echoed back by the device; defaults to "<siid>-<piid>" (python-miio get_property_by). */
  did?: string;
  siid: number;
  piid: number;
}

export interface MiotPropertyResult {
  did: string;
  siid: number;
  piid: number;
  code: number;
  /** code 0 (or 1: accepted) */
  ok: boolean;
  value?: unknown;
  /** Text for a non-zero code. */
  error?: string;
  /** The reply had no item for this request (code is then -4004). */
  missing?: true;
}

export interface MiotActionResult {
  siid: number;
  aiid: number;
  code: number;
  ok: boolean;
  out: unknown[];
  error?: string;
}

/** Reads properties in chunks (default 15, python-miio max_properties; some devices need fewer, #981). */
export async function getProperties(
  client: MiioCaller,
  refs: readonly MiotPropertyRef[],
  options: { chunkSize?: number } = {},
): Promise<MiotPropertyResult[]> {
  const params = refs.map((r) => ({ did: r.did ?? `${r.siid}-${r.piid}`, siid: r.siid, piid: r.piid }));
  return callChunked(client, 'get_properties', params, options.chunkSize);
}

/** Writes properties in chunks; one typed result per item. */
export async function setProperties(
  client: MiioCaller,
  items: ReadonlyArray<MiotPropertyRef & { value: unknown }>,
  options: { chunkSize?: number } = {},
): Promise<MiotPropertyResult[]> {
  const params = items.map((r) => ({ did: r.did ?? `set-${r.siid}-${r.piid}`, siid: r.siid, piid: r.piid, value: r.value }));
  return callChunked(client, 'set_properties', params, options.chunkSize);
}

/** Calls an action; `params` is an object here, not an array (MIoT spec). */
export async function callAction(client: MiioCaller, siid: number, aiid: number, inParams: unknown[] = []): Promise<MiotActionResult> {
  const result = await client.send('action', { did: `call-${siid}-${aiid}`, siid, aiid, in: inParams });
  return { siid, aiid, ...parseActionReply(result) };
}

/** The python-miio probe: a MIoT device answers get_properties for siid 1/piid 1; a miIO device errors. */
export async function supportsMiot(client: MiioCaller): Promise<boolean> {
  try {
    await client.send('get_properties', [{ did: 'dummy', siid: 1, piid: 1 }]);
    return true;
  } catch (error) {
    if (error instanceof MiioDeviceError) return false;
    throw error;
  }
}

async function callChunked(
  client: MiioCaller,
  method: string,
  params: MiotItemRef[],
  chunkSize = 15,
): Promise<MiotPropertyResult[]> {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new MiioOptionsError(`chunkSize must be a positive integer, got ${String(chunkSize)}`);
  const results: MiotPropertyResult[] = [];
  for (let start = 0; start < params.length; start += chunkSize) {
    const chunk = params.slice(start, start + chunkSize);
    results.push(...parseMiotItems(await client.send(method, chunk), chunk));
  }
  return results;
}

/** What a request item says about itself; the device echoes it back. */
export interface MiotItemRef {
  readonly did: string;
  readonly siid: number;
  readonly piid: number;
}

/**
 * One result per asked item of a get_properties / set_properties reply, pure. Items are matched by
 * did/siid/piid, then by did, then siid/piid without did, then position (devices echo in order).
 * A bare number (python-miio's simulator answers set_properties with 0) is that code for every item.
 * An item the reply lacks is code -4004 with `missing: true`.
 */
export function parseMiotItems(reply: unknown, refs: readonly MiotItemRef[]): MiotPropertyResult[] {
  if (typeof reply === 'number') return refs.map((ref) => toResult(ref, { code: reply }));
  const items = Array.isArray(reply) ? (reply as unknown[]) : [];
  return refs.map((ref, index) => toResult(ref, matchItem(items, ref, index)));
}

/** An action reply is `{code, out?}` (§8); a bare array is python-miio's simulator ack (["ok"]), not out-params. */
export function parseActionReply(reply: unknown): Pick<MiotActionResult, 'code' | 'ok' | 'out' | 'error'> {
  if (Array.isArray(reply)) return { code: 0, ok: true, out: [] };
  if (typeof reply !== 'object' || reply === null) throw new MiioPayloadError(0, 'action reply is not an object');
  const record = reply as Record<string, unknown>;
  const code = typeof record.code === 'number' ? record.code : 0;
  const out = Array.isArray(record.out) ? record.out : [];
  return { code, ok: code === 0 || code === 1, out, ...(code === 0 ? {} : { error: describeMiotCode(code) }) };
}

function matchItem(items: readonly unknown[], request: MiotItemRef, index: number): Record<string, unknown> | undefined {
  const records = items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null && !Array.isArray(i));
  const atIndex = items[index];
  return (
    records.find((i) => i.did === request.did && i.siid === request.siid && i.piid === request.piid) ??
    records.find((i) => i.did === request.did) ??
    records.find((i) => i.did === undefined && i.siid === request.siid && i.piid === request.piid) ??
    (typeof atIndex === 'object' && atIndex !== null && !Array.isArray(atIndex) ? (atIndex as Record<string, unknown>) : undefined)
  );
}

function toResult(request: MiotItemRef, item: Record<string, unknown> | undefined): MiotPropertyResult {
  const { did, siid, piid } = request;
  if (!item) return { did, siid, piid, code: MIOT_CODE.internal, ok: false, missing: true, error: 'no result for this item in the reply' };
  const code = typeof item.code === 'number' ? item.code : 0;
  const ok = code === 0 || code === 1;
  return {
    did,
    siid,
    piid,
    code,
    ok,
    ...('value' in item && ok ? { value: item.value } : {}),
    ...(code === 0 ? {} : { error: describeMiotCode(code) }),
  };
}
