/**
 * The pieces of generated codec source (codec-generate.ts): literals, bit reads and conversions as
 * JavaScript expressions over the payload `d`. Everything here is built from validated integers and
 * numbers that `numberLiteral` checked; no text of the model reaches it.
 */
import { DecodeError } from './errors.js';
import type { Signal } from './model.js';
import { byteIndex, type BitLayout } from './codec-layout.js';
import { conversionOf } from './conversion.js';
import type { CodecNode } from './codec-tree.js';

const MAX = Number.MAX_SAFE_INTEGER;
const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new DecodeError(`cannot compile the number ${value}`);
  if (Object.is(value, -0)) return '(-0)';
  return value < 0 ? `(${value})` : String(value);
}

export function intLiteral(value: number): string {
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
export function readRaw(signal: Signal, layout: BitLayout): string {
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

/** Whether raw * factor + offset of an integer signal stays exact in doubles, with |value| ≤ `limit`. */
export function exactInDoubles(signal: Signal, limit = MAX): boolean {
  const maxRaw = 2 ** (signal.isSigned ? signal.length - 1 : signal.length);
  return signal.length <= 53 && maxRaw * Math.abs(signal.scale) + Math.abs(signal.offset) <= limit;
}

/** raw → physical, as cantools' conversion classes compute it. */
export function physical(signal: Signal, raw: string): string {
  const kind = conversionOf(signal);
  if (kind === 'identity') return raw;
  const scale = numberLiteral(signal.scale);
  const offset = numberLiteral(signal.offset);
  if (kind === 'linear') return signal.length > 53 && !signal.isFloat ? `(toNumber(${raw}) * ${scale} + ${offset})` : `(${raw} * ${scale} + ${offset})`;
  return exactInDoubles(signal) ? `(${raw} * ${scale} + ${offset})` : `scaleInt(${raw}, ${scale}, ${offset})`;
}

/**
 * cantools' `_get_mux_number`: a named value's raw number, else int() of the decoded value.
 * `table` is the index of the signal's choices in the generated code's `C`, when it has some.
 */
export function muxKey(signal: Signal, raw: string, scaling: boolean, table: number | null): string {
  const scaled = scaling ? physical(signal, raw) : raw;
  // Python's int(): truncates floats; wide raws or huge integer factors give bigints, which no
  // branch matches (found by the fuzzer: an 8-bit multiplexer with a factor beyond 2^53).
  const mayBeBigint = !signal.isFloat && (signal.length > 53 || conversionOf(signal) === 'integer');
  const truncate = mayBeBigint ? 'truncateKey' : 'Math.trunc';
  const key = scaled === raw && !signal.isFloat ? raw : `${truncate}(${scaled})`;
  return table === null || key === raw ? key : `(C[${table}].has(${raw}) ? ${raw} : ${key})`;
}

/** Values whose branches hold the same signals share one `case` block. */
export function groupBranches(branches: Map<number, CodecNode>): { ids: number[]; node: CodecNode }[] {
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
