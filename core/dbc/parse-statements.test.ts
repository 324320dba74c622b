import { describe, it, expect } from 'vitest';
import { DbcParseError } from './errors.js';
import { parseDbc } from './parse-dbc.js';
import { parseError } from './testing/parse-error.js';

const MESSAGE = 'BO_ 304 Msg: 8 A\n SG_ Sig : 0|8@1+ (1,0) [0|0] "" B\n';


describe('parseStatements: syntax errors, located', () => {
  it('reports a missing ] at the token found instead', () => {
    const error = parseError('BU_: A B\nBO_ 1 Foo: 8 A\n SG_ S : 0|8@1+ (1,0) [0|0 "" B\n');
    expect(error).toMatchObject({ file: 'x.dbc', line: 3, column: 28 });
    expect(error.reason).toBe("expected ']', found string \"\"");
  });

  it('reports a byte order other than 0 or 1', () => {
    expect(parseError('BO_ 1 Foo: 8 A\n SG_ S : 0|8@2+ (1,0) [0|0] "" B\n')).toMatchObject({ line: 2, column: 14 });
  });

  it('reports an unknown statement keyword', () => {
    const error = parseError('VERSION ""\n\nFOO 1 2;\n');
    expect(error).toMatchObject({ line: 3, column: 1, reason: "expected a DBC keyword, found 'FOO'" });
  });

  it('reports a statement cut off by the end of the file at the end', () => {
    const error = parseError('BA_DEF_ BO_ "GenMsgCycleTime" INT 0 10\n');
    expect(error).toMatchObject({ line: 2, column: 1, reason: "expected ';', found end of file" });
  });

  it('reports a multiplexer indicator that is neither M, m<k> nor m<k>M', () => {
    expect(parseError('BO_ 1 Foo: 8 A\n SG_ S x3 : 0|8@1+ (1,0) [0|0] "" B\n')).toMatchObject({ line: 2, column: 8 });
  });

  it('reports a non-integer where cantools needs int()', () => {
    const error = parseError('BO_ 1 Foo: 8 A\n SG_ S : 0|8.5@1+ (1,0) [0|0] "" B\n');
    expect(error).toMatchObject({ line: 2, column: 12, reason: "a signal length must be an integer, got '8.5'" });
  });

  it('rejects signal lengths outside 1…64 in both modes', () => {
    const text = 'BO_ 1 Foo: 8 A\n SG_ S : 0|0@1+ (1,0) [0|0] "" B\n';
    expect(parseError(text)).toMatchObject({ line: 2, column: 12 });
    expect(() => parseDbc(text, { strict: false })).toThrow(DbcParseError);
  });

  it('rejects a huge SG_MUL_VAL_ range instead of expanding it', () => {
    const error = parseError(`${MESSAGE}SG_MUL_VAL_ 304 Sig Sig 0-4294967295;\n`);
    expect(error).toMatchObject({ line: 3, column: 25 });
  });
});

describe('parseStatements: CM_', () => {
  it('attaches network, node, message and signal comments; joins network comments', () => {
    const db = parseDbc(
      `BU_: A B\n${MESSAGE}CM_ "net1";\nCM_ "net2";\nCM_ BU_ A "node";\nCM_ BO_ 304 "msg";\nCM_ SG_ 304 Sig "sig \\"q\\"";\nCM_ EV_ E "env";\n`,
    );
    expect(db.comment).toBe('net1net2');
    expect(db.nodes[0].comment).toBe('node');
    expect(db.messages[0].comment).toBe('msg');
    expect(db.messages[0].signals[0].comment).toBe('sig "q"');
  });

  it('strict rejects CM_ SG_ without a signal name at the string', () => {
    expect(parseError(`${MESSAGE}CM_ SG_ 304 "no name";\n`)).toMatchObject({
      line: 3, column: 13, reason: 'CM_ SG_ 304 has no signal name',
    });
  });

  it('lenient accepts CM_ SG_ without a signal name with a warning, and drops the comment', () => {
    const db = parseDbc(`${MESSAGE}CM_ SG_ 304 "no name";\n`, { strict: false, file: 'x.dbc' });
    expect(db.warnings).toEqual([{ file: 'x.dbc', line: 3, column: 13, message: 'CM_ SG_ 304 has no signal name' }]);
    expect(db.messages[0].signals[0].comment).toBeNull();
  });

  it('strict rejects CM_ <number> "…" at the number; lenient warns', () => {
    const text = `${MESSAGE}CM_ 145 "what";\n`;
    expect(parseError(text)).toMatchObject({ line: 3, column: 5 });
    const db = parseDbc(text, { strict: false, file: 'x.dbc' });
    expect(db.warnings).toEqual([
      { file: 'x.dbc', line: 3, column: 5, message: 'CM_ 145 has no object kind (BO_, SG_, BU_ or EV_)' },
    ]);
  });
});

describe('parseStatements: statements read and dropped', () => {
  it('reads the NS_ block, BS_ with bit timing, SIG_GROUP_, EV_, ENVVAR_DATA_, BA_REL_ and skips SGTYPE_ & co.', () => {
    const text = [
      'VERSION "1.0"',
      'NS_ :',
      '\tNS_DESC_',
      '\tCM_',
      '\tSG_MUL_VAL_',
      'BS_: 500 : 12,34',
      'BU_: A B',
      MESSAGE,
      'EV_ Env: 0 [0|100] "" 0 1 DUMMY_NODE_VECTOR0 Vector__XXX;',
      'ENVVAR_DATA_ Env: 4;',
      'SGTYPE_ T : 8@1+ (1,0) [0|0] "" 0, VT;',
      'CAT_DEF_ 1 Cat 0;',
      'FILTER 0 A : 1;',
      'SIG_GROUP_ 304 Group 1 : Sig;',
      'BA_DEF_REL_ BU_SG_REL_ "Rel" INT 0 10;',
      'BA_DEF_DEF_REL_ "Rel" 3;',
      'BA_REL_ "Rel" BU_SG_REL_ A SG_ 304 Sig 5;',
      'BA_REL_ "Rel" BU_BO_REL_ A 304 5;',
      'VAL_ Env 0 "off" 1 "on";',
      '',
    ].join('\n');
    const db = parseDbc(text);
    expect(db.version).toBe('1.0');
    expect(db.nodes.map((node) => node.name)).toEqual(['A', 'B']);
    expect(db.messages.map((message) => message.name)).toEqual(['Msg']);
    expect(db.attributeDefinitions).toEqual([
      { name: 'Rel', kind: 'BU_SG_REL_', type: 'INT', minimum: 0, maximum: 10, choices: null, defaultValue: 3 },
    ]);
    expect(db.warnings).toEqual([]);
  });

  it('parses an empty file into an empty database', () => {
    expect(parseDbc('')).toMatchObject({ version: null, nodes: [], messages: [], comment: null, warnings: [] });
  });
});
