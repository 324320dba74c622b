/**
 * Where `homeward decode` writes: bytes straight into a block that goes out whole when full, so a
 * log of a million lines makes a hundred writes and almost no garbage (building each line as a JS
 * string and re-encoding it cost more than decoding it). A writer reserve()s room for a whole
 * piece, then fills `block` from `at` itself, so a block ends only between pieces, never inside a
 * UTF-8 character.
 */

const DEFAULT_BLOCK_BYTES = 1 << 20;

export class DecodeOutput {
  /** The block being filled and the next free byte: writers that reserve() first may fill it themselves. */
  block: Buffer;
  /** The same block as a DataView, for writers that store several bytes at once. */
  view: DataView;
  at = 0;

  constructor(
    /** Returns true when it is done with the block (written out), which is then filled again. */
    private readonly sink: (block: Buffer) => boolean | void,
    private readonly blockBytes = DEFAULT_BLOCK_BYTES,
  ) {
    this.block = Buffer.allocUnsafe(blockBytes);
    this.view = viewOf(this.block);
  }

  /** Room for `bytes` more; a piece larger than a block gets a block of its own size. */
  reserve(bytes: number): void {
    if (this.at + bytes <= this.block.length) return;
    this.flush();
    if (bytes > this.block.length) {
      this.block = Buffer.allocUnsafe(bytes);
      this.view = viewOf(this.block);
    }
  }

  /** Any text, UTF-8. */
  text(text: string): void {
    this.reserve(text.length * 3);
    this.at += this.block.write(text, this.at, 'utf8');
  }

  /** Hands out what is written so far. */
  flush(): void {
    if (this.at === 0) return;
    const { block } = this;
    const full = block.subarray(0, this.at);
    this.at = 0;
    // Unless the sink says it is done with the block (a pipe that is not ready keeps it), never
    // write into it again; a fresh megabyte costs page faults, a reused one none.
    if (this.sink(full) === true && block.length === this.blockBytes) return;
    this.block = Buffer.allocUnsafe(this.blockBytes);
    this.view = viewOf(this.block);
  }
}

function viewOf(block: Buffer): DataView {
  return new DataView(block.buffer, block.byteOffset, block.length);
}
