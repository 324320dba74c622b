import { describe, expect, it } from 'vitest';
import { createDbcCodec } from './codec.js';
import { parseDbc } from './parse-dbc.js';
import { compileMessage } from './compile-message.js';
import { makeMessage, makeSignal } from './codec-fixtures.js';
import { DecodeError, EncodeError } from './errors.js';
import type { Database, Message } from './model.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

// cantools' motohawk.dbc ExampleMessage and the values its documentation shows.
const motohawk = makeMessage({
  name: 'ExampleMessage',
  frameId: 496,
  signals: [
    makeSignal({ name: 'Temperature', startBit: 0, length: 12, byteOrder: 'big_endian', isSigned: true, scale: 0.01, offset: 250, minimum: 229.52, maximum: 270.47 }),
    makeSignal({ name: 'AverageRadius', startBit: 6, length: 6, byteOrder: 'big_endian', scale: 0.1, minimum: 0, maximum: 5 }),
    makeSignal({ name: 'Enable', startBit: 7, length: 1, byteOrder: 'big_endian', choices: new Map([[0, 'Disabled'], [1, 'Enabled']]) }),
  ],
});

// multiplex_2.dbc's `Extended`: two independent multiplexers, one cascaded (m0M).
const extended = makeMessage({
  name: 'Extended',
  signals: [
    makeSignal({ name: 'S0', startBit: 0, length: 4, isSigned: true, isMultiplexer: true }),
    makeSignal({ name: 'S1', startBit: 4, length: 4, isSigned: true, isMultiplexer: true, multiplexerSignal: 'S0', multiplexerIds: [0] }),
    makeSignal({ name: 'S2', startBit: 8, length: 8, isSigned: true, multiplexerSignal: 'S1', multiplexerIds: [0] }),
    makeSignal({ name: 'S3', startBit: 16, length: 16, isSigned: true, multiplexerSignal: 'S1', multiplexerIds: [0] }),
    makeSignal({ name: 'S4', startBit: 8, length: 24, isSigned: true, multiplexerSignal: 'S1', multiplexerIds: [2] }),
    makeSignal({ name: 'S5', startBit: 4, length: 28, isSigned: true, multiplexerSignal: 'S0', multiplexerIds: [1] }),
    makeSignal({ name: 'S6', startBit: 32, length: 8, isSigned: true, isMultiplexer: true }),
    makeSignal({ name: 'S7', startBit: 40, length: 24, isSigned: true, multiplexerSignal: 'S6', multiplexerIds: [1] }),
    makeSignal({ name: 'S8', startBit: 40, length: 8, isSigned: true, multiplexerSignal: 'S6', multiplexerIds: [2] }),
  ],
});

describe('compileMessage: decode', () => {
  const codec = compileMessage(motohawk);

  it('decodes Motorola signals with offset and choices as cantools documents', () => {
    expect(codec.decode(hex('C006E00000000000'), { decodeChoices: true })).toStrictEqual({ Enable: 'Enabled', AverageRadius: 3.2, Temperature: 250.55 });
    expect(codec.decode(hex('C006E00000000000'))).toStrictEqual({ Enable: 1, AverageRadius: 3.2, Temperature: 250.55 });
    expect(codec.decode(hex('C006E00000000000'), { scaling: false })).toStrictEqual({ Enable: 1, AverageRadius: 32, Temperature: 55 });
  });

  it('keeps cantools key order (by start bit, network order for Motorola)', () => {
    expect(Object.keys(codec.decode(hex('C006E00000000000')))).toEqual(['Enable', 'AverageRadius', 'Temperature']);
  });

  it('rejects short frames, or returns the signals that fit when asked', () => {
    expect(() => codec.decode(hex('C006'))).toThrow(new DecodeError('Wrong data size: 2 instead of 8 bytes'));
    expect(codec.decode(hex('C006'), { allowTruncated: true })).toStrictEqual({ Enable: 1, AverageRadius: 3.2 });
    expect(codec.decode(hex(''), { allowTruncated: true })).toStrictEqual({});
  });

  it('ignores bytes beyond the message length', () => {
    expect(codec.decode(hex('C006E00000000000FFFF'))).toStrictEqual({ Enable: 1, AverageRadius: 3.2, Temperature: 250.55 });
  });

  it('looks choices up by the raw value, not the scaled one', () => {
    const message = makeMessage({ name: 'M', length: 1, signals: [makeSignal({ name: 'G', startBit: 0, length: 8, scale: 2, offset: 1, choices: new Map([[3, 'Three'], [7, 'Seven']]) })] });
    const scaled = compileMessage(message);
    expect(scaled.decode(hex('03'), { decodeChoices: true })).toStrictEqual({ G: 'Three' });
    expect(scaled.decode(hex('04'), { decodeChoices: true })).toStrictEqual({ G: 9 });
    expect(scaled.decode(hex('07'), { decodeChoices: true, scaling: false })).toStrictEqual({ G: 'Seven' });
  });
});

