// Property-based: the generated decoder against an obvious BigInt bit reader, and encode → decode
// round trips for Intel/Motorola × signed/unsigned × 1–64 bits × float32/float64 × scaling × mux.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMessage } from './compile-message.js';
import { makeMessage, makeSignal } from './codec-fixtures.js';
import { layoutOf, readBits, writeBits } from './codec-layout.js';
import { normalizeInt } from './codec-numbers.js';
import type { Message, RawInt, Signal } from './model.js';

interface Spec {
  kind: 'int' | 'float32' | 'float64';
  length: number;
  bigEndian: boolean;
  isSigned: boolean;
  messageLength: number;
  position: number;
}

const specArb = fc.record({
  kind: fc.constantFrom<Spec['kind']>('int', 'int', 'int', 'float32', 'float64'),
  length: fc.integer({ min: 1, max: 64 }),
  bigEndian: fc.boolean(),
  isSigned: fc.boolean(),
  messageLength: fc.constantFrom(1, 3, 8, 12, 64),
  position: fc.nat(),
});

/** A signal at a random position that fits, with the DBC start bit of its byte order. */
function signalOf(spec: Spec, fields: Partial<Signal> = {}, lowestBit = 0): Signal {
  const length = spec.kind === 'float32' ? 32 : spec.kind === 'float64' ? 64 : spec.length;
  const bits = 8 * Math.max(spec.messageLength, Math.ceil((lowestBit + length) / 8));
  const sequential = lowestBit + (spec.position % (bits - lowestBit - length + 1));
  const startBit = spec.bigEndian ? 8 * (sequential >> 3) + 7 - (sequential & 7) : sequential;
  return makeSignal({
    name: 'X', startBit, length, byteOrder: spec.bigEndian ? 'big_endian' : 'little_endian',
    isSigned: spec.kind === 'int' && spec.isSigned, isFloat: spec.kind !== 'int', ...fields,
  });
}

function messageOf(signals: Signal[], minimumLength: number): Message {
  const length = Math.max(minimumLength, ...signals.map((signal) => Math.ceil((layoutOf(makeMessage({ name: 'T', signals }), signal).bytesNeeded))));
  return makeMessage({ name: 'T', length, signals });
}

/** The raw value read the slow, obvious way. */
function referenceRaw(payload: Uint8Array, message: Message, signal: Signal): RawInt {
  const bits = readBits(payload, layoutOf(message, signal));
  if (!signal.isFloat) return normalizeInt(signal.isSigned ? BigInt.asIntN(signal.length, bits) : bits);
  const view = new DataView(new ArrayBuffer(8));
  if (signal.length === 32) {
    view.setUint32(0, Number(bits));
    return view.getFloat32(0);
  }
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

function signalMask(message: Message, signal: Signal): Uint8Array {
  const mask = new Uint8Array(message.length);
  writeBits(mask, layoutOf(message, signal), (1n << BigInt(signal.length)) - 1n);
  return mask;
}

const masked = (payload: Uint8Array, mask: Uint8Array): number[] => Array.from(payload, (byte, index) => byte & mask[index]);

function rawRange(signal: Signal): { min: bigint; max: bigint } {
  const bits = BigInt(signal.length);
  return signal.isSigned ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n } : { min: 0n, max: (1n << bits) - 1n };
}

describe('generated decoder', () => {
  it('reads every signal kind as the reference bit reader does, and encodes it back', () => {
    fc.assert(fc.property(specArb, fc.uint8Array({ minLength: 64, maxLength: 64 }), (spec, bytes) => {
      const signal = signalOf(spec);
      const message = messageOf([signal], spec.messageLength);
      const payload = bytes.slice(0, message.length);
      const codec = compileMessage(message);
      const raw = referenceRaw(payload, message, signal);
      expect(codec.decode(payload, { scaling: false })).toStrictEqual({ X: raw });
      expect(codec.decode(payload, { scaling: false, allowTruncated: true })).toStrictEqual({ X: raw });
      if (typeof raw === 'number' && Number.isNaN(raw)) return; // NaN payloads are not preserved
      const encoded = codec.encode({ X: raw }, { scaling: false });
      const mask = signalMask(message, signal);
      expect(masked(encoded, mask)).toEqual(masked(payload, mask));
    }), { numRuns: 1500 });
  });

  it('leaves out exactly the signals that do not fit a truncated frame', () => {
    fc.assert(fc.property(specArb, fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat(), (spec, bytes, cut) => {
      const signal = signalOf(spec);
      const message = messageOf([signal], spec.messageLength);
      const payload = bytes.slice(0, cut % message.length);
      const fits = layoutOf(message, signal).bytesNeeded <= payload.length;
      const decoded = compileMessage(message).decode(payload, { scaling: false, allowTruncated: true });
      expect(decoded).toStrictEqual(fits ? { X: referenceRaw(payload, message, signal) } : {});
    }), { numRuns: 500 });
  });
});

