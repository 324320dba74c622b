/**
 * Compiles a message's multiplexer tree into one straight-line decode function: byte offsets,
 * shifts and masks are constants, signals up to 32 bits are read with int32 ops, up to 53 bits
 * with two words joined in double arithmetic, and only longer ones may produce a BigInt.
 *
 * The source is built from validated integers, numbers that `numberLiteral` checked, and names
 * escaped with JSON.stringify; nothing else from the model reaches it.
 */
import { DecodeError } from './errors.js';
import type { Message, RawInt, Signal } from './model.js';
import { byteIndex, layoutOf, type BitLayout } from './codec-layout.js';
import { formatOr, joinWide, normalizeChoices, scaleInt, toNumber } from './codec-numbers.js';
import { conversionOf } from './conversion.js';
import type { CodecNode } from './codec-tree.js';
import type { DecodedSignals } from './codec-types.js';

export interface DecoderVariant {
  decodeChoices: boolean;
  scaling: boolean;
  /** Check each signal against the frame length and leave out those that do not fit. */
  truncated: boolean;
}

/** Decodes one frame; `lenient` skips undefined multiplexer values instead of raising. */
export type DecodeFn = (data: Uint8Array, lenient: boolean) => DecodedSignals;

const MAX = Number.MAX_SAFE_INTEGER;
const scratch = new ArrayBuffer(8);
const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What generated code may call: bit-to-float views, wide joins, exact integer scaling, errors. */
const helpers = {
  U32: new Uint32Array(scratch),
  F32: new Float32Array(scratch),
  F64: new Float64Array(scratch),
  joinWide,
  scaleInt,
  toNumber,
  muxError(ids: readonly number[], got: RawInt): DecodeError {
    return new DecodeError(`expected multiplexer id ${formatOr(ids)}, but got ${got}`);
  },
  truncateKey(value: RawInt): RawInt {
    return typeof value === 'bigint' ? value : Math.trunc(value);
  },
  defineValue(target: DecodedSignals, name: string, value: unknown): void {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  },
};

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new DecodeError(`cannot compile the number ${value}`);
  if (Object.is(value, -0)) return '(-0)';
  return value < 0 ? `(${value})` : String(value);
}

function intLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new DecodeError(`cannot compile the integer ${value}`);
  return numberLiteral(value);
}

/** `n` bits (≤ 32) starting `offset` bits above the signal's LSB, as an int32/uint32 expression. */
function readWord(layout: BitLayout, offset: number, n: number, signed: boolean): string {
  const position = layout.shift + offset;
  const first = position >> 3;
  const q = position & 7;
  if (q + n > 32) {
    const lowBits = 32 - q; // the rest starts on a byte boundary
    const low = readWord(layout, offset, lowBits, false);
    const high = readWord(layout, offset + lowBits, n - lowBits, signed);
    return `(${low} + ${high} * ${2 ** lowBits})`;
  }
  const byteCount = Math.ceil((q + n) / 8);
  const parts: string[] = [];
  for (let k = 0; k < byteCount; k += 1) {
    const read = `d[${intLiteral(byteIndex(layout, first + k))}]`;
    parts.push(k === 0 ? read : `${read} << ${8 * k}`);
  }
  const word = byteCount === 1 ? parts[0] : `(${parts.join(' | ')})`;
  const left = 32 - q - n;
  const right = 32 - n;
  if (signed) {
    if (right === 0) return `(${word} | 0)`;
    return left === 0 ? `(${word} >> ${right})` : `((${word} << ${left}) >> ${right})`;
  }
  if (n === 32) return `(${word} >>> 0)`;
  if (byteCount < 4 && q + n === 8 * byteCount) return q === 0 ? word : `(${word} >>> ${q})`;
  return q === 0 ? `(${word} & ${2 ** n - 1})` : `((${word} >>> ${q}) & ${2 ** n - 1})`;
}

