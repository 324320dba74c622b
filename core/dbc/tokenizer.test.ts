import { describe, it, expect } from 'vitest';
import { DbcParseError } from './errors.js';
import { tokenizeDbc } from './tokenizer.js';

const kinds = (text: string): string[] => tokenizeDbc(text, 't.dbc').map((t) => `${t.kind}:${t.text}`);

describe('tokenizeDbc', () => {
  it('splits a signal line into cantools token classes', () => {
    expect(kinds(' SG_ Foo : 0|12@0- (0.01,250) [-3.4E+038|3.4E+038] "degK"  BAR,FOO')).toEqual([
      'SG_:SG_', 'WORD:Foo', ':::', 'NUMBER:0', '|:|', 'NUMBER:12', '@:@', 'NUMBER:0', 'SIGN:-', '(:(',
      'NUMBER:0.01', ',:,', 'NUMBER:250', '):)', '[:[', 'NUMBER:-3.4E+038', '|:|', 'NUMBER:3.4E+038', ']:]',
      'STRING:degK', 'WORD:BAR', ',:,', 'WORD:FOO', 'EOF:',
    ]);
  });

  it('reads SG_MUL_VAL_ ranges as two numbers, the second with its minus', () => {
    expect(kinds('2-5, 3-3;')).toEqual(['NUMBER:2', 'NUMBER:-5', ',:,', 'NUMBER:3', 'NUMBER:-3', ';:;', 'EOF:']);
  });

  it('keeps a digit-first name whole and marks it', () => {
    const [token] = tokenizeDbc('2017_5 0_COUNTER', 't.dbc');
    expect(token).toMatchObject({ kind: 'WORD', text: '2017_5', startsWithDigit: true });
    expect(tokenizeDbc('Foo', 't.dbc')[0].startsWithDigit).toBe(false);
  });

  it('counts lines by LF, so CRLF and LF agree, and columns from 1', () => {
    const lf = tokenizeDbc('BO_ 1 A: 8 X\n SG_ B', 't.dbc');
    const crlf = tokenizeDbc('BO_ 1 A: 8 X\r\n SG_ B', 't.dbc');
    expect(lf.map((t) => [t.line, t.column])).toEqual(crlf.map((t) => [t.line, t.column]));
    expect(lf[7]).toMatchObject({ kind: 'WORD', text: 'B', line: 2, column: 6 });
  });

  it('unescapes \\" in strings and follows newlines inside them', () => {
    const tokens = tokenizeDbc('CM_ BU_ BAR "fam \\"1\\"\nsecond";\nX', 't.dbc');
    expect(tokens[3].text).toBe('fam "1"\nsecond');
    expect(tokens[5]).toMatchObject({ text: 'X', line: 3, column: 1 });
  });

  it('skips // comments, also one that ends the file', () => {
    expect(kinds('// A comment.\nVERSION "2.0" // Another')).toEqual(['VERSION:VERSION', 'STRING:2.0', 'EOF:']);
  });

  it('rejects a stray character with its line and column', () => {
    const error = catchError(() => tokenizeDbc('BO_ 1 A: 8 X\n  SG_ B # x', 'f.dbc'));
    expect(error).toBeInstanceOf(DbcParseError);
    expect(error).toMatchObject({ file: 'f.dbc', line: 2, column: 9 });
    expect((error as DbcParseError).reason).toContain("'#'");
  });

  it('rejects an unterminated string at its opening quote', () => {
    expect(catchError(() => tokenizeDbc('CM_ "abc\n\ndef', 'f.dbc'))).toMatchObject({ line: 1, column: 5, reason: 'unterminated string' });
  });

  it('closes a string with no closing quote at its last \\" (as cantools\' regex backtracks)', () => {
    const tokens = tokenizeDbc('CM_ "C:\\" ;', 't.dbc');
    expect(tokens.map((t) => t.kind)).toEqual(['CM_', 'STRING', ';', 'EOF']);
    expect(tokens[1].text).toBe('C:\\');
  });

  it('is linear: a 1 MB file tokenizes quickly', () => {
    const text = ' SG_ Foo : 0|12@0- (0.01,250) [0|0] "" BAR\n'.repeat(25_000);
    expect(tokenizeDbc(text, 't.dbc').length).toBe(25_000 * 21 + 1);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
