/**
 * The DBC tokenizer: one linear pass over the text, cantools' token classes (`NUMBER`, `WORD`,
 * `STRING`, punctuation, keywords). Whitespace is space, tab, CR and LF; `//` starts a comment to
 * the end of the line. Any other character outside a string is a located DbcParseError.
 */
import { DbcParseError } from './errors.js';

/** The DBC keywords cantools knows (§2.1); a WORD spelled like one becomes that keyword. */
export const DBC_KEYWORDS: ReadonlySet<string> = new Set([
  'BA_', 'BA_DEF_', 'BA_DEF_DEF_', 'BA_DEF_DEF_REL_', 'BA_DEF_REL_', 'BA_DEF_SGTYPE_', 'BA_REL_',
  'BA_SGTYPE_', 'BO_', 'BO_TX_BU_', 'BS_', 'BU_', 'BU_BO_REL_', 'BU_EV_REL_', 'BU_SG_REL_', 'CAT_',
  'CAT_DEF_', 'CM_', 'ENVVAR_DATA_', 'EV_', 'EV_DATA_', 'FILTER', 'NS_', 'NS_DESC_', 'SG_',
  'SG_MUL_VAL_', 'SGTYPE_', 'SGTYPE_VAL_', 'SIG_GROUP_', 'SIG_TYPE_REF_', 'SIG_VALTYPE_',
  'SIGTYPE_VALTYPE_', 'VAL_', 'VAL_TABLE_', 'VERSION',
]);

/** `WORD`, `NUMBER`, `STRING`, `SIGN` (a lone + or -), `EOF`, a punctuation character, or a keyword. */
export type TokenKind = string;

export interface Token {
  kind: TokenKind;
  /** The text as written; for STRING the content without quotes, `\"` unescaped. */
  text: string;
  /** Offset of the first character in the source. */
  offset: number;
  /** Offset just past the last character. */
  end: number;
  line: number;
  column: number;
  /** A WORD that starts with a digit (`2017_5`, `0_COUNTER`): only the lenient parser accepts it. */
  startsWithDigit: boolean;
}

const PUNCTUATION = '()[],|@;:';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Length of cantools' NUMBER (`[-+]?\d+\.?\d*([eE][+-]?\d+)?`) at `i`, or 0. */
function numberLength(text: string, i: number): number {
  let j = i;
  const first = text.charCodeAt(j);
  if (first === 43 || first === 45) j++;
  if (!isDigit(text.charCodeAt(j))) return 0;
  while (isDigit(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 46) {
    j++;
    while (isDigit(text.charCodeAt(j))) j++;
  }
  const e = text.charCodeAt(j);
  if (e === 69 || e === 101) {
    let k = j + 1;
    const sign = text.charCodeAt(k);
    if (sign === 43 || sign === 45) k++;
    if (isDigit(text.charCodeAt(k))) {
      while (isDigit(text.charCodeAt(k))) k++;
      j = k;
    }
  }
  return j - i;
}

/**
 * Splits DBC text into tokens, ending with one `EOF` token. Lines count LF only (CR is
 * whitespace), so CRLF and LF files number their lines alike. Columns are 1-based characters.
 */
export function tokenizeDbc(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let line = 1;
  let lineStart = 0;
  let i = 0;

  const push = (kind: TokenKind, value: string, start: number, end: number, startsWithDigit = false): void => {
    tokens.push({ kind, text: value, offset: start, end, line, column: start - lineStart + 1, startsWithDigit });
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      // `//` comment: cantools needs the newline; we also accept one that ends the file.
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? n : newline;
      continue;
    }
    if (c === 34) {
      i = readString(text, i, file, line, lineStart, (value, end, lines, lastLineStart) => {
        push('STRING', value, i, end);
        if (lines > 0) {
          line += lines;
          lineStart = lastLineStart;
        }
      });
      continue;
    }
    const numLength = numberLength(text, i);
    if (numLength > 0) {
      let end = i + numLength;
      const numberText = text.slice(i, end);
      // `2017_5` is one (digit-first) name, not NUMBER 2017 + WORD _5 as cantools splits it.
      if (isDigit(c) && isWordChar(text.charCodeAt(end)) && !numberText.includes('.')) {
        end = i;
        while (end < n && isWordChar(text.charCodeAt(end))) end++;
        const word = text.slice(i, end);
        push('WORD', word, i, end, true);
      } else {
        push('NUMBER', numberText, i, end);
      }
      i = end;
      continue;
    }
    if (isWordChar(c)) {
      let end = i + 1;
      while (end < n && isWordChar(text.charCodeAt(end))) end++;
      const word = text.slice(i, end);
      push(DBC_KEYWORDS.has(word) ? word : 'WORD', word, i, end);
      i = end;
      continue;
    }
    if (c === 43 || c === 45) {
      push('SIGN', text[i], i, i + 1);
      i++;
      continue;
    }
    if (PUNCTUATION.includes(text[i])) {
      push(text[i], text[i], i, i + 1);
      i++;
      continue;
    }
    throw new DbcParseError(file, line, i - lineStart + 1, `unexpected character ${describeChar(text, i)}`);
  }
  push('EOF', '', n, n);
  return tokens;
}

function describeChar(text: string, i: number): string {
  const code = text.codePointAt(i) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0x20 && code !== 0x7f ? `'${String.fromCodePoint(code)}' (${hex})` : hex;
}

/**
 * Reads a string starting at the quote at `start`. `\"` is an escaped quote; when the text ends
 * before a closing quote, the last `\"` closes the string (what cantools' lazy regex backtracks to).
 * Returns the offset after the closing quote.
 */
function readString(
  text: string,
  start: number,
  file: string,
  line: number,
  lineStart: number,
  emit: (value: string, end: number, lines: number, lastLineStart: number) => void,
): number {
  const n = text.length;
  let j = start + 1;
  let lines = 0;
  let lastLineStart = lineStart;
  let lastEscapedQuote = -1;
  let linesAtLastEscape = 0;
  let lineStartAtLastEscape = lineStart;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 92 && text.charCodeAt(j + 1) === 34) {
      lastEscapedQuote = j + 1;
      linesAtLastEscape = lines;
      lineStartAtLastEscape = lastLineStart;
      j += 2;
      continue;
    }
    if (c === 34) {
      emit(unescape(text.slice(start + 1, j)), j + 1, lines, lastLineStart);
      return j + 1;
    }
    if (c === 10) {
      lines++;
      lastLineStart = j + 1;
    }
    j++;
  }
  if (lastEscapedQuote >= 0) {
    // The backslash stays in the value; earlier `\"` pairs are still unescaped.
    emit(unescape(text.slice(start + 1, lastEscapedQuote)), lastEscapedQuote + 1, linesAtLastEscape, lineStartAtLastEscape);
    return lastEscapedQuote + 1;
  }
  throw new DbcParseError(file, line, start - lineStart + 1, 'unterminated string');
}

function unescape(raw: string): string {
  return raw.includes('\\"') ? raw.replaceAll('\\"', '"') : raw;
}