/** The raw value: number, exact bigint beyond ±(2^53−1), or the IEEE value of float signals. */
function readRaw(signal: Signal, layout: BitLayout): string {
  const { length } = layout;
  if (signal.isFloat) {
    if (length === 32) return `(U32[0] = ${readWord(layout, 0, 32, false)}, F32[0])`;
    const [lo, hi] = isLittleEndianHost ? [0, 1] : [1, 0];
    return `(U32[${lo}] = ${readWord(layout, 0, 32, false)}, U32[${hi}] = ${readWord(layout, 32, 32, false)}, F64[0])`;
  }
  if (length <= 32) return readWord(layout, 0, length, signal.isSigned);
  const low = readWord(layout, 0, 32, false);
  const high = readWord(layout, 32, length - 32, signal.isSigned);
  return length <= 53 ? `(${low} + ${high} * 4294967296)` : `joinWide(${low}, ${high})`;
}

/** raw → physical, as cantools' conversion classes compute it. */
function physical(signal: Signal, raw: string): string {
  const kind = conversionOf(signal);
  if (kind === 'identity') return raw;
  const scale = numberLiteral(signal.scale);
  const offset = numberLiteral(signal.offset);
  if (kind === 'linear') return signal.length > 53 && !signal.isFloat ? `(toNumber(${raw}) * ${scale} + ${offset})` : `(${raw} * ${scale} + ${offset})`;
  const maxRaw = 2 ** (signal.isSigned ? signal.length - 1 : signal.length);
  const exactInDoubles = signal.length <= 53 && maxRaw * Math.abs(signal.scale) + Math.abs(signal.offset) <= MAX;
  return exactInDoubles ? `(${raw} * ${scale} + ${offset})` : `scaleInt(${raw}, ${scale}, ${offset})`;
}

class Generator {
  private readonly lines: string[] = [];
  private readonly choices: Map<RawInt, string>[] = [];
  private readonly choiceIndex = new Map<Signal, number | null>();
  private readonly muxIds: number[][] = [];
  private counter = 0;

  constructor(
    private readonly message: Message,
    private readonly variant: DecoderVariant,
  ) {}

  compile(root: CodecNode): DecodeFn {
    this.emitNode(root, '  ', true);
    const body = `"use strict";\nconst { U32, F32, F64, joinWide, scaleInt, toNumber, truncateKey, muxError, defineValue } = H;\n` +
      `return function decode(d, lenient) {\n${this.variant.truncated ? '  const n = d.length;\n' : ''}  let c;\n${this.lines.join('\n')}\n  return o;\n};`;
    // eslint-disable-next-line no-new-func -- straight-line decoders are several times faster than interpreting a layout
    const factory = new Function('H', 'C', 'M', body) as (h: typeof helpers, c: unknown[], m: number[][]) => DecodeFn;
    return factory(helpers, this.choices, this.muxIds);
  }

  /** The value the caller sees: choice name, physical or raw. */
  private value(signal: Signal, raw: string): string {
    const scaled = this.variant.scaling ? physical(signal, raw) : raw;
    const table = this.variant.decodeChoices ? this.choiceTable(signal) : null;
    return table === null ? scaled : `((c = C[${table}].get(${raw})) !== undefined ? c : ${scaled})`;
  }

  /** cantools' `_get_mux_number`: a named value's raw number, else int() of the decoded value. */
  private muxKey(signal: Signal, raw: string): string {
    const scaled = this.variant.scaling ? physical(signal, raw) : raw;
    // Python's int(): truncates floats; wide raws or huge integer factors give bigints, which no
    // branch matches (found by the fuzzer: an 8-bit multiplexer with a factor beyond 2^53).
    const mayBeBigint = !signal.isFloat && (signal.length > 53 || conversionOf(signal) === 'integer');
    const truncate = mayBeBigint ? 'truncateKey' : 'Math.trunc';
    const key = scaled === raw && !signal.isFloat ? raw : `${truncate}(${scaled})`;
    const table = this.variant.decodeChoices ? this.choiceTable(signal) : null;
    return table === null || key === raw ? key : `(C[${table}].has(${raw}) ? ${raw} : ${key})`;
  }

