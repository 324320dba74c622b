import { MiioPayloadError } from './errors.js';

/**
 * A JSON parser that accepts the firmware quirks seen in the wild (python-miio protocol.py quirks,
 * npm miio safeishJSON): empty array elements (`[,,]` → nulls), doubled or trailing commas in objects,
 * a key with no value (`"result":,` → null), leading zeros (`"value":06`), raw control characters
 * inside strings. Anything else throws MiioPayloadError with the character offset, never the text.
 */
export function parseLenientJson(text: string): unknown {
  const parser = new Parser(text);
  parser.skipWs();
  const value = parser.value();
  parser.skipWs();
  if (parser.pos < text.length) parser.fail('unexpected characters after the JSON value');
  return value;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\]|\\.)*"/sy;
const MAX_DEPTH = 64;

class Parser {
  pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  fail(reason: string): never {
    throw new MiioPayloadError(this.pos, reason);
  }

  skipWs(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos += 1;
  }

  value(): unknown {
    const ch = this.text[this.pos];
    if (ch === '{') return this.nested(() => this.object());
    if (ch === '[') return this.nested(() => this.array());
    if (ch === '"') return this.string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
    for (const [word, result] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    return this.fail(ch === undefined ? 'unexpected end of payload' : 'unexpected character');
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail('nesting too deep');
    const result = parse();
    this.depth -= 1;
    return result;
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.pos += 1;
    for (;;) {
      this.skipWs();
      // `,,"otu_stat"` and `{"a":1,}`: empty members are dropped.
      if (this.text[this.pos] === ',') {
        this.pos += 1;
        continue;
      }
      if (this.text[this.pos] === '}') {
        this.pos += 1;
        return result;
      }
      if (this.text[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.skipWs();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos += 1;
      this.skipWs();
      const next = this.text[this.pos];
      // `"result":,` (xiaomi.vacuum.b112): a missing value reads as null.
      const value = next === ',' || next === '}' ? null : this.value();
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWs();
      const sep = this.text[this.pos];
      if (sep !== ',' && sep !== '}') this.fail("expected ',' or '}'");
    }
  }

  private array(): unknown[] {
    const result: unknown[] = [];
    this.pos += 1;
    this.skipWs();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return result;
    }
    for (;;) {
      this.skipWs();
      const next = this.text[this.pos];
      // `[,]` → [null,null] and `[,,]` → [null,null,null], as npm miio's safeishJSON reads empty sub-device values.
      result.push(next === ',' || next === ']' ? null : this.value());
      this.skipWs();
      const sep = this.text[this.pos];
      this.pos += 1;
      if (sep === ']') return result;
      if (sep !== ',') {
        this.pos -= 1;
        this.fail("expected ',' or ']'");
      }
    }
  }

  private string(): string {
    STRING.lastIndex = this.pos;
    const match = STRING.exec(this.text);
    if (!match) this.fail('unterminated string');
    this.pos += match[0].length;
    const escaped = match[0].replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    try {
      return JSON.parse(escaped) as string;
    } catch {
      this.pos -= match[0].length;
      return this.fail('bad escape in string');
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('bad number');
    this.pos += match[0].length;
    // Number() reads leading zeros (`06`, `00`) as decimal, which is what the firmware meant.
    return Number(match[0]);
  }
}
