import { describe, it, expect } from 'vitest';
import { dumpDatabase } from './dump.js';
import { parseDbc } from './parse-dbc.js';

const DBC = [
  'BO_ 2147483649 Mux: 2 ECU',
  ' SG_ Sel M : 0|2@1+ (1,0) [0|3] "" X',
  ' SG_ A m0 : 2|6@1+ (0.5,1) [1|32.5] "km/h" X',
  ' SG_ B m1 : 2|6@1- (1,0) [0|0] "" X',
  ' SG_ C : 15|4@0+ (1,0) [0|0] "" X',
  'CM_ BO_ 2147483649 "A multiplexed\nmessage.";',
  'VAL_ 2147483649 Sel 0 "speed" 1 "other" ;',
  '',
].join('\n');

describe('dumpDatabase', () => {
  it('lists a message header, its bit layout and its signals', () => {
    const text = dumpDatabase(parseDbc(DBC));
    expect(text).toContain('  Name:       Mux\n  Id:         0x1\n  Length:     2 bytes\n  Extended:   yes\n  CAN FD:     no\n  Cycle time: - ms\n  Senders:    ECU\n');
    expect(text).toContain('  Comment:    A multiplexed message.\n');
    // Byte 0: Sel in bits 1–0, A and B share bits 7–2; byte 1: C (Motorola, start 15) in bits 7–4.
    expect(text).toContain('         0 | # | # | # | # | # | # | A | A |\n');
    expect(text).toContain('         1 | D | D | D | D |   |   |   |   |\n');
    expect(text).toContain('    B A\n        start 2, length 6, little_endian, unsigned\n        scale 0.5, offset 1 (linear), min 1, max 32.5, unit km/h\n        multiplexed by Sel = 0\n');
    expect(text).toContain('    A Sel\n');
    expect(text).toContain('        multiplexer\n        receivers X\n        choices\n            0 speed\n            1 other\n');
  });
});
