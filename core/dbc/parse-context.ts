/**
 * The parser's cursor over the token list, plus the strict/lenient switch: `problem()` raises a
 * located DbcParseError in strict mode and records a DbcWarning in lenient mode.
 */
import { DbcParseError } from './errors.js';
import type { DbcWarning } from './model.js';
import type { Token, TokenKind } from './tokenizer.js';

export class ParseContext {
  private index = 0;
  readonly warnings: DbcWarning[] = [];
  /** Work bounds, so that hostile input cannot make the parser run for long. */
  muxValueBudget = 1 << 20;
  layoutBudget = 1 << 24;

  constructor(
    readonly tokens: readonly Token[],
    readonly file: string,
    readonly strict: boolean,
  ) {}

  peek(ahead = 0): Token {
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.index + ahead, last)];
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'EOF') this.index++;
    return token;
  }

  is(kind: TokenKind, ahead = 0): boolean {
    return this.peek(ahead).kind === kind;
  }

  /** Consumes the next token if it is of `kind`. */
  accept(kind: TokenKind): Token | null {
    return this.is(kind) ? this.next() : null;
  }

  expect(kind: TokenKind, what?: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(token, what ?? describeKind(kind));
    return this.next();
  }

  /** A name: a WORD; one starting with a digit is a problem (strict) or a warning (lenient). */
  expectName(what: string, warn = true): Token {
    const token = this.peek();
    if (token.kind !== 'WORD') throw this.unexpected(token, what);
    if (token.startsWithDigit) {
      if (this.strict || warn) this.problem(token, `${what} '${token.text}' starts with a digit`);
    }
    return this.next();
  }

  /** An integer NUMBER token (cantools parses these with `int()`), as text. */
  expectInteger(what: string): Token {
    const token = this.peek();
    if (token.kind !== 'NUMBER') throw this.unexpected(token, what);
    if (!isIntegerText(token.text)) throw this.error(token, `${what} must be an integer, got '${token.text}'`);
    return this.next();
  }

  /** A message id as written in references (VAL_, CM_, BA_ …): any integer, matched later. */
  expectId(): number {
    return Number(this.expectInteger('a message id').text);
  }

  /** Skips tokens up to and including the next ';' (statements cantools does not interpret). */
  skipStatement(): void {
    while (!this.is(';')) {
      if (this.is('EOF')) throw this.unexpected(this.peek(), "';'");
      this.next();
    }
    this.next();
  }

  error(token: Token, reason: string): DbcParseError {
    return new DbcParseError(this.file, token.line, token.column, reason);
  }

  unexpected(token: Token, expected: string): DbcParseError {
    return this.error(token, `expected ${expected}, found ${describeToken(token)}`);
  }

  /** Sloppiness real files have: strict raises, lenient records a warning and goes on. */
  problem(token: Token, reason: string): void {
    if (this.strict) throw this.error(token, reason);
    this.warnings.push({ file: this.file, line: token.line, column: token.column, message: reason });
  }

  /** A note in both modes (nothing cantools rejects). */
  warn(token: Token, message: string): void {
    this.warnings.push({ file: this.file, line: token.line, column: token.column, message });
  }
}

export function isIntegerText(text: string): boolean {
  return /^[-+]?\d+$/.test(text);
}

function describeKind(kind: TokenKind): string {
  if (kind === 'WORD') return 'a name';
  if (kind === 'NUMBER') return 'a number';
  if (kind === 'STRING') return 'a string';
  if (kind === 'SIGN') return "'+' or '-'";
  if (kind === 'EOF') return 'end of file';
  return `'${kind}'`;
}

export function describeToken(token: Token): string {
  if (token.kind === 'EOF') return 'end of file';
  if (token.kind === 'STRING') return `string "${truncate(token.text)}"`;
  return `'${truncate(token.text)}'`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
