import { describe, it, expect } from 'vitest';
import { parseDbc } from './parse-dbc.js';
import { parseError } from './testing/parse-error.js';

const SIGNAL = ' SG_ Sig : 0|8@1+ (1,0) [0|0] "" B\n';


describe('loadMessages: frame ids', () => {
  it('reads bit 31 as the extended flag', () => {
    const [message] = parseDbc(`BO_ 2147558192 Foo: 8 A\n${SIGNAL}`).messages;
    expect(message).toMatchObject({ frameId: 0x12330, isExtendedFrame: true, isFd: false, line: 1 });
  });

  it('strict rejects a standard id beyond 11 bits at the id', () => {
    const error = parseError(`VERSION ""\nBO_ 419364097 Foo: 8 A\n${SIGNAL}`);
    expect(error).toMatchObject({ line: 2, column: 5 });
    expect(error.reason).toContain('standard frame id 0x18fefd01 is more than 11 bits');
  });

  it('lenient reads a flagless 29-bit id as extended, with a warning', () => {
    const db = parseDbc(`VERSION ""\nBO_ 419364097 Foo: 8 A\n${SIGNAL}`, { strict: false, file: 'x.dbc' });
    expect(db.messages[0]).toMatchObject({ frameId: 0x18fefd01, isExtendedFrame: true });
    expect(db.warnings).toHaveLength(1);
    expect(db.warnings[0]).toMatchObject({ file: 'x.dbc', line: 2, column: 5 });
  });

  it('rejects ids beyond 29 bits in both modes', () => {
    for (const strict of [true, false]) {
      expect(() => parseDbc(`BO_ 4294967295 Foo: 8 A\n${SIGNAL}`, { strict })).toThrow(/more than 29 bits/);
      expect(() => parseDbc(`BO_ 1073741824 Foo: 8 A\n${SIGNAL}`, { strict })).toThrow(/more than 29 bits/);
    }
  });

  it('skips VECTOR__INDEPENDENT_SIG_MSG', () => {
    const db = parseDbc(`BO_ 3221225472 VECTOR__INDEPENDENT_SIG_MSG: 0 Vector__XXX\n SG_ Lost : 0|8@1+ (1,0) [0|0] "" B\nBO_ 1 Kept: 1 A\n`);
    expect(db.messages.map((message) => message.name)).toEqual(['Kept']);
  });
});

describe('loadMessages: sloppy names', () => {
  it('accepts `NAME : len` (a space before the colon) in both modes without a warning, as cantools 42 does', () => {
    const text = `BO_ 1043 TIME : 8 A\n${SIGNAL}`;
    for (const strict of [true, false]) {
      const db = parseDbc(text, { strict, file: 'x.dbc' });
      expect(db.messages[0]).toMatchObject({ name: 'TIME', frameId: 1043, length: 8 });
      expect(db.warnings).toEqual([]);
    }
  });

  it('strict rejects message and signal names starting with a digit; lenient warns for each', () => {
    const text = 'BO_ 1275 2017_5: 8 A\n SG_ 0_COUNTER : 0|8@1+ (1,0) [0|0] "" B\n';
    expect(parseError(text)).toMatchObject({ line: 1, column: 10, reason: "message name '2017_5' starts with a digit" });
    const db = parseDbc(text, { strict: false, file: 'x.dbc' });
    expect(db.messages[0].name).toBe('2017_5');
    expect(db.messages[0].signals[0].name).toBe('0_COUNTER');
    expect(db.warnings.map((w) => [w.line, w.column, w.message])).toEqual([
      [1, 10, "message name '2017_5' starts with a digit"],
      [2, 6, "signal name '0_COUNTER' starts with a digit"],
    ]);
  });
});

describe('loadMessages: senders and attributes', () => {
  const attributes = [
    'BA_DEF_ BO_ "GenMsgCycleTime" INT 0 65535;',
    'BA_DEF_ BO_ "GenMsgSendType" ENUM "Cyclic","OnEvent";',
    'BA_DEF_ BO_ "VFrameFormat" INT 0 15;',
    'BA_DEF_ BO_ "SystemMessageLongSymbol" STRING;',
    'BA_DEF_DEF_ "GenMsgCycleTime" 100;',
    'BA_DEF_DEF_ "GenMsgSendType" "Cyclic";',
    'BA_DEF_DEF_ "VFrameFormat" 0;',
    'BA_DEF_DEF_ "SystemMessageLongSymbol" "";',
  ].join('\n');

  it('joins BO_ and BO_TX_BU_ senders and drops Vector__XXX', () => {
    const db = parseDbc(`BO_ 1 One: 8 A\nBO_ 2 Two: 8 Vector__XXX\nBO_TX_BU_ 1 : B,A;\nBO_TX_BU_ 1 : C;\n`);
    expect(db.messages.map((message) => message.senders)).toEqual([['A', 'B', 'C'], []]);
  });

  it('reads cycle time (0 → null, default otherwise), send type, INT VFrameFormat and long names', () => {
    const db = parseDbc([
      'BO_ 1 One: 8 A', 'BO_ 2 Two: 64 A', 'BO_ 3 Three: 8 A', attributes,
      'BA_ "GenMsgCycleTime" BO_ 2 0;', 'BA_ "GenMsgCycleTime" BO_ 3 20;',
      'BA_ "GenMsgSendType" BO_ 3 1;', 'BA_ "VFrameFormat" BO_ 2 14;', 'BA_ "VFrameFormat" BO_ 3 3;',
      'BA_ "SystemMessageLongSymbol" BO_ 3 "ThreeWithAVeryLongName";', '',
    ].join('\n'));
    expect(db.messages.map((m) => [m.name, m.cycleTime, m.sendType, m.isFd, m.protocol])).toEqual([
      ['One', 100, 'Cyclic', false, null],
      ['Two', null, 'Cyclic', true, null],
      ['ThreeWithAVeryLongName', 20, 'OnEvent', false, 'j1939'],
    ]);
    expect(db.messages[2].attributes).toEqual({
      GenMsgCycleTime: 20, GenMsgSendType: 'OnEvent', VFrameFormat: 3, SystemMessageLongSymbol: 'ThreeWithAVeryLongName',
    });
  });

  it('strict rejects a BA_ without BA_DEF_; lenient keeps the value with a warning', () => {
    const text = 'BO_ 1 One: 8 A\nBA_ "Nope" BO_ 1 5;\n';
    expect(parseError(text)).toMatchObject({ line: 2, column: 1, reason: "attribute 'Nope' has no definition (BA_DEF_)" });
    const db = parseDbc(text, { strict: false });
    expect(db.messages[0].attributes).toEqual({ Nope: 5 });
    expect(db.warnings).toHaveLength(1);
  });

  it('warns (in both modes) about two messages with one frame id', () => {
    const db = parseDbc('BO_ 1 One: 8 A\nBO_ 1 Again: 8 A\n');
    expect(db.warnings.map((w) => [w.line, w.column, w.message])).toEqual([[2, 5, 'message Again has the same frame id as One']]);
  });
});