describe('encode → decode round trips', () => {
  const scalings = fc.constantFrom(
    { scale: 1, offset: 0 }, { scale: 3, offset: -7 }, { scale: -2, offset: 100 },
    { scale: 0.5, offset: 0 }, { scale: 0.1, offset: -40 }, { scale: 0.01587, offset: 0 }, { scale: 1e-6, offset: 0.5 },
  );

  it('returns the physical values it was given (integers exact, linear within one raw step)', () => {
    fc.assert(fc.property(specArb, scalings, fc.bigInt(), (spec, scaling, seed) => {
      const integerFactor = Number.isInteger(scaling.scale) && Number.isInteger(scaling.offset);
      // Doubles hold raw × factor exactly enough to round back only while the raw value is small.
      const kind = spec.kind === 'int' && !integerFactor ? { ...spec, length: Math.min(spec.length, 40) } : spec;
      const floatScaling = kind.kind === 'int' ? scaling : { scale: scaling.scale === 0.5 ? 0.5 : 1, offset: 0 };
      const signal = signalOf(kind, floatScaling);
      const message = messageOf([signal], kind.messageLength);
      const codec = compileMessage(message);
      const { min, max } = rawRange(signal);
      const raw: RawInt = signal.isFloat
        ? Number(seed % 1000000n) / 64
        : normalizeInt(min + (((seed % (max - min + 1n)) + (max - min + 1n)) % (max - min + 1n)));
      const payload = codec.encode({ X: raw }, { scaling: false });
      const physical = codec.decode(payload);
      expect(codec.decode(payload, { scaling: false })).toStrictEqual({ X: raw });
      expect(codec.encode(physical)).toEqual(payload);
      expect(codec.decode(codec.encode(physical))).toStrictEqual(physical);
    }), { numRuns: 1500 });
  });

  it('encodes and decodes only the branch the multiplexer selects', () => {
    fc.assert(fc.property(specArb, specArb, fc.integer({ min: 0, max: 3 }), fc.bigInt(), (a, b, muxValue, seed) => {
      const mux = makeSignal({ name: 'Mux', startBit: 0, length: 8, isMultiplexer: true });
      const inA = signalOf({ ...a, messageLength: Math.max(a.messageLength, 8) }, { name: 'A', multiplexerSignal: 'Mux', multiplexerIds: [0, 2] }, 8);
      const inB = signalOf({ ...b, messageLength: Math.max(a.messageLength, 8) }, { name: 'B', multiplexerSignal: 'Mux', multiplexerIds: [1] }, 8);
      const message = messageOf([inA, mux, inB], 8);
      const codec = compileMessage(message);
      const pick = (signal: Signal): RawInt => {
        if (signal.isFloat) return Number(seed % 4096n) / 8;
        const { min, max } = rawRange(signal);
        return normalizeInt(min + (((seed % (max - min + 1n)) + (max - min + 1n)) % (max - min + 1n)));
      };
      const active = muxValue === 1 ? inB : muxValue === 3 ? null : inA;
      const values = active === null ? { Mux: muxValue } : { Mux: muxValue, [active.name]: pick(active) };
      if (active === null) {
        expect(() => codec.encode(values)).toThrow('Expected one of {0, 1 or 2}, but got 3');
        return;
      }
      const payload = codec.encode(values);
      expect(codec.decode(payload)).toStrictEqual(values);
      expect(codec.decode(payload, { allowTruncated: true })).toStrictEqual(values);
    }), { numRuns: 1000 });
  });
});
