/**
 * How `homeward decode` prints decoded signals: cantools' single-line text
 * (` Message(sig: value unit, …)`, values as Python prints them) and the JSON form of the corpus
 * (integers beyond ±(2^53−1) as decimal strings).
 */
import type { DecodedSignals, SignalValue } from '../dbc/codec.js';
import type { Message, Signal } from '../dbc/model.js';

/** Python's repr() of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without digits gives the shortest digits that round-trip, as repr() does.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${frac}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intDigits = exponent + 1;
  if (digits.length <= intDigits) return `${sign}${digits.padEnd(intDigits, '0')}.0`;
  return `${sign}${digits.slice(0, intDigits)}.${digits.slice(intDigits)}`;
}

/** cantools returns a float for float signals and for scaling that is not integer arithmetic. */
function isPythonFloat(signal: Signal): boolean {
  return signal.isFloat || signal.conversion === 'linear';
}

/** One value as cantools' `format_signals` prints it (a VAL_ name bare, a number with its unit). */
export function formatSignalText(signal: Signal, value: SignalValue): string {
  if (typeof value === 'string') return `${signal.name}: ${value}`;
  const text = typeof value === 'bigint' ? value.toString() : isPythonFloat(signal) ? formatPythonFloat(value) : String(value);
  return signal.unit === null ? `${signal.name}: ${text}` : `${signal.name}: ${text} ${signal.unit}`;
}

/** cantools' `start_bit()`: a Motorola signal's MSB renumbered so that sorting goes byte by byte. */
function startBitKey(signal: Signal): number {
  if (signal.byteOrder === 'little_endian') return signal.startBit;
  return 8 * Math.floor(signal.startBit / 8) + (7 - (signal.startBit % 8));
}

const sortedSignals = new WeakMap<Message, Signal[]>();

/** A message's signals in cantools' order: its loader sorts them by start bit (a stable sort). */
function signalsByStartBit(message: Message): Signal[] {
  let signals = sortedSignals.get(message);
  if (signals === undefined) {
    signals = [...message.signals].sort((a, b) => startBitKey(a) - startBitKey(b));
    sortedSignals.set(message, signals);
  }
  return signals;
}

/** ` Name(sig: value unit, …)` in cantools' signal order, as `cantools decode -s` prints it. */
export function formatMessageText(message: Message, decoded: DecodedSignals): string {
  const parts: string[] = [];
  for (const signal of signalsByStartBit(message)) {
    const value = decoded[signal.name];
    if (value !== undefined) parts.push(formatSignalText(signal, value));
  }
  return `${message.name}(${parts.join(', ')})`;
}

export type JsonSignalValue = number | string;

/** Decoded signals for JSON: bigints as decimal strings, key order kept. */
export function toJsonSignals(decoded: DecodedSignals): Record<string, JsonSignalValue> {
  const json: Record<string, JsonSignalValue> = {};
  for (const name of Object.keys(decoded)) {
    const value = decoded[name];
    json[name] = typeof value === 'bigint' ? value.toString() : value;
  }
  return json;
}
