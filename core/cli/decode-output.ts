/**
 * Where `homeward decode` writes: bytes straight into a block that goes out whole when full, so a
 * log of a million lines makes a hundred writes and almost no garbage (building each line as a JS
 * string and re-encoding it cost more than decoding it). A writer reserve()s room for a whole
 * piece, then fills `block` from `at` itself, so a block ends only between pieces, never inside a
 * UTF-8 character.
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

  /** Any text, UTF-8. */
  text(text: string): void {
    this.reserve(text.length * 3);
    this.at += this.block.write(text, this.at, 'utf8');
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
