/**
 * Decoded signals as the corpus' expected JSON writes them: numbers stay numbers, integers beyond
 * ±(2^53−1) become decimal strings, VAL_ names stay strings. Key order is kept.
 */
import type { DecodedSignals, SignalValue } from '../../core/dbc/codec.js';

export type JsonSignals = Record<string, number | string>;

export function toJsonSignals(decoded: DecodedSignals): JsonSignals {
  const json: JsonSignals = {};
  for (const name of Object.keys(decoded)) {
    const value: SignalValue = decoded[name];
    json[name] = typeof value === 'bigint' ? value.toString() : value;
  }
  return json;
}
