import { describe, it, expect } from 'vitest';
import type { Message } from './model.js';
import { parseDbc } from './parse-dbc.js';

const muxOf = (message: Message): Record<string, unknown[]> =>
  Object.fromEntries(message.signals.map((s) => [s.name, [s.isMultiplexer, s.multiplexerIds, s.multiplexerSignal]]));

describe('loadMultiplexing (cantools 42 rules)', () => {
  it('one M: ids are m<k> ∪ SG_MUL_VAL_ of that multiplexer', () => {
    const [message] = parseDbc([
      'BO_ 1 Msg: 8 A',
      ' SG_ S2 m2 : 8|8@1- (1,0) [0|0] "" X',
      ' SG_ S1 m1 : 4|4@1- (1,0) [0|0] "" X',
      ' SG_ S0 M : 0|4@1- (1,0) [0|0] "" X',
      ' SG_ Plain : 16|8@1+ (1,0) [0|0] "" X',
      'SG_MUL_VAL_ 1 S2 S0 2-5;',
      'SG_MUL_VAL_ 1 S1 S0 1-1, 3-3;',
      'SG_MUL_VAL_ 1 Plain S0 7-7;',
      '',
    ].join('\n')).messages;
    expect(muxOf(message)).toEqual({
      S2: [false, [2, 3, 4, 5], 'S0'],
      S1: [false, [1, 3], 'S0'],
      S0: [true, null, null],
      // Without an indicator on its SG_ line a signal is never multiplexed (cantools).
      Plain: [false, null, null],
    });
  });

  it('several …M: only SG_MUL_VAL_ decides, m<k> is ignored', () => {
    const [message] = parseDbc([
      'BO_ 1 Msg: 8 A',
      ' SG_ A M : 0|4@1+ (1,0) [0|0] "" X',
      ' SG_ B m0M : 4|4@1+ (1,0) [0|0] "" X',
      ' SG_ C m7 : 8|8@1+ (1,0) [0|0] "" X',
      ' SG_ D m1 : 16|8@1+ (1,0) [0|0] "" X',
      'SG_MUL_VAL_ 1 B A 0-0;',
      'SG_MUL_VAL_ 1 C B 2-3;',
      '',
    ].join('\n')).messages;
    expect(muxOf(message)).toEqual({
      A: [true, null, null],
      B: [true, [0], 'A'],
      C: [false, [2, 3], 'B'],
      // m1 alone counts for nothing here: D is a plain root signal.
      D: [false, null, null],
    });
  });

  it('a single m<k>M acts as the message multiplexer', () => {
    const [message] = parseDbc('BO_ 1 Msg: 8 A\n SG_ A m3M : 0|4@1+ (1,0) [0|0] "" X\n SG_ B m1 : 4|4@1+ (1,0) [0|0] "" X\n').messages;
    expect(muxOf(message)).toEqual({ A: [true, null, null], B: [false, [1], 'A'] });
  });

  it('links children to the multiplexer long name', () => {
    const [message] = parseDbc([
      'BO_ 1 Msg: 8 A',
      ' SG_ M0 M : 0|4@1+ (1,0) [0|0] "" X',
      ' SG_ C m1 : 4|4@1+ (1,0) [0|0] "" X',
      'BA_DEF_ SG_ "SystemSignalLongSymbol" STRING;',
      'BA_ "SystemSignalLongSymbol" SG_ 1 M0 "TheMultiplexer";',
      '',
    ].join('\n')).messages;
    expect(muxOf(message)).toEqual({ TheMultiplexer: [true, null, null], C: [false, [1], 'TheMultiplexer'] });
  });
});