describe('compileMessage: numbers', () => {
  const wide = (fields: Partial<Message['signals'][number]>): ReturnType<typeof compileMessage> =>
    compileMessage(makeMessage({ name: 'W', signals: [makeSignal({ name: 'X', startBit: 0, length: 64, ...fields })] }));

  it('keeps 64-bit integers exact: numbers while safe, bigints beyond', () => {
    expect(wide({}).decode(hex('FFFFFFFFFFFFFFFF'))).toStrictEqual({ X: 18446744073709551615n });
    expect(wide({}).decode(hex('FFFFFFFFFFFF1F00'))).toStrictEqual({ X: Number.MAX_SAFE_INTEGER });
    expect(wide({}).decode(hex('0000000000002000'))).toStrictEqual({ X: 9007199254740992n });
    expect(wide({ isSigned: true }).decode(hex('FFFFFFFFFFFFFFFF'))).toStrictEqual({ X: -1 });
    expect(wide({ isSigned: true }).decode(hex('0000000000000080'))).toStrictEqual({ X: -9223372036854775808n });
    expect(wide({ isSigned: true, byteOrder: 'big_endian', startBit: 7 }).decode(hex('80000000000000FF'))).toStrictEqual({ X: -9223372036854775553n });
  });

  it('scales integer factors exactly and others as IEEE doubles', () => {
    expect(wide({ scale: 3, offset: -1 }).decode(hex('FFFFFFFFFFFFFFFF'))).toStrictEqual({ X: 55340232221128654844n });
    expect(wide({ scale: 0.5 }).decode(hex('FFFFFFFFFFFFFFFF'))).toStrictEqual({ X: 9223372036854775808 });
    const lat = compileMessage(makeMessage({ name: 'L', signals: [makeSignal({ name: 'Lat', startBit: 0, length: 28, isSigned: true, scale: 1e-6 })] }));
    expect(lat.decode(hex('6D5B9A0200000000'))).toStrictEqual({ Lat: 0x29a5b6d * 1e-6 + 0 });
  });

  it('reads float32 and float64 in both byte orders', () => {
    const floats = compileMessage(makeMessage({
      name: 'F',
      length: 16,
      signals: [
        makeSignal({ name: 'Le32', startBit: 0, length: 32, isFloat: true }),
        makeSignal({ name: 'Be32', startBit: 39, length: 32, isFloat: true, byteOrder: 'big_endian' }),
        makeSignal({ name: 'Le64', startBit: 64, length: 64, isFloat: true, scale: 2, offset: 1 }),
      ],
    }));
    const data = new Uint8Array(16);
    const view = new DataView(data.buffer);
    view.setFloat32(0, -1248.5435791015625, true);
    view.setFloat32(4, 3.4e38, false);
    view.setFloat64(8, Math.PI, true);
    expect(floats.decode(data)).toStrictEqual({ Le32: -1248.5435791015625, Be32: Math.fround(3.4e38), Le64: Math.PI * 2 + 1 });
  });

  it('decodes overlapping signals each on its own', () => {
    const overlap = compileMessage(makeMessage({
      name: 'O',
      length: 1,
      signals: [makeSignal({ name: 'Byte', startBit: 0, length: 8 }), makeSignal({ name: 'Bit3', startBit: 3, length: 1 })],
    }));
    expect(overlap.decode(hex('08'))).toStrictEqual({ Byte: 8, Bit3: 1 });
  });

  it('takes any name as a plain property, __proto__ included', () => {
    const odd = compileMessage(makeMessage({ name: 'P', length: 1, signals: [makeSignal({ name: '__proto__', startBit: 0, length: 8 }), makeSignal({ name: 'a"b\\c', startBit: 0, length: 1 })] }));
    const decoded = odd.decode(hex('05'));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.entries(decoded)).toEqual([['__proto__', 5], ['a"b\\c', 1]]);
    expect(Object.entries(odd.decode(hex('05'), { allowTruncated: true, scaling: false }))).toEqual([['__proto__', 5], ['a"b\\c', 1]]);
  });

  it('rejects a model it cannot compile with a located error', () => {
    const bad = makeMessage({ name: 'B', signals: [makeSignal({ name: 'Huge', startBit: 0, length: 65, line: 12 })] });
    expect(() => compileMessage(bad)).toThrow(new DecodeError('message "B", signal "Huge" (line 12): length 65 is not supported (1 to 64 bits)'));
  });
});

