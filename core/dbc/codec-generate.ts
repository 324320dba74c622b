/**
 * Compiles a message's multiplexer tree into one straight-line decode function: byte offsets,
 * shifts and masks are constants, signals up to 32 bits are read with int32 ops, up to 53 bits
 * with two words joined in double arithmetic, and only longer ones may produce a BigInt. And, for
 * `decode --format json`, into a fill function that puts the same values in typed arrays without
 * building an object (codec-json-writer.ts prints them).
 *
 * The source is built from validated integers, numbers that `numberLiteral` checked, and names
 * escaped with JSON.stringify; nothing else from the model reaches it (the fill code holds no
 * names at all).
 */
import { DecodeError } from './errors.js';
import type { Message, RawInt, Signal } from './model.js';
import { exactInDoubles, groupBranches, intLiteral, muxKey, physical, readRaw } from './codec-expressions.js';
import { layoutOf } from './codec-layout.js';
import { formatOr, joinWide, normalizeChoices, scaleInt, toNumber } from './codec-numbers.js';
import { conversionOf } from './conversion.js';
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

/** What the decoders throw for a multiplexer value without a branch (as cantools words it). */
export function muxError(ids: readonly number[], got: RawInt): DecodeError {
  return new DecodeError(`expected multiplexer id ${formatOr(ids)}, but got ${got}`);
}

/** What generated code may call: bit-to-float views, wide joins, exact integer scaling, errors. */
const helpers = {
  U32: new Uint32Array(scratch),
  F32: new Float32Array(scratch),
  F64: new Float64Array(scratch),
  joinWide,
  scaleInt,
  toNumber,
  muxError,
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

/**
 * Fills `V[0…n)` with the physical values of a frame's signals in the decoder's key order, `S`
 * with the signal's slot (index in `FillCode.slots`; from `FillCode.fixed` on) and, for `raw`
 * slots, `R` with the raw value. Returns n, or -1 for a frame shorter than the message, or
 * −2 − k for an undefined multiplexer value (see FillCode.muxIds).
 */
export type FillFn = (data: Uint8Array, V: Float64Array, R: Float64Array, S: Int32Array) => number;

export interface FillCode {
  readonly fill: FillFn;
  /** Per slot: the signal, and whether R holds its raw value (linear signals up to 32 bits, VAL_ names). */
  readonly slots: readonly { readonly signal: Signal; readonly raw: boolean }[];
  /** Places below this hold slot i at place i (the root's signals); S says the slot of the others. */
  readonly fixed: number;
  /** A fill that returns −2 − k met a value of the multiplexer with the values `muxIds[k]`, in V[0]. */
  readonly muxIds: readonly (readonly number[])[];
}

class FillGenerator {
  private readonly lines: string[] = [];
  private readonly slots: { signal: Signal; raw: boolean }[] = [];
  /** With decodeChoices: the multiplexers' choices, which select branches as in the decoder. */
  private readonly choices: Map<RawInt, string>[] = [];
  private readonly muxIds: number[][] = [];
  private counter = 0;

  constructor(
    private readonly message: Message,
    private readonly decodeChoices: boolean,
  ) {}

  compile(root: CodecNode): FillCode {
    let full = this.message.length;
    for (const signal of treeSignals(root)) full = Math.max(full, layoutOf(this.message, signal).bytesNeeded);
    this.emitNode(root, '  ', true);
    const fixed = root.signals.length;
    // The root's signals sit at fixed places, slot i at place i: only multiplexed ones need S.
    const body = `"use strict";\nconst { U32, F32, F64, toNumber, truncateKey } = H;\n` +
      `return function fill(d, V, R, S) {\n  if (d.length < ${intLiteral(full)}) return -1;\n` +
      `${root.multiplexers.size > 0 ? `  let n = ${fixed};\n` : ''}${this.lines.join('\n')}\n  return ${root.multiplexers.size > 0 ? 'n' : fixed};\n};`;
    // eslint-disable-next-line no-new-func -- the values of a whole-log JSON decode, without an object per frame
    const factory = new Function('H', 'C', body) as (h: typeof helpers, c: unknown[]) => FillFn;
    return { fill: factory(helpers, this.choices), slots: this.slots, fixed, muxIds: this.muxIds };
  }

  private emitNode(node: CodecNode, indent: string, isRoot: boolean): void {
    const raws = new Map<Signal, string>();
    for (const signal of node.signals) {
      const name = `r${this.counter++}`;
      raws.set(signal, name);
      this.lines.push(`${indent}const ${name} = ${readRaw(signal, layoutOf(this.message, signal))};`);
    }
    for (const signal of node.signals) {
      const raw = raws.get(signal) as string;
      // The writer looks VAL_ names up by the raw value, and remembers linear values' texts by it.
      const named = this.decodeChoices && normalizeChoices(signal.choices) !== null;
      const keepRaw = named || (!signal.isFloat && signal.length <= 32 && conversionOf(signal) === 'linear');
      const slot = this.slots.push({ signal, raw: keepRaw }) - 1;
      const place = isRoot ? String(slot) : 'n';
      const value = `${keepRaw ? `R[${place}] = ${raw}; ` : ''}V[${place}] = ${physical(signal, raw)};`;
      this.lines.push(isRoot ? `${indent}${value}` : `${indent}${value} S[n++] = ${slot};`);
    }
    for (const [muxName, branches] of node.multiplexers) {
      const muxSignal = node.signals.find((signal) => signal.name === muxName) as Signal;
      const table = this.decodeChoices ? normalizeChoices(muxSignal.choices) : null;
      const tableIndex = table === null ? null : this.choices.push(table) - 1;
      const key = muxKey(muxSignal, raws.get(muxSignal) as string, true, tableIndex);
      const idsIndex = this.muxIds.push([...branches.keys()].sort((a, b) => a - b)) - 1;
      this.lines.push(`${indent}switch (${key}) {`);
      for (const group of groupBranches(branches)) {
        this.lines.push(`${indent}  ${group.ids.map((id) => `case ${intLiteral(id)}:`).join(' ')} {`);
        this.emitNode(group.node, `${indent}    `, false);
        this.lines.push(`${indent}    break;`, `${indent}  }`);
      }
      this.lines.push(`${indent}  default: V[0] = ${key}; return ${-2 - idsIndex};`, `${indent}}`);
    }
  }
}

/**
 * Values a Float64Array holds as they are: not bigints (integers beyond 2^53), and names that an
 * object keeps in the signals' order (no repeated or array-index names).
 */
function fillable(root: CodecNode): boolean {
  const names = new Set<string>();
  for (const signal of treeSignals(root)) {
    const { name } = signal;
    if (names.has(name) || (/^(?:0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1)) return false;
    if (!signal.isFloat && (signal.length > 53 || (conversionOf(signal) === 'integer' && !exactInDoubles(signal)))) return false;
    names.add(name);
  }
  return true;
}

/**
 * The fill code of the message's decodes with scaling (`decodeChoices`: VAL_ names are the
 * writer's to look up by the raw value), or undefined for a message whose decodes need the object
 * (bigint values, key order of their own).
 */
export function generateFill(message: Message, root: CodecNode, decodeChoices: boolean): FillCode | undefined {
  return fillable(root) ? new FillGenerator(message, decodeChoices).compile(root) : undefined;
}
