/**
 * A device reply, read as python-miio's client reads it (miioprotocol.py `send`):
 * - an `error` key, whatever its value (`"error": null` too), is a device error; the text sits in
 *   `error.message`, `error.error` (python-miio's push server), or is `error` itself when a string;
 *   the code in `error.code`, else a top-level `code`, else -1;
 * - otherwise `result` when the key is there (even `null`);
 * - otherwise the whole reply, `id` included, as python-miio 0.5.0.1 returns it (some firmwares and
 *   python-miio's simulators answer `miIO.info` that way; test/interop/miio-reply-shapes.test.ts).
 * The id must be an integer (or its decimal string): replies are matched by it.
 */
export type MiioReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: number; message: string };

/** The longest device error text kept; a hostile device must not fill logs. */
const MAX_MESSAGE_CHARS = 500;

/** undefined when the value is not an object with an integer id (not a reply we can match). */
export function parseReply(value: unknown): MiioReply | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' && /^\d{1,15}$/.test(record.id) ? Number(record.id) : record.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined;
  if ('error' in record) {
    const error = record.error;
    const inner = typeof error === 'object' && error !== null && !Array.isArray(error) ? (error as Record<string, unknown>) : undefined;
    const code = typeof inner?.code === 'number' && Number.isFinite(inner.code) ? inner.code
      : typeof record.code === 'number' && Number.isFinite(record.code) ? record.code
        : -1;
    return { id, ok: false, code, message: errorText(inner, error) };
  }
  if ('result' in record) return { id, ok: true, result: record.result };
  return { id, ok: true, result: record };
}

function errorText(inner: Record<string, unknown> | undefined, error: unknown): string {
  let text: string;
  if (typeof inner?.message === 'string') text = inner.message;
  else if (typeof inner?.error === 'string') text = inner.error;
  else if (typeof error === 'string') text = error;
  else if (inner !== undefined && 'message' in inner) text = safeJson(inner.message);
  else text = error === null ? 'error: null' : safeJson(error);
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return 'unknown error';
  }
}
