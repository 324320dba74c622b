import { describe, it, expect } from 'vitest';
import { signalBits, signalFits } from './check-signal-layout.js';
import { DbcParseError } from './errors.js';
import { parseDbc } from './parse-dbc.js';

const OVERLAP = 'BO_ 10 Msg: 2 A\n SG_ First : 0|8@1+ (1,0) [0|0] "" X\n SG_ Second : 7|4@1+ (1,0) [0|0] "" X\n';
const BEYOND = 'BO_ 10 Msg: 1 A\n SG_ Wide : 4|8@1+ (1,0) [0|0] "" X\n';

describe('signalBits / signalFits', () => {
  it('maps Intel bits as is and Motorola bits through the sawtooth', () => {
    expect(signalBits({ startBit: 6, length: 4, byteOrder: 'little_endian' })).toEqual([6, 7, 8, 9]);
    // Motorola start 0, 12 bits: byte0 bit0, byte1 bits 7…0, byte2 bits 7…5 (motohawk's Temperature).
    expect(signalBits({ startBit: 0, length: 12, byteOrder: 'big_endian' })).toEqual([0, 15, 14, 13, 12, 11, 10, 9, 8, 23, 22, 21]);
    expect(signalFits({ startBit: 0, length: 12, byteOrder: 'big_endian' }, 3)).toBe(true);
    expect(signalFits({ startBit: 0, length: 12, byteOrder: 'big_endian' }, 2)).toBe(false);
    expect(signalFits({ startBit: 56, length: 8, byteOrder: 'little_endian' }, 8)).toBe(true);
    expect(signalFits({ startBit: 57, length: 8, byteOrder: 'little_endian' }, 8)).toBe(false);
  });
});

describe('checkSignalLayout', () => {
  it('strict rejects overlapping signals at the later SG_', () => {
    expect(() => parseDbc(OVERLAP, { file: 'x.dbc' })).toThrow(DbcParseError);
    expect(() => parseDbc(OVERLAP, { file: 'x.dbc' })).toThrow('x.dbc:3:2: The signals Second and First are overlapping in message Msg.');
  });

  it('checks in cantools\' order (by start bit), so the error names the pair cantools names', () => {
    const reversed = 'BO_ 10 Msg: 2 A\n SG_ Second : 7|4@1+ (1,0) [0|0] "" X\n SG_ First : 0|8@1+ (1,0) [0|0] "" X\n';
    expect(() => parseDbc(reversed, { file: 'x.dbc' })).toThrow('x.dbc:2:2: The signals Second and First are overlapping in message Msg.');
  });

  it('rejects opendbc\'s overlapping PLA_01 (vw_mqb.dbc) as cantools 42 does in strict mode, naming both signals and the message', () => {
    const text = [
      'BO_ 304 PLA_01: 8 XXX',
      ' SG_ PLA_Bremsmoment : 36|13@1+ (4,0) [0|32760] "Unit_NewtoMeter"  XXX',
      ' SG_ PLA_Bremsverzoegerung : 36|7@1+ (0.1,0) [0.0|12.0] "Unit_MeterPerSeconSquar"  XXX',
      '',
    ].join('\n');
    expect(() => parseDbc(text, { file: 'vw.dbc' })).toThrow('vw.dbc:3:2: The signals PLA_Bremsverzoegerung and PLA_Bremsmoment are overlapping in message PLA_01.');
  });

  it('lenient keeps overlapping signals with one warning', () => {
    const db = parseDbc(OVERLAP, { strict: false, file: 'x.dbc' });
    expect(db.messages[0].signals).toHaveLength(2);
    expect(db.warnings).toEqual([{ file: 'x.dbc', line: 3, column: 2, message: 'The signals Second and First are overlapping in message Msg.' }]);
  });

  it('strict rejects a signal beyond the message length; lenient warns', () => {
    expect(() => parseDbc(BEYOND, { file: 'x.dbc' })).toThrow('x.dbc:2:2: The signal Wide does not fit in message Msg.');
    expect(parseDbc(BEYOND, { strict: false }).warnings.map((w) => [w.line, w.column])).toEqual([[2, 2]]);
  });

  it('lets branches of one multiplexer share bits, but not with root signals', () => {
    const branches = [
      'BO_ 10 Msg: 2 A',
      ' SG_ Mux M : 0|4@1+ (1,0) [0|0] "" X',
      ' SG_ A m0 : 4|8@1+ (1,0) [0|0] "" X',
      ' SG_ B m1 : 8|8@1+ (1,0) [0|0] "" X',
      '',
    ].join('\n');
    expect(parseDbc(branches).warnings).toEqual([]);
    expect(() => parseDbc(`${branches} SG_ Root : 12|4@1+ (1,0) [0|0] "" X\n`)).toThrow(/5:2: The signals Root and B are overlapping/);
  });

  it('warns about a signal whose multiplexer never selects it', () => {
    const db = parseDbc([
      'BO_ 10 Msg: 2 A',
      ' SG_ A M : 0|4@1+ (1,0) [0|0] "" X',
      ' SG_ B M : 4|4@1+ (1,0) [0|0] "" X',
      ' SG_ C m1 : 8|4@1+ (1,0) [0|0] "" X',
      'SG_MUL_VAL_ 10 C Nope 1-1;',
      '',
    ].join('\n'));
    expect(db.warnings.map((w) => [w.line, w.message])).toEqual([
      [4, "signal C of message Msg hangs off 'Nope', which multiplexes no branch with it: it is never decoded"],
    ]);
  });
});
