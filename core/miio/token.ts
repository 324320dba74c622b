import { inspect } from 'node:util';
import { MiioTokenFormatError } from './errors.js';

const REDACTED = '[token redacted]';

/** Bytes live outside the object, so spreading, JSON, inspect or structuredClone of a token shows nothing. */
const secrets = new WeakMap<object, Buffer>();

class RedactedToken {
  declare readonly __brand: 'MiioToken';

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  get [Symbol.toStringTag](): string {
    return REDACTED;
  }
}

/** The 16-byte device token. Prints as `[token redacted]` everywhere; read the bytes with tokenBytes(). */
export type MiioToken = RedactedToken;

/** Parses 32 hex characters (surrounding whitespace allowed). Errors never echo the value. */
export function parseToken(hex: string): MiioToken {
  if (typeof hex !== 'string') throw new MiioTokenFormatError('not a string');
  const text = hex.trim();
  if (text.length !== 32) throw new MiioTokenFormatError(`${text.length} characters`);
  if (!/^[0-9a-fA-F]{32}$/.test(text)) throw new MiioTokenFormatError('non-hex characters');
  return tokenFromBytes(Buffer.from(text, 'hex'));
}

/** Wraps 16 raw bytes (e.g. a token revealed in a hello reply). */
export function tokenFromBytes(bytes: Uint8Array): MiioToken {
  if (bytes.length !== 16) throw new MiioTokenFormatError(`${bytes.length} bytes instead of 16`);
  const token = Object.freeze(new RedactedToken());
  secrets.set(token, Buffer.from(bytes));
  return token;
}

export function isMiioToken(value: unknown): value is MiioToken {
  return typeof value === 'object' && value !== null && secrets.has(value);
}

/** A copy of the 16 token bytes, for the codec only. Never log it. */
export function tokenBytes(token: MiioToken): Buffer {
  const bytes = secrets.get(token);
  if (!bytes) throw new MiioTokenFormatError('not a MiioToken');
  return Buffer.from(bytes);
}

/** The hex form, for the one place that must show it (the CLI printing a token a hello revealed). */
export function revealTokenHex(token: MiioToken): string {
  return tokenBytes(token).toString('hex');
}