describe('compileMessage: multiplexing', () => {
  const codec = compileMessage(extended);

  it('decodes only the active branches of independent and cascaded multiplexers', () => {
    expect(codec.decode(hex('00F40F5B015A7239'))).toStrictEqual({ S0: 0, S6: 1, S1: 0, S2: -12, S3: 23311, S7: 3764826 });
    expect(codec.decode(hex('A1577316021E0F67'))).toStrictEqual({ S0: 1, S6: 2, S5: 23541114, S8: 30 });
    expect(Object.keys(codec.decode(hex('00F40F5B015A7239')))).toEqual(['S0', 'S6', 'S1', 'S2', 'S3', 'S7']);
  });

  it('raises on a multiplexer value without a branch (allowTruncated too, as cantools), or skips that branch when asked', () => {
    expect(() => codec.decode(hex('AF9BB0C592A53234'))).toThrow(new DecodeError('expected multiplexer id 0 or 1, but got -1'));
    expect(() => codec.decode(hex('AF9BB0C592A53234'), { allowTruncated: true })).toThrow(new DecodeError('expected multiplexer id 0 or 1, but got -1'));
    expect(codec.decode(hex('AF9BB0C592A53234'), { skipUndefinedMultiplexers: true })).toStrictEqual({ S0: -1, S6: -110 });
    expect(codec.decode(hex('0F00000002000000'), { skipUndefinedMultiplexers: true })).toStrictEqual({ S0: -1, S6: 2, S8: 0 });
  });

  it('selects by int() of the decoded value, as cantools, even for wide and scaled multiplexers', () => {
    const wideMux = compileMessage(makeMessage({
      name: 'Wide',
      length: 9,
      signals: [
        makeSignal({ name: 'Mux', startBit: 0, length: 64, scale: 2, isMultiplexer: true }),
        makeSignal({ name: 'X', startBit: 64, length: 8, multiplexerSignal: 'Mux', multiplexerIds: [4] }),
      ],
    }));
    expect(wideMux.decode(hex('020000000000000007'))).toStrictEqual({ Mux: 4, X: 7 });
    expect(wideMux.decode(hex('020000000000000007'), { scaling: false, skipUndefinedMultiplexers: true })).toStrictEqual({ Mux: 2 });
    expect(() => wideMux.decode(hex('000000000000001007'))).toThrow(new DecodeError('expected multiplexer id 4, but got 2305843009213693952'));
  });

  it('treats values named in the multiplexer VAL_ as empty branches', () => {
    const named = compileMessage(makeMessage({
      name: 'N',
      length: 2,
      signals: [
        makeSignal({ name: 'Mux', startBit: 0, length: 8, isMultiplexer: true, choices: new Map([[0, 'A'], [1, 'B'], [5, 'Five']]) }),
        makeSignal({ name: 'X', startBit: 8, length: 8, multiplexerSignal: 'Mux', multiplexerIds: [0, 1] }),
      ],
    }));
    expect(named.decode(hex('0509'))).toStrictEqual({ Mux: 5 });
    expect(named.decode(hex('0109'), { decodeChoices: true })).toStrictEqual({ Mux: 'B', X: 9 });
    expect(() => named.decode(hex('0209'))).toThrow(new DecodeError('expected multiplexer id 0, 1 or 5, but got 2'));
  });
});

