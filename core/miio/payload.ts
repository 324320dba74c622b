import { MiioPayloadError } from './errors.js';
import { parseLenientJson } from './lenient-json.js';

/**
 * 'python-miio': json.dumps defaults (', ' and ': ', non-ASCII as \uXXXX) plus one NUL, byte-exact with
 * python-miio. 'compact': JSON.stringify, no NUL, like npm miio; the safer default (python-miio #875).
 */
export type PayloadStyle = 'python-miio' | 'compact';

export function encodePayload(value: unknown, options: { style?: PayloadStyle } = {}): Buffer {
  if ((options.style ?? 'compact') === 'compact') {
    const text = JSON.stringify(value, rejectNonFinite);
    if (text === undefined) throw new MiioPayloadError(0, 'value is not JSON-serialisable');
    return Buffer.from(text, 'utf8');
  }
  return Buffer.concat([Buffer.from(pythonDumps(value), 'ascii'), Buffer.from([0])]);
}

/**
 * Decrypted payload → JSON value, tolerant of firmware quirks: trailing NULs, garbage after a NUL,
 * stray control characters, `,,`, `[,,]`, `"result":,`, leading zeros. Throws MiioPayloadError when hopeless.
 */
export function decodePayload(buf: Buffer): unknown {
  let text = buf.toString('utf8');
  // Python rstrips NULs; a NUL inside is where a device's buffer ended and garbage began.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) text = text.slice(0, nul);
  text = text.replace(/^\uFEFF/, '').trim();
  if (text.length === 0) throw new MiioPayloadError(0, 'empty payload');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return parseLenientJson(text);
  }
}

function rejectNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new MiioPayloadError(0, 'non-finite number');
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function pythonDumps(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MiioPayloadError(0, 'non-finite number');
    return JSON.stringify(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return asciiString(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : pythonDumps(item))).join(', ')}]`;
  if (typeof value === 'object') {
    const toJSON = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') return pythonDumps(toJSON.call(value));
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .map(([k, v]) => `${asciiString(k)}: ${pythonDumps(v)}`);
    return `{${members.join(', ')}}`;
  }
  throw new MiioPayloadError(0, `cannot serialise a ${typeof value}`);
}

/** Python's ensure_ascii: everything outside printable ASCII as \uXXXX (lowercase, UTF-16 units). */
function asciiString(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
