import type { MiioCaller } from './client.js';
import { MiioPayloadError } from './errors.js';

/** Xiaomi's MIoT per-item codes (MCU SDK operation_code.h; -4000 seen from real devices). */
export const MIOT_CODES: Readonly<Record<number, string>> = {
  0: 'ok',
  1: 'accepted, not finished',
  [-4000]: 'device refused the operation',
  [-4001]: 'property not readable',
  [-4002]: 'property not writable',
  [-4003]: 'property, action or event does not exist',
  [-4004]: 'internal error',
  [-4005]: 'invalid value',
  [-4006]: 'invalid action in-parameters',
  [-4007]: 'invalid did',
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
  // Devices answer {code, out}; python's simulator answers ["ok"].
  const record = Array.isArray(result) ? { code: 0, out: result } : (result as Record<string, unknown> | null);
  if (typeof record !== 'object' || record === null) throw new MiioPayloadError(0, 'action reply is not an object');
  const code = typeof record.code === 'number' ? record.code : 0;
  const out = Array.isArray(record.out) ? record.out : [];
  return { siid, aiid, code, ok: code === 0 || code === 1, out, ...(code === 0 ? {} : { error: describeMiotCode(code) }) };
}

/** The python-miio probe: a MIoT device answers get_properties for siid 1/piid 1; a miIO device errors. */
export async function supportsMiot(client: MiioCaller): Promise<boolean> {
  try {
    await client.send('get_properties', [{ did: 'dummy', siid: 1, piid: 1 }]);
    return true;
  } catch (error) {
    if (error instanceof Error && 'deviceCode' in error) return false;
    throw error;
  }
}

async function callChunked(
  client: MiioCaller,
  method: string,
  params: Array<{ did: string; siid: number; piid: number }>,
  chunkSize = 15,
): Promise<MiotPropertyResult[]> {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new MiioPayloadError(0, 'chunkSize must be a positive integer');
  const results: MiotPropertyResult[] = [];
  for (let start = 0; start < params.length; start += chunkSize) {
    const chunk = params.slice(start, start + chunkSize);
    const reply = await client.send(method, chunk);
    // python-miio's simulator answers set_properties with a bare 0: treat as all accepted.
    const items = Array.isArray(reply) ? reply : chunk.map(() => ({ code: typeof reply === 'number' ? reply : 0 }));
    chunk.forEach((request, index) => results.push(toResult(request, matchItem(items, request, index))));
  }
  return results;
}

/** Prefer the item with the same did/siid/piid; fall back to position (devices echo in order). */
function matchItem(items: unknown[], request: { did: string; siid: number; piid: number }, index: number): Record<string, unknown> | undefined {
  const records = items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
  return (
    records.find((i) => i.did === request.did && i.siid === request.siid && i.piid === request.piid) ??
    records.find((i) => i.did === undefined && i.siid === request.siid && i.piid === request.piid) ??
    (typeof items[index] === 'object' && items[index] !== null ? (items[index] as Record<string, unknown>) : undefined)
  );
}

function toResult(request: { did: string; siid: number; piid: number }, item: Record<string, unknown> | undefined): MiotPropertyResult {
  const { did, siid, piid } = request;
  if (!item) return { did, siid, piid, code: -4004, ok: false, error: 'no result for this item in the reply' };
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
