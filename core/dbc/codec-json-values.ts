/**
 * What the generated JSON writers (codec-generate.ts) call to print a value into a byte block:
 * the same text JSON.stringify gives a decoded signal (numbers as JS prints them, NaN and ±Infinity
 * as null, bigints as quoted decimals, VAL_ names as JSON strings), each written byte by byte.
 */
import type { SignalValue } from './codec-types.js';
import type { Signal } from './model.js';

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/** The digits of 0…999: most raw CAN values are small. */
const SMALL_DIGITS = Array.from({ length: 1000 }, (_, i) => utf8(String(i)));
/** A cache of number texts is cleared when it reaches this size (values of a log repeat). */
const MAX_CACHED = 4096;
/** The longest JSON number text of a double: `-1.2345678901234567e+308`. */
const MAX_DOUBLE_BYTES = 24;

/** A safe integer below 1e15 in decimal (−0 as 0, as JSON writes it). */
export function writeInteger(block: Uint8Array, at: number, value: number): number {
  if (value >= 0 && value < 1000) {
    const digits = SMALL_DIGITS[value];
    block[at] = digits[0];
    if (digits.length === 1) return at + 1;
    block[at + 1] = digits[1];
    if (digits.length === 2) return at + 2;
    block[at + 2] = digits[2];
    return at + 3;
  }
  let v = value;
  if (v < 0) {
    block[at++] = 0x2d;
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  let i = at + digits;
  while (v >= 10) {
    const q = Math.floor(v / 10);
    block[--i] = 0x30 + (v - q * 10);
    v = q;
  }
  block[--i] = 0x30 + v;
  return at + digits;
}

/** Copies a short piece: for a few bytes a loop beats TypedArray#set's call. */
export function writeBytes(block: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = 0; i < n; i++) block[at + i] = bytes[i];
  return at + n;
}

/** JSON's text of a number as bytes: shortest round-trip digits, null when not finite. */
export function numberBytes(value: number): Uint8Array {
  return utf8(Number.isFinite(value) ? `${value}` : 'null');
}

const doubles = new Map<number, Uint8Array>();
const strings = new Map<string, Uint8Array>();

function cached<K>(cache: Map<K, Uint8Array>, key: K, make: (key: K) => Uint8Array): Uint8Array {
  let bytes = cache.get(key);
  if (bytes === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    bytes = make(key);
    cache.set(key, bytes);
  }
  return bytes;
}

/** Any decoded value. */
export function writeValue(block: Uint8Array, at: number, value: SignalValue): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value > -1e15 && value < 1e15) return writeInteger(block, at, value);
    return writeBytes(block, at, cached(doubles, value, numberBytes));
  }
  if (typeof value === 'bigint') return writeBytes(block, at, utf8(`"${value}"`));
  return writeBytes(block, at, cached(strings, value, (text) => utf8(JSON.stringify(text))));
}

/** A value's text, remembered in `table` under its raw value (an index, for short signals). */
export function fillTable(table: (Uint8Array | undefined)[], index: number, value: number): Uint8Array {
  return (table[index] = numberBytes(value));
}

export function fillMap(table: Map<number, Uint8Array>, raw: number, value: number): Uint8Array {
  if (table.size >= MAX_CACHED) table.clear();
  const bytes = numberBytes(value);
  table.set(raw, bytes);
  return bytes;
}

/**
 * An upper bound of a signal's value text: a double, or for integer signals a bigint as a quoted
 * decimal, whose digits 2^length × |scale| + |offset| bounds; or its longest VAL_ name.
 */
export function maxValueBytes(signal: Signal, decodeChoices: boolean): number {
  const digits = Math.log10(2) * signal.length + Math.log10(Math.max(1, Math.abs(signal.scale)));
  const offsetDigits = Math.log10(Math.max(1, Math.abs(signal.offset)));
  let max = Math.max(MAX_DOUBLE_BYTES + 2, Math.min(400, Math.ceil(Math.max(digits, offsetDigits)) + 5));
  if (decodeChoices) for (const name of signal.choices?.values() ?? []) max = Math.max(max, Buffer.byteLength(JSON.stringify(name)));
  return max;
}

/** What the generated writers call, by the short names their source uses. */
export const jsonValueWriters = { wi: writeInteger, wb: writeBytes, wv: writeValue, fillTable, fillMap };
