import { describe, expect, it } from 'vitest';
import { DecodeOutput } from './decode-output.js';

/** Writes `pieces` through a 16-byte block into `sink`. */
function through(sink: (block: Buffer) => boolean | void, pieces: string[]): DecodeOutput {
  const out = new DecodeOutput(sink, 16);
  for (const piece of pieces) out.text(piece);
  out.flush();
  return out;
}

describe('DecodeOutput', () => {
  it('never writes again into a block the sink may keep', () => {
    const kept: Buffer[] = [];
    through((block) => void kept.push(block), ['abcd', 'efgh', 'ijkl', 'mnop']);
    // Had the first block been filled again, it would read ijklmnop too.
    expect(kept.map((block) => block.toString())).toEqual(['abcdefgh', 'ijklmnop']);
  });

  it('fills the same block again once the sink says it is written out, and a normal one after a big piece', () => {
    const seen: string[] = [];
    const places: string[] = [];
    const buffers: ArrayBufferLike[] = [];
    const out = through((block) => {
      seen.push(block.toString());
      places.push(`${block.byteOffset}`);
      buffers.push(block.buffer);
      return true;
    }, ['abcd', 'efgh', 'ijkl', 'mnop', 'a piece larger than a block', 'qr']);
    expect(seen).toEqual(['abcdefgh', 'ijklmnop', 'a piece larger than a blockqr']);
    expect(buffers[1]).toBe(buffers[0]);
    expect(places[1]).toBe(places[0]);
    expect(out.block.length).toBe(16);
  });
});
