/**
 * Where `homeward decode` writes: bytes straight into a block that goes out whole when full, so a
 * log of a million lines makes a hundred writes and almost no garbage (building each line as a JS
 * string and re-encoding it cost more than decoding it). A block ends only between two pieces, never
 * inside a UTF-8 character.
 */

const DEFAULT_BLOCK_BYTES = 1 << 20;
/** JSON's number text of recent doubles: shortest round-trip digits are costly and values repeat. */
const MAX_CACHED_NUMBERS = 4096;

export class DecodeOutput {
  /** The block being filled and the next free byte: writers that reserve() first may fill it themselves. */
  block: Buffer;
  at = 0;
  private readonly numberText = new Map<number, string>();

  constructor(
    private readonly sink: (block: Buffer) => void,
    private readonly blockBytes = DEFAULT_BLOCK_BYTES,
  ) {
    this.block = Buffer.allocUnsafe(blockBytes);
  }

  /** Room for `bytes` more; a piece larger than a block gets a block of its own size. */
  reserve(bytes: number): void {
    if (this.at + bytes <= this.block.length) return;
    this.flush();
    if (bytes > this.block.length) this.block = Buffer.allocUnsafe(bytes);
  }

  /** Text the caller knows is ASCII (digits, hex, JSON punctuation). */
  ascii(text: string): void {
    const n = text.length;
    this.reserve(n);
    const block = this.block;
    let at = this.at;
    for (let i = 0; i < n; i++) block[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** Characters `from` to `to` of `text`, known to be ASCII. */
  asciiSlice(text: string, from: number, to: number): void {
    this.reserve(to - from);
    const block = this.block;
    let at = this.at;
    for (let i = from; i < to; i++) block[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** Bytes made once (an escaped name, a fixed key). */
  bytes(bytes: Uint8Array): void {
    const n = bytes.length;
    this.reserve(n);
    if (n > 32) {
      this.block.set(bytes, this.at);
      this.at += n;
      return;
    }
    const block = this.block;
    let at = this.at;
    for (let i = 0; i < n; i++) block[at++] = bytes[i];
    this.at = at;
  }

  byte(code: number): void {
    this.reserve(1);
    this.block[this.at++] = code;
  }

  /** Any text, UTF-8. */
  text(text: string): void {
    this.reserve(text.length * 3);
    this.at += this.block.write(text, this.at, 'utf8');
  }

  /** A number as JSON.stringify writes it: integers digit by digit, other finite values cached, NaN and ±Infinity as null. */
  number(value: number): void {
    if (Number.isInteger(value) && value > -1e15 && value < 1e15) return this.integer(value);
    this.ascii(this.numberJson(value));
  }

  /** JSON's text of a number that is not a small integer (at most 24 characters). */
  numberJson(value: number): string {
    if (!Number.isFinite(value)) return 'null';
    let text = this.numberText.get(value);
    if (text === undefined) {
      if (this.numberText.size >= MAX_CACHED_NUMBERS) this.numberText.clear();
      text = `${value}`;
      this.numberText.set(value, text);
    }
    return text;
  }

  /** A safe integer's decimal digits (−0 prints as 0, as in JSON). */
  integer(value: number): void {
    this.reserve(17);
    const block = this.block;
    let v = value;
    if (v < 0) {
      block[this.at++] = 0x2d;
      v = -v;
    }
    if (v < 10) {
      block[this.at++] = 0x30 + v;
      return;
    }
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    let at = this.at + digits;
    this.at = at;
    while (v >= 10) {
      const q = Math.floor(v / 10);
      block[--at] = 0x30 + (v - q * 10);
      v = q;
    }
    block[--at] = 0x30 + v;
  }

  /** Hands out what is written so far. */
  flush(): void {
    if (this.at === 0) return;
    const full = this.block.subarray(0, this.at);
    // The sink may keep the block (a pipe that is not ready): never write into it again.
    this.block = Buffer.allocUnsafe(this.blockBytes);
    this.at = 0;
    this.sink(full);
  }
}