describe('compileMessage: encode', () => {
  const codec = compileMessage(motohawk);

  it('encodes physical values and choice names back to the payload', () => {
    expect(toHex(codec.encode({ Temperature: 250.55, AverageRadius: 3.2, Enable: 'Enabled' }))).toBe('C006E00000000000');
    expect(toHex(codec.encode({ Temperature: 55, AverageRadius: 32, Enable: 1 }, { scaling: false }))).toBe('C006E00000000000');
  });

  it('rounds to the nearest raw value, ties to even (Python round)', () => {
    const half = compileMessage(makeMessage({ name: 'H', length: 1, signals: [makeSignal({ name: 'V', startBit: 0, length: 8, scale: 0.5 })] }));
    expect(toHex(half.encode({ V: 1.25 }))).toBe('02');
    expect(toHex(half.encode({ V: 1.75 }))).toBe('04');
    expect(toHex(half.encode({ V: 1.3 }))).toBe('03');
  });

  it('reports missing, unknown and out-of-range values', () => {
    expect(() => codec.encode({ Temperature: 250, AverageRadius: 1 })).toThrow(new EncodeError('The signal "Enable" is required for encoding.'));
    expect(() => codec.encode({ Temperature: 250, AverageRadius: 1, Enable: 0, Foo: 1 })).toThrow(EncodeError);
    expect(() => codec.encode({ Temperature: 300, AverageRadius: 1, Enable: 0 })).toThrow(
      new EncodeError('Expected signal "Temperature" value smaller than or equal to 270.47 in message "ExampleMessage", but got 300.'));
    expect(() => codec.encode({ Temperature: 250, AverageRadius: 1, Enable: 'Maybe' })).toThrow(new EncodeError('Invalid value specified for signal "Enable": "Maybe"'));
    expect(() => codec.encode({ Temperature: 300, AverageRadius: 7, Enable: 0 }, { strict: false })).toThrow(
      new EncodeError('signal "AverageRadius" in message "ExampleMessage": raw value 70 does not fit in 6 bits (unsigned)'));
  });

  it('chooses the branch from the given multiplexer values', () => {
    const muxed = compileMessage(extended);
    const values = { S0: 0, S6: 1, S1: 0, S2: -12, S3: 23311, S7: 3764826 };
    expect(muxed.decode(muxed.encode(values))).toStrictEqual(values);
    expect(() => muxed.encode({ ...values, S0: 3 })).toThrow(
      new EncodeError('A valid value for the multiplexer selector signal "S0" is required: Expected one of {0 or 1}, but got 3'));
    expect(() => muxed.encode({ ...values, S5: 1 })).toThrow(EncodeError);
  });
});

describe('createDbcCodec', () => {
  const standard = makeMessage({ name: 'Std', frameId: 0x123, length: 1, signals: [makeSignal({ name: 'A', startBit: 0, length: 8 })] });
  const ext = makeMessage({ name: 'Ext', frameId: 0x123, isExtendedFrame: true, length: 1, signals: [makeSignal({ name: 'B', startBit: 0, length: 8 })] });
  const db: Database = { version: null, nodes: [], messages: [standard, ext], valueTables: {}, attributeDefinitions: [], attributes: {}, comment: null, warnings: [] };
  const codec = createDbcCodec(db);

  it('keys messages by (frame id, extended)', () => {
    expect(codec.decode(0x123, false, hex('07'))).toStrictEqual({ A: 7 });
    expect(codec.decode(0x123, true, hex('07'))).toStrictEqual({ B: 7 });
    expect(codec.decode(0x124, false, hex('07'))).toBeUndefined();
    expect(codec.getMessage(0x123, true)?.message.name).toBe('Ext');
  });

  it('encodes by message name', () => {
    expect(toHex(codec.encode('Ext', { B: 9 }))).toBe('09');
    expect(() => codec.encode('Nope', {})).toThrow(new EncodeError('Unknown message "Nope"'));
  });
});

describe('fuzz findings', () => {
  it('a multiplexer with an integer factor beyond 2^53 reports an undefined branch, not a TypeError', () => {
    const text = [
      'VERSION ""', 'BS_:', 'BU_: A', 'BO_ 1 M: 8 A',
      ' SG_ Mux M : 0|8@1+ (-9223372036854775809,0) [0|0] "" A',
      ' SG_ Sig m1 : 8|8@1+ (1,0) [0|0] "" A', '',
    ].join('\n');
    const codec = createDbcCodec(parseDbc(text));
    expect(() => codec.decode(1, false, new Uint8Array(8))).toThrow(DecodeError);
    expect(() => codec.decode(1, false, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0))).toThrow(/expected multiplexer id 1, but got -922337203685477580\d/) // factor held as a double;
  });
});
