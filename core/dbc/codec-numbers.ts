/**
 * Number helpers the codec shares: integers stay `number` while they are safe (±(2^53−1)) and
 * become exact `bigint` beyond, as cantools' Python ints would be; rounding is Python's `round`.
 */
import type { RawInt } from './model.js';

const MAX = Number.MAX_SAFE_INTEGER;
const MAX_BIG = BigInt(MAX);
const TWO_POW_32 = 4294967296;

/** A bigint as a number when it is safe, else unchanged. */
export function normalizeInt(value: bigint): RawInt {
  return value >= -MAX_BIG && value <= MAX_BIG ? Number(value) : value;
}

/** Joins a 64-bit value from its low word (unsigned) and high word (signed or unsigned). */
export function joinWide(low: number, high: number): RawInt {
  if (high >= -2097152 && high < 2097152) {
    const value = high * TWO_POW_32 + low;
    if (value >= -MAX && value <= MAX) return value;
  }
  return (BigInt(high) << 32n) | BigInt(low);
}

/** raw * scale + offset with integer factor and offset, exact (cantools' LinearIntegerConversion). */
export function scaleInt(raw: RawInt, scale: number, offset: number): RawInt {
  if (typeof raw === 'number') {
    const product = raw * scale;
    if (product >= -MAX && product <= MAX) {
      const sum = product + offset;
      if (sum >= -MAX && sum <= MAX) return sum;
    }
  }
  return normalizeInt(BigInt(raw) * BigInt(scale) + BigInt(offset));
}

/** A raw integer as the double Python's `float(int)` gives (correctly rounded). */
export function toNumber(value: RawInt): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Python's `round(x)` for a float: to the nearest integer, ties to even; NaN and ±Infinity give null. */
export function roundHalfEven(x: number): RawInt | null {
  if (!Number.isFinite(x)) return null;
  const floor = Math.floor(x);
  const diff = x - floor;
  let rounded = floor;
  if (diff > 0.5 || (diff === 0.5 && floor % 2 !== 0)) rounded = floor + 1;
  // A double beyond 2^53 is already an integer; keep it exact as a bigint.
  return rounded >= -MAX && rounded <= MAX ? rounded + 0 : BigInt(rounded);
}

/** The same choices keyed so that a decoded raw value (number when safe, else bigint) finds them. */
export function normalizeChoices(choices: ReadonlyMap<RawInt, string> | null): Map<RawInt, string> | null {
  if (choices === null || choices.size === 0) return null;
  const normalized = new Map<RawInt, string>();
  for (const [key, name] of choices) {
    normalized.set(typeof key === 'bigint' ? normalizeInt(key) : key, name);
  }
  return normalized;
}

/** Python's `format_or`: "1", "1 or 2", "1, 2 or 3". */
export function formatOr(items: readonly (number | string)[]): string {
  const strings = items.map(String);
  if (strings.length <= 1) return strings.join('');
  return `${strings.slice(0, -1).join(', ')} or ${strings[strings.length - 1]}`;
}
