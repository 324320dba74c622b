/**
 * Encoding, the inverse of decoding, as cantools' `Message.encode`: the given multiplexer values
 * choose the branch, physical values become raw (Python's round, ties to even), strict mode
 * checks the signal set and the ranges. Not a hot path: it stays plain and BigInt-based.
 */
import { EncodeError } from './errors.js';
import type { Message, RawInt, Signal } from './model.js';
import { layoutOf, writeBits, type BitLayout } from './codec-layout.js';
import { formatOr, normalizeInt, roundHalfEven, scaleInt, toNumber } from './codec-numbers.js';
import { conversionOf } from './conversion.js';
import type { CodecNode } from './codec-tree.js';
import type { EncodeOptions, SignalValue } from './codec-types.js';

type Values = Readonly<Record<string, SignalValue>>;

export type EncodeFn = (values: Values, options?: EncodeOptions) => Uint8Array;

export function createEncoder(message: Message, root: CodecNode): EncodeFn {
  const layouts = new Map<Signal, BitLayout>();
  const where = (signal: Signal): string => `signal "${signal.name}" in message "${message.name}"`;

  const choiceNumber = (signal: Signal, name: string): RawInt => {
    for (const [raw, choice] of signal.choices ?? []) if (choice === name) return typeof raw === 'bigint' ? normalizeInt(raw) : raw;
    throw new EncodeError(`Invalid value specified for signal "${signal.name}": "${name}"`);
  };

  /** cantools' `_get_mux_number`: a choice name's number, else int() of the value. */
  const muxNumber = (signal: Signal, value: SignalValue): RawInt => {
    if (typeof value === 'string') return choiceNumber(signal, value);
    if (typeof value === 'bigint') return normalizeInt(value);
    if (!Number.isFinite(value)) throw new EncodeError(`${where(signal)}: cannot select a branch with ${value}`);
    return Math.trunc(value) + 0;
  };

  const gather = (node: CodecNode, values: Values, into: Signal[]): Signal[] => {
    for (const signal of node.signals) {
      if (!Object.hasOwn(values, signal.name) || values[signal.name] === undefined) {
        throw new EncodeError(`The signal "${signal.name}" is required for encoding.`);
      }
      into.push(signal);
    }
    for (const [muxName, branches] of node.multiplexers) {
      const value = values[muxName];
      const key = muxNumber(node.signals.find((signal) => signal.name === muxName) as Signal, value);
      const branch = typeof key === 'number' ? branches.get(key) : undefined;
      if (branch === undefined) {
        throw new EncodeError(`A valid value for the multiplexer selector signal "${muxName}" is required: ` +
          `Expected one of {${formatOr([...branches.keys()].sort((a, b) => a - b))}}, but got ${String(value)}`);
      }
      gather(branch, values, into);
    }
    return into;
  };

  const roundOrThrow = (signal: Signal, x: number): RawInt => {
    const rounded = roundHalfEven(x);
    if (rounded === null) throw new EncodeError(`${where(signal)}: cannot encode ${x}`);
    return rounded;
  };

  /** cantools' `numeric_scaled_to_raw` (scaling) or the raw value as given. */
  const toRaw = (signal: Signal, value: number | bigint, scaling: boolean): RawInt => {
    if (!scaling || conversionOf(signal) === 'identity') {
      if (signal.isFloat) return toNumber(value);
      return typeof value === 'bigint' ? normalizeInt(value) : roundOrThrow(signal, value);
    }
    if (signal.scale === 0) throw new EncodeError(`${where(signal)}: a factor of 0 cannot be inverted`);
    if (conversionOf(signal) === 'integer' && (typeof value === 'bigint' || Number.isInteger(value))) {
      // Integer arithmetic avoids a loss of precision, as cantools' divmod does.
      const difference = BigInt(value) - BigInt(signal.offset);
      const scale = BigInt(signal.scale);
      if (difference % scale === 0n) return normalizeInt(difference / scale);
      return roundOrThrow(signal, Number(difference) / signal.scale);
    }
    const raw = (toNumber(value) - signal.offset) / signal.scale;
    return signal.isFloat ? raw : roundOrThrow(signal, raw);
  };

  const checkRange = (signal: Signal, value: number | bigint, raw: RawInt, scaling: boolean): void => {
    if (signal.choices?.has(raw) || (typeof raw === 'number' && signal.choices?.has(BigInt(raw)))) return;
    let scaled: number;
    if (scaling) scaled = toNumber(value);
    else if (conversionOf(signal) === 'integer') scaled = toNumber(scaleInt(raw, signal.scale, signal.offset));
    else scaled = toNumber(raw) * signal.scale + signal.offset;
    const tolerance = Math.abs(signal.scale) * 1e-6;
    if (signal.minimum !== null && scaled < signal.minimum - tolerance) {
      throw new EncodeError(`Expected signal "${signal.name}" value greater than or equal to ${signal.minimum} ` +
        `in message "${message.name}", but got ${scaled}.`);
    }
    if (signal.maximum !== null && scaled > signal.maximum + tolerance) {
      throw new EncodeError(`Expected signal "${signal.name}" value smaller than or equal to ${signal.maximum} ` +
        `in message "${message.name}", but got ${scaled}.`);
    }
  };

  const write = (payload: Uint8Array, signal: Signal, raw: RawInt): void => {
    let layout = layouts.get(signal);
    if (layout === undefined) {
      layout = layoutOf(message, signal);
      layouts.set(signal, layout);
    }
    if (layout.bytesNeeded > payload.length) {
      throw new EncodeError(`${where(signal)}: the signal does not fit in ${payload.length} bytes`);
    }
    if (signal.isFloat) {
      const view = new DataView(new ArrayBuffer(8));
      if (signal.length === 32) view.setFloat32(0, toNumber(raw));
      else view.setFloat64(0, toNumber(raw));
      const bits = signal.length === 32 ? BigInt(view.getUint32(0)) : view.getBigUint64(0);
      writeBits(payload, layout, bits);
      return;
    }
    const value = BigInt(raw);
    const bits = BigInt(signal.length);
    const [low, high] = signal.isSigned ? [-(1n << (bits - 1n)), 1n << (bits - 1n)] : [0n, 1n << bits];
    if (value < low || value >= high) {
      throw new EncodeError(`${where(signal)}: raw value ${value} does not fit in ${signal.length} bits ` +
        `(${signal.isSigned ? 'signed' : 'unsigned'})`);
    }
    writeBits(payload, layout, BigInt.asUintN(signal.length, value));
  };

  return (values, options) => {
    const scaling = options?.scaling ?? true;
    const strict = options?.strict ?? true;
    const used = gather(root, values, []);
    if (strict) {
      const usedNames = new Set(used.map((signal) => signal.name));
      const extra = Object.keys(values).filter((name) => !usedNames.has(name));
      if (extra.length > 0) {
        throw new EncodeError(`The following signals were specified but are not required to encode the message: ${extra.join(', ')}`);
      }
    }
    const payload = new Uint8Array(message.length);
    for (const signal of used) {
      const value = values[signal.name];
      const raw = typeof value === 'string' ? choiceNumber(signal, value) : toRaw(signal, value, scaling);
      if (strict && typeof value !== 'string') checkRange(signal, value, raw, scaling);
      write(payload, signal, raw);
    }
    return payload;
  };
}
