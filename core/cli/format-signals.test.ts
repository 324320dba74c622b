import { describe, expect, it } from 'vitest';
import { parseDbc } from '../dbc/parse-dbc.js';
import { formatMessageText, formatPythonFloat, toJsonSignals } from './format-signals.js';

describe('formatPythonFloat', () => {
  it.each([
    [166.85000000000002, '166.85000000000002'],
    [-499, '-499.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.0880000000000003e-5, '-2.0880000000000003e-05'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789.125, '123456789.125'],
    [3.4e38, '3.4e+38'],
    [5e-324, '5e-324'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    [Number.NaN, 'nan'],
  ])('%s prints as Python repr() %s', (value, expected) => {
    expect(formatPythonFloat(value)).toBe(expected);
  });
});

const DBC = `VERSION ""
BS_:
BU_: A
BO_ 1 M: 8 A
 SG_ Big : 7|4@0+ (1,0) [0|0] "" A
 SG_ Scaled : 16|16@1- (0.5,0) [0|0] "km/h" A
 SG_ Gear : 0|3@1+ (1,0) [0|0] "" A
 SG_ Huge : 32|32@1+ (1,0) [0|0] "" A
VAL_ 1 Gear 3 "D" ;
`;

describe('formatMessageText', () => {
  const message = parseDbc(DBC).messages[0];

  it('prints signals in cantools order (by start bit, Motorola MSB renumbered) with units, like cantools decode -s', () => {
    // Big is Motorola with start bit 7 → cantools sorts it at 0, before Gear at 0 (a stable sort keeps file order).
    expect(formatMessageText(message, { Gear: 'D', Big: 1, Scaled: 3, Huge: 7 })).toBe('M(Big: 1, Gear: D, Scaled: 3.0 km/h, Huge: 7)');
  });

  it('leaves out signals the frame did not carry', () => {
    expect(formatMessageText(message, { Scaled: -1.5 })).toBe('M(Scaled: -1.5 km/h)');
  });
});

describe('toJsonSignals', () => {
  it('writes bigints as decimal strings and keeps numbers and names', () => {
    expect(JSON.stringify(toJsonSignals({ a: 2n ** 63n, b: 1.5, c: 'D' }))).toBe('{"a":"9223372036854775808","b":1.5,"c":"D"}');
  });
});
