/** Tokens of the `math` transform language (see math-expression.ts): numbers, names, operators. */
import { MathExpressionError } from './errors.js';

export type TokenKind = 'number' | 'name' | 'op' | 'end';
export interface Token {
  kind: TokenKind;
  text: string;
  value: number;
  column: number;
}

const OPERATORS = ['**', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '^', '(', ')', ',', '<', '>'];
// Sticky: each matches exactly at lastIndex.
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Splits a math transform into tokens; an unknown character is a MathExpressionError. */
export function tokenizeMathExpression(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), column: i + 1 });
      i += number[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(source);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], value: 0, column: i + 1 });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (op === undefined) throw new MathExpressionError(source, i + 1, `unexpected character '${ch}'`);
    tokens.push({ kind: 'op', text: op, value: 0, column: i + 1 });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', value: 0, column: source.length + 1 });
  return tokens;
}
