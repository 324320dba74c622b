/**
 * Number conversions as cantools does them: `num()` (int first, then float) for scaling and
 * ranges, `int()` for raw values, `int(Decimal(…))` for attribute values.
 */
import type { RawInt } from './model.js';

export interface ParsedNum {
  value: number;
  /** True when the text is an integer literal (Python's `int()` accepts it). */
  isIntegerText: boolean;
}

/** cantools' `num()`: NUMBER tokens are valid JS numeric literals once a leading '+' is allowed. */
export function parseNum(text: string): ParsedNum {
  return { value: Number(text), isIntegerText: /^[-+]?\d+$/.test(text) };
}

/** An integer literal as a RawInt: a number within ±(2^53−1), else an exact bigint. */
export function parseRawInt(text: string): RawInt {
  const value = Number(text);
  if (Number.isSafeInteger(value)) return value === 0 ? 0 : value;
  return BigInt(text.startsWith('+') ? text.slice(1) : text);
}

const DECIMAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Python's `Decimal(text)` for plain decimal literals, as a double; null when it is not one. */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text.trim()) : null;
}
