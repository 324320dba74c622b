/**
 * Compiles a message's multiplexer tree into one straight-line decode function: byte offsets,
 * shifts and masks are constants, signals up to 32 bits are read with int32 ops, up to 53 bits
 * with two words joined in double arithmetic, and only longer ones may produce a BigInt. And, for
 * `decode --format json`, into a JSON writer that prints the same signals as bytes without
 * building the object: constant text as 4-byte stores, values straight from the raw bits.
 *
 * The source is built from validated integers, numbers that `numberLiteral` checked, and names
 * escaped with JSON.stringify (in the JSON writer: as the byte values of their UTF-8); nothing
 * else from the model reaches it.
 */
import { DecodeError } from './errors.js';
import type { Message, RawInt, Signal } from './model.js';
import { exactInDoubles, groupBranches, intLiteral, muxKey, physical, readRaw } from './codec-expressions.js';
import { layoutOf } from './codec-layout.js';
import { formatOr, joinWide, normalizeChoices, scaleInt, toNumber } from './codec-numbers.js';
import { conversionOf } from './conversion.js';
import { jsonValueWriters, maxValueBytes } from './codec-json-values.js';
import { treeSignals, type CodecNode } from './codec-tree.js';
import type { DecodedSignals } from './codec-types.js';

export interface DecoderVariant {
  decodeChoices: boolean;
  scaling: boolean;
  /** Check each signal against the frame length and leave out those that do not fit. */
  truncated: boolean;
}

/** Decodes one frame; `lenient` skips undefined multiplexer values instead of raising. */
export type DecodeFn = (data: Uint8Array, lenient: boolean) => DecodedSignals;

