import { describe, it, expect } from 'vitest';
import { conversionOf } from './conversion.js';
import type { Signal } from './model.js';
import { parseDbc } from './parse-dbc.js';

function signalOf(line: string, extra = ''): Signal {
  return parseDbc(`BO_ 1 Msg: 8 A\n ${line}\n${extra}`).messages[0].signals[0];
}

describe('loadSignal', () => {
  it('reads layout, scaling, range, unit and receivers', () => {
    expect(signalOf('SG_ S : 16|12@1- (0.05,-25) [-25|179.75] "MPH" NEO,DAS')).toMatchObject({
      name: 'S', startBit: 16, length: 12, byteOrder: 'little_endian', isSigned: true, isFloat: false,
      scale: 0.05, offset: -25, conversion: 'linear', minimum: -25, maximum: 179.75, unit: 'MPH',
      receivers: ['NEO', 'DAS'], choices: null, comment: null, rawInitial: null,
      isMultiplexer: false, multiplexerIds: null, multiplexerSignal: null, line: 2,
    });
  });

  it('reads [0|0] as no range, "" as no unit, Vector__XXX as no receiver, and Motorola order', () => {
    expect(signalOf('SG_ S : 7|1@0+ (1,0) [0|0] "" Vector__XXX')).toMatchObject({
      byteOrder: 'big_endian', isSigned: false, minimum: null, maximum: null, unit: null, receivers: [],
    });
    expect(signalOf('SG_ S : 7|1@0+ (1,0) [0.0|0] "" X')).toMatchObject({ minimum: 0, maximum: 0 });
  });

  it('reads E+ exponents in ranges', () => {
    expect(signalOf('SG_ S : 0|32@1- (1,0) [-3.4E+038|3.4E+038] "" X')).toMatchObject({ minimum: -3.4e38, maximum: 3.4e38 });
  });

  it('classifies conversions as cantools does', () => {
    expect(signalOf('SG_ S : 0|8@1+ (1,0) [0|0] "" X').conversion).toBe('identity');
    expect(signalOf('SG_ S : 0|8@1+ (1.0,0.0) [0|0] "" X').conversion).toBe('identity');
    expect(signalOf('SG_ S : 0|8@1+ (2,-40) [0|0] "" X').conversion).toBe('integer');
    expect(signalOf('SG_ S : 0|8@1+ (0.5,0) [0|0] "" X').conversion).toBe('linear');
    expect(signalOf('SG_ S : 0|8@1+ (1,0.5) [0|0] "" X').conversion).toBe('linear');
    // cantools tests the values: an integral float factor still gives exact integer arithmetic.
    expect(conversionOf({ scale: 2, offset: 0, isFloat: false })).toBe('integer');
    expect(conversionOf({ scale: 2, offset: 0, isFloat: true })).toBe('linear');
    expect(conversionOf({ scale: 1, offset: 0, isFloat: true })).toBe('identity');
  });

  it('keys VAL_ choices by raw integer: negative and beyond 2^53 exactly', () => {
    const signal = signalOf(
      'SG_ S : 0|64@1- (1,0) [0|0] "" X',
      'VAL_ 1 S -1 "minus one" 0 "zero" 9223372036854775807 "max" -9223372036854775808 "min" ;\n',
    );
    expect(signal.choices).toEqual(new Map<number | bigint, string>([
      [-1, 'minus one'], [0, 'zero'], [9223372036854775807n, 'max'], [-9223372036854775808n, 'min'],
    ]));
  });

  it('ignores an empty VAL_ and lets the last non-empty one win', () => {
    const signal = signalOf('SG_ S : 0|8@1+ (1,0) [0|0] "" X', 'VAL_ 1 S 1 "a" ;\nVAL_ 1 S 2 "b" ;\nVAL_ 1 S ;\n');
    expect(signal.choices).toEqual(new Map([[2, 'b']]));
  });

  it('marks SIG_VALTYPE_ 1 and 2 as float; strict rejects a float that is not 32 or 64 bits', () => {
    expect(signalOf('SG_ S : 0|32@1- (1,0) [0|0] "" X', 'SIG_VALTYPE_ 1 S : 1;\n')).toMatchObject({ isFloat: true, conversion: 'identity' });
    expect(signalOf('SG_ S : 0|64@1- (2,0) [0|0] "" X', 'SIG_VALTYPE_ 1 S : 2;\n')).toMatchObject({ isFloat: true, conversion: 'linear' });
    expect(() => signalOf('SG_ S : 0|16@1- (1,0) [0|0] "" X', 'SIG_VALTYPE_ 1 S : 1;\n')).toThrow(/3:1: float signal 'S' must be 32 or 64 bits/);
  });

  it('reads comment, GenSigStartValue (not its default), attributes and the long name', () => {
    const signal = signalOf('SG_ S : 0|8@1+ (1,0) [0|0] "" X', [
      'CM_ SG_ 1 S "The comment.";',
      'BA_DEF_ SG_ "GenSigStartValue" INT 0 255;',
      'BA_DEF_ SG_ "SystemSignalLongSymbol" STRING;',
      'BA_DEF_DEF_ "GenSigStartValue" 7;',
      'BA_ "GenSigStartValue" SG_ 1 S 42;',
      'BA_ "SystemSignalLongSymbol" SG_ 1 S "S_with_a_long_name";',
      '',
    ].join('\n'));
    expect(signal).toMatchObject({ name: 'S_with_a_long_name', comment: 'The comment.', rawInitial: 42 });
    expect(signal.attributes).toEqual({ GenSigStartValue: 42, SystemSignalLongSymbol: 'S_with_a_long_name' });
    expect(signalOf('SG_ S : 0|8@1+ (1,0) [0|0] "" X', 'BA_DEF_ SG_ "GenSigStartValue" INT 0 9;\nBA_DEF_DEF_ "GenSigStartValue" 7;\n').rawInitial).toBeNull();
  });
});
