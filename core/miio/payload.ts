import { MiioPayloadError } from './errors.js';
import { parseLenientJson } from './lenient-json.js';

/**
 * 'python-miio': json.dumps defaults (', ' and ': ', non-ASCII as \uXXXX) plus one NUL, byte-exact with
 * python-miio. 'compact': JSON.stringify, no NUL, like npm miio; the safer default (python-miio #875).
 */
export type PayloadStyle = 'python-miio' | 'compact';

export function encodePayload(value: unknown, options: { style?: PayloadStyle } = {}): Buffer {
  if ((options.style ?? 'compact') === 'compact') {
    // Fast path without a replacer; only a BigInt (throws) or a non-finite number (becomes "null")
    // needs the checking pass, and "null" is rare in requests.
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      text = undefined;
    }
    if (text === undefined || text.includes('null')) text = JSON.stringify(value, rejectNonFinite);
    if (text === undefined) throw new MiioPayloadError(0, 'value is not JSON-serialisable');
    return Buffer.from(text, 'utf8');
  }
  const text = pythonDumps(value);
  // ASCII only (ensure_ascii), so one byte a character, plus the NUL.
  const out = Buffer.allocUnsafe(text.length + 1);
  out.write(text, 0, 'latin1');
  out[text.length] = 0;
  return out;
}

/**
 * Decrypted payload → JSON value, tolerant of firmware quirks: trailing NULs, garbage after a NUL,
 * stray control characters, `,,`, `[,,]`, `"result":,`, leading zeros. Throws MiioPayloadError when hopeless.
 */
export function decodePayload(buf: Buffer): unknown {
  // Python rstrips NULs; a NUL inside is where a device's buffer ended and garbage began.
  const nul = buf.indexOf(0);
  let text = buf.toString('utf8', 0, nul >= 0 ? nul : buf.length);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.trim();
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
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ', ') + (item === undefined ? 'null' : pythonDumps(item));
    }
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const toJSON = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') return pythonDumps(toJSON.call(value));
    const record = value as Record<string, unknown>;
    let out = '{';
    for (const key of Object.keys(record)) {
      const member = record[key];
      if (member === undefined || typeof member === 'function') continue;
      out += `${out.length === 1 ? '' : ', '}${asciiString(key)}: ${pythonDumps(member)}`;
    }
    return `${out}}`;
  }
  throw new MiioPayloadError(0, `cannot serialise a ${typeof value}`);
}

/** Python's ensure_ascii: everything outside printable ASCII as \uXXXX (lowercase, UTF-16 units). */
function asciiString(text: string): string {
  const json = JSON.stringify(text);
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

const NON_ASCII = /[^\x20-\x7e]/;
const NON_ASCII_ALL = /[^\x20-\x7e]/g;
