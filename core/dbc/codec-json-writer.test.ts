// The JSON writer against JSON.stringify of the decoder's object, byte for byte: random layouts,
// factors and offsets (integer, linear, huge), floats (NaN, ±Infinity, −0), multiplexers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMessage } from './compile-message.js';
import { makeMessage, makeSignal } from './codec-fixtures.js';
import { createJsonWriter } from './codec-json-writer.js';
import { buildCodecTree } from './codec-tree.js';
import { DecodeError } from './errors.js';
import type { Message, Signal } from './model.js';

/** What the writer prints for a payload: its JSON, `short` (left to the classifier) or the decode error. */
function written(message: Message, data: Uint8Array, decodeChoices = false): string {
  const writer = createJsonWriter(message, buildCodecTree(message), decodeChoices);
  if (writer === undefined) throw new Error('no writer');
  const block = Buffer.alloc(writer.maxBytes + 16);
  const end = writer.write(data, block, new DataView(block.buffer, block.byteOffset, block.length), 0);
  if (end === -1) return 'short';
  return end < 0 ? `${writer.error(end).name}: ${writer.error(end).message}` : block.subarray(0, end).toString('utf8');
}

/** The reference: the decoder's object as JSON, in the writer's frame, or its error. */
function expected(message: Message, data: Uint8Array, decodeChoices = false): string {
  try {
    const signals = compileMessage(message).decode(data, { decodeChoices });
    return `","message":${JSON.stringify(message.name)},"signals":${JSON.stringify(signals)}}\n`;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return error.message.startsWith('Wrong data size') ? 'short' : `${error.name}: ${error.message}`;
  }
}

const scaleArb = fc.oneof(fc.constant(1), fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0.1, 0.05, 1e-7, -0.5, 1e300));
const offsetArb = fc.oneof(fc.constant(0), fc.integer({ min: -5000, max: 5000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(-0, 40.5));

const signalArb = fc.record({
  length: fc.integer({ min: 1, max: 53 }),
  bigEndian: fc.boolean(),
  isSigned: fc.boolean(),
  float: fc.constantFrom(0, 0, 0, 32, 64),
  scale: scaleArb,
  offset: offsetArb,
  position: fc.nat(),
  choices: fc.option(fc.array(fc.integer({ min: -3, max: 6 }), { maxLength: 4 })),
});

interface Spec {
  length: number;
  bigEndian: boolean;
  isSigned: boolean;
  /** 0 for an integer signal, else the float's bits. */
  float: number;
  scale: number;
  offset: number;
  position: number;
  /** Raw values given a VAL_ name. */
  choices: number[] | null;
}

function signalOf(spec: Spec, name: string): Signal {
  const length = spec.float === 0 ? spec.length : spec.float;
  const sequential = spec.position % (64 - length + 1);
  const startBit = spec.bigEndian ? 8 * (sequential >> 3) + 7 - (sequential & 7) : sequential;
  const integer = spec.float === 0 && Number.isInteger(spec.scale) && Number.isInteger(spec.offset);
  return makeSignal({
    name, startBit, length, byteOrder: spec.bigEndian ? 'big_endian' : 'little_endian', isSigned: spec.float === 0 && spec.isSigned,
    isFloat: spec.float !== 0, scale: spec.scale, offset: spec.offset,
    conversion: spec.scale === 1 && spec.offset === 0 ? 'identity' : integer ? 'integer' : 'linear',
    choices: spec.choices === null ? null : new Map(spec.choices.map((raw) => [raw, `V"${raw}ä`])),
  });
}

describe('createJsonWriter: what JSON.stringify gives the decoded signals', () => {
  it('writes every kind of value as JSON does', () => {
    fc.assert(
      fc.property(fc.array(signalArb, { minLength: 0, maxLength: 6 }), fc.uint8Array({ minLength: 8, maxLength: 8 }), (specs, data) => {
        const message = makeMessage({ name: 'M"é', signals: specs.map((spec, i) => signalOf(spec, `s${i}\\"ü`)) });
        if (createJsonWriter(message, buildCodecTree(message)) === undefined) return; // bigint-capable: classified instead
        expect(written(message, data)).toBe(expected(message, data));
        expect(written(message, data, true)).toBe(expected(message, data, true));
      }),
      { numRuns: 3000 },
    );
  });

  it('follows multiplexers, says what the decoder raises for undefined values, leaves short frames to the classifier', () => {
    const message = makeMessage({
      name: 'Mux',
      length: 3,
      signals: [
        makeSignal({ name: 'Mode', startBit: 0, length: 8, isMultiplexer: true, scale: 2, conversion: 'integer', choices: new Map([[2, 'two'], [5, 'five']]) }),
        makeSignal({ name: 'A', startBit: 8, length: 8, multiplexerSignal: 'Mode', multiplexerIds: [1, 2], scale: 0.5, conversion: 'linear' }),
        makeSignal({ name: 'B', startBit: 8, length: 16, multiplexerSignal: 'Mode', multiplexerIds: [3], isSigned: true }),
        makeSignal({ name: 'Empty', startBit: 16, length: 1, multiplexerSignal: 'Mode', multiplexerIds: [4], isMultiplexer: true }),
      ],
    });
    for (const mode of [0, 1, 2, 3, 4, 5, 6]) {
      for (const payload of [[mode, 7, 255], [mode, 0x80, 0x80], [mode, 1, 1]]) {
        const data = Uint8Array.from(payload);
        for (const decodeChoices of [false, true]) expect(written(message, data, decodeChoices)).toBe(expected(message, data, decodeChoices));
      }
    }
    expect(written(message, Uint8Array.of(1, 2))).toBe('short');
    expect(written(message, Uint8Array.of(7, 0, 0))).toBe('DecodeError: expected multiplexer id 1, 2, 3, 4 or 5, but got 14');
  });

  it('has no writer where the object would reorder or widen its values', () => {
    const indexName = makeMessage({ name: 'I', signals: [makeSignal({ name: 'b', startBit: 0, length: 4 }), makeSignal({ name: '7', startBit: 4, length: 4 })] });
    const wide = makeMessage({ name: 'W', signals: [makeSignal({ name: 'w', startBit: 0, length: 64 })] });
    expect(createJsonWriter(indexName, buildCodecTree(indexName))).toBeUndefined();
    expect(createJsonWriter(wide, buildCodecTree(wide))).toBeUndefined();
  });
});