const scratch = new ArrayBuffer(8);

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

  private muxKey(signal: Signal, raw: string): string {
    return muxKey(signal, raw, this.variant.scaling, this.variant.decodeChoices ? this.choiceTable(signal) : null);
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

/** Writes a frame's `","message":NAME,"signals":{…}}\n` from `at`; -1 for a frame to classify instead. */
export type JsonWriteFn = (data: Uint8Array, block: Uint8Array, view: DataView, at: number) => number;

export interface JsonWriter {
  /** -1 for a frame shorter than the message or an undefined multiplexer value (no bytes count). */
  readonly write: JsonWriteFn;
  /** The most bytes one write() takes. */
  readonly maxBytes: number;
}

/** Raw values of linear signals up to this many bits index a table of their texts; longer ones a Map. */
const TABLE_BITS = 10;

class JsonGenerator {
  private readonly lines: string[] = [];
  private readonly choices: Map<RawInt, string>[] = [];
  private readonly tables: unknown[] = [];
  private counter = 0;
  private maxBytes = 4;

  constructor(
    private readonly message: Message,
    private readonly decodeChoices: boolean,
  ) {}

  compile(root: CodecNode): JsonWriter {
    let full = this.message.length;
    for (const signal of treeSignals(root)) full = Math.max(full, layoutOf(this.message, signal).bytesNeeded);
    this.lines.push(`  if (d.length < ${intLiteral(full)}) return -1;`, '  let c;');
    // Every key is written with a leading comma; the first one's becomes the object's brace.
    this.constant(`","message":${JSON.stringify(this.message.name)},"signals":`, '  ');
    this.lines.push('  const s = a;');
    this.emitNode(root, '  ');
    this.lines.push('  if (a === s) b[a++] = 123; else b[s] = 123;', '  b[a] = 125; b[a + 1] = 125; b[a + 2] = 10;', '  return a + 3;');
    const body = `"use strict";\nconst { U32, F32, F64, joinWide, scaleInt, toNumber, truncateKey, wi, wb, wv, fillTable, fillMap } = H;\n` +
      `return function writeJson(d, b, v, a) {\n${this.lines.join('\n')}\n};`;
    // eslint-disable-next-line no-new-func -- the JSON of a whole-log decode, several times faster than from decoded objects
    const factory = new Function('H', 'C', 'T', body) as (h: unknown, c: unknown[], t: unknown[]) => JsonWriteFn;
    return { write: factory({ ...helpers, ...jsonValueWriters }, this.choices, this.tables), maxBytes: this.maxBytes };
  }

  /** Stores of constant text at `a`, four bytes at a time, then `a` moved past it. */
  private constant(text: string, indent: string): void {
    const bytes = Buffer.from(text, 'utf8');
    const stores: string[] = [];
    let i = 0;
    for (; i + 4 <= bytes.length; i += 4) stores.push(`v.setUint32(a + ${i}, ${bytes.readUInt32LE(i)}, true);`);
    if (i + 2 <= bytes.length) stores.push(`v.setUint16(a + ${i}, ${bytes.readUInt16LE(i)}, true);`), (i += 2);
    if (i < bytes.length) stores.push(`b[a + ${i}] = ${bytes[i]};`);
    this.lines.push(`${indent}${stores.join(' ')} a += ${bytes.length};`);
    this.maxBytes += bytes.length;
  }

  private emitNode(node: CodecNode, indent: string): void {
    const raws = new Map<Signal, string>();
    for (const signal of node.signals) {
      const name = `r${this.counter++}`;
      raws.set(signal, name);
      this.lines.push(`${indent}const ${name} = ${readRaw(signal, layoutOf(this.message, signal))};`);
    }
    for (const signal of node.signals) {
      this.constant(`,${JSON.stringify(signal.name)}:`, indent);
      this.emitValue(signal, raws.get(signal) as string, indent);
    }
    for (const [muxName, branches] of node.multiplexers) {
      const muxSignal = node.signals.find((signal) => signal.name === muxName) as Signal;
      const table = this.decodeChoices ? this.choiceTable(muxSignal) : null;
      this.lines.push(`${indent}switch (${muxKey(muxSignal, raws.get(muxSignal) as string, true, table)}) {`);
      for (const group of groupBranches(branches)) {
        this.lines.push(`${indent}  ${group.ids.map((id) => `case ${intLiteral(id)}:`).join(' ')} {`);
        this.emitNode(group.node, `${indent}    `);
        this.lines.push(`${indent}    break;`, `${indent}  }`);
      }
      this.lines.push(`${indent}  default: return -1;`, `${indent}}`);
    }
  }

  /** The value as the decoder gives it (choice name or physical), printed as JSON prints it. */
  private emitValue(signal: Signal, raw: string, indent: string): void {
    this.maxBytes += maxValueBytes(signal, this.decodeChoices);
    const number = this.numberWriter(signal, raw);
    const table = this.decodeChoices ? this.choiceTable(signal) : null;
    this.lines.push(table === null ? `${indent}${number}` : `${indent}if ((c = C[${table}].get(${raw})) !== undefined) a = wv(b, a, c); else { ${number} }`);
  }

  private numberWriter(signal: Signal, raw: string): string {
    const value = physical(signal, raw);
    const kind = conversionOf(signal);
    if (signal.isFloat || signal.length > 32) return `a = wv(b, a, ${value});`;
    // Integers below 1e15 print digit by digit.
    if (kind === 'identity' || (kind === 'integer' && exactInDoubles(signal, 1e15 - 1))) return `a = wi(b, a, ${value});`;
    if (kind === 'integer') return `a = wv(b, a, ${value});`;
    // A linear value depends on the raw value alone: its text is computed once per raw value.
    const index = this.tables.length;
    if (signal.length <= TABLE_BITS) {
      const mask = 2 ** signal.length - 1;
      this.tables.push(new Array<Uint8Array | undefined>(mask + 1));
      return `if ((c = T[${index}][${raw} & ${mask}]) === undefined) c = fillTable(T[${index}], ${raw} & ${mask}, ${value}); a = wb(b, a, c);`;
    }
    this.tables.push(new Map<number, Uint8Array>());
    return `if ((c = T[${index}].get(${raw})) === undefined) c = fillMap(T[${index}], ${raw}, ${value}); a = wb(b, a, c);`;
  }

  private choiceTable(signal: Signal): number | null {
    const table = normalizeChoices(signal.choices);
    return table === null ? null : this.choices.push(table) - 1;
  }
}

/** Whether an object built from the tree keeps the signals' order: no repeated or array-index names. */
function keysKeepOrder(root: CodecNode): boolean {
  const names = new Set<string>();
  for (const { name } of treeSignals(root)) {
    if (names.has(name) || (/^(?:0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1)) return false;
    names.add(name);
  }
  return true;
}

/**
 * A JSON writer of the message's decodes with scaling (choice names too when `decodeChoices`), or
 * undefined where the decoded object's key order would differ from the signals' (classify those).
 */
export function generateJsonWriter(message: Message, root: CodecNode, decodeChoices: boolean): JsonWriter | undefined {
  return keysKeepOrder(root) ? new JsonGenerator(message, decodeChoices).compile(root) : undefined;
}