  private choiceTable(signal: Signal): number | null {
    let index = this.choiceIndex.get(signal);
    if (index === undefined) {
      const table = normalizeChoices(signal.choices);
      index = table === null ? null : this.choices.push(table) - 1;
      this.choiceIndex.set(signal, index);
    }
    return index;
  }

  private emitNode(node: CodecNode, indent: string, isRoot: boolean): void {
    const { truncated } = this.variant;
    const raws = new Map<Signal, string>();
    for (const signal of node.signals) {
      const layout = layoutOf(this.message, signal);
      const name = `r${this.counter++}`;
      raws.set(signal, name);
      const read = readRaw(signal, layout);
      this.lines.push(truncated
        ? `${indent}const ${name} = n >= ${layout.bytesNeeded} ? ${read} : undefined;`
        : `${indent}const ${name} = ${read};`);
    }
    if (isRoot && !truncated) {
      const entries = node.signals.map((signal) => `${propertyKey(signal.name)}: ${this.value(signal, raws.get(signal) as string)}`);
      this.lines.push(`${indent}const o = {${entries.map((entry) => `\n${indent}  ${entry}`).join(',')}\n${indent}};`);
    } else {
      if (isRoot) this.lines.push(`${indent}const o = {};`);
      for (const signal of node.signals) {
        const raw = raws.get(signal) as string;
        const assign = assignment(signal.name, this.value(signal, raw));
        this.lines.push(truncated ? `${indent}if (${raw} !== undefined) ${assign}` : `${indent}${assign}`);
      }
    }
    for (const [muxName, branches] of node.multiplexers) {
      const muxSignal = node.signals.find((signal) => signal.name === muxName) as Signal;
      const raw = raws.get(muxSignal) as string;
      const ids = [...branches.keys()].sort((a, b) => a - b);
      this.muxIds.push(ids);
      const idsIndex = this.muxIds.length - 1;
      const inner = truncated ? `${indent}  ` : indent;
      if (truncated) this.lines.push(`${indent}if (${raw} !== undefined) {`);
      this.lines.push(`${inner}switch (${this.muxKey(muxSignal, raw)}) {`);
      for (const group of groupBranches(branches)) {
        this.lines.push(`${inner}  ${group.ids.map((id) => `case ${intLiteral(id)}:`).join(' ')} {`);
        this.emitNode(group.node, `${inner}    `, false);
        this.lines.push(`${inner}    break;`, `${inner}  }`);
      }
      this.lines.push(`${inner}  default: if (!lenient) throw muxError(M[${idsIndex}], ${this.muxKey(muxSignal, raw)});`);
      this.lines.push(`${inner}}`);
      if (truncated) this.lines.push(`${indent}}`);
    }
  }
}

/** Values whose branches hold the same signals share one `case` block. */
function groupBranches(branches: Map<number, CodecNode>): { ids: number[]; node: CodecNode }[] {
  const groups = new Map<string, { ids: number[]; node: CodecNode }>();
  for (const id of [...branches.keys()].sort((a, b) => a - b)) {
    const node = branches.get(id) as CodecNode;
    const key = JSON.stringify(node.signals.map((signal) => signal.name));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { ids: [id], node });
    else group.ids.push(id);
  }
  return [...groups.values()];
}

function propertyKey(name: string): string {
  // A literal `"__proto__": v` would set the prototype; a computed key defines a property.
  return name === '__proto__' ? `[${JSON.stringify(name)}]` : JSON.stringify(name);
}

function assignment(name: string, value: string): string {
  return name === '__proto__' ? `defineValue(o, "__proto__", ${value});` : `o[${JSON.stringify(name)}] = ${value};`;
}

/** One decode function for the message's tree in the given variant. */
export function generateDecoder(message: Message, root: CodecNode, variant: DecoderVariant): DecodeFn {
  return new Generator(message, variant).compile(root);
}
