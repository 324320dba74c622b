import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MiioChecksumError } from './errors.js';
import { paddedLength, tokenCipher } from './token-cipher.js';
import { parseToken, tokenBytes } from './token.js';

const HEX = ['00112233445566778899aabbccddeeff', '9a8b7c6d5e4f30211203f4e5d6c7b8a9'];
const tokens = HEX.map(parseToken);

/** The textbook construction, one fresh OpenSSL context a message (what packet.ts did before). */
function reference(hex: string): { encrypt: (p: Buffer) => Buffer; decrypt: (c: Buffer) => Buffer } {
  const raw = Buffer.from(hex, 'hex');
  const key = createHash('md5').update(raw).digest();
  const iv = createHash('md5').update(key).update(raw).digest();
  return {
    encrypt: (p) => {
      const c = createCipheriv('aes-128-cbc', key, iv);
      return Buffer.concat([c.update(p), c.final()]);
    },
    decrypt: (c) => {
      const d = createDecipheriv('aes-128-cbc', key, iv);
      return Buffer.concat([d.update(c), d.final()]);
    },
  };
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('tokenCipher', () => {
  it('equals a fresh AES-128-CBC context per message, for any interleaving of messages and tokens', () => {
    const refs = HEX.map(reference);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1), fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 20 }), (messages) => {
        for (const [which, bytes] of messages) {
          const plaintext = Buffer.from(bytes);
          const ciphertext = tokenCipher(tokens[which]).encrypt(plaintext);
          expect(ciphertext.equals(refs[which].encrypt(plaintext))).toBe(true);
          expect(tokenCipher(tokens[which]).decrypt(ciphertext).equals(plaintext)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('derives key and iv once per token', () => {
    expect(tokenCipher(tokens[0])).toBe(tokenCipher(tokens[0]));
    expect(tokenCipher(tokens[0])).not.toBe(tokenCipher(tokens[1]));
  });

  it('re-derives for a raw Buffer token whose bytes changed in place', () => {
    const raw = tokenBytes(tokens[0]);
    const first = tokenCipher(raw).encrypt(Buffer.from('x'));
    raw.set(tokenBytes(tokens[1]));
    expect(tokenCipher(raw).encrypt(Buffer.from('x')).equals(reference(HEX[1]).encrypt(Buffer.from('x')))).toBe(true);
    expect(first.equals(reference(HEX[0]).encrypt(Buffer.from('x')))).toBe(true);
  });

  it('reports bad padding and partial blocks as MiioChecksumError, and keeps working afterwards', () => {
    const cipher = tokenCipher(tokens[0]);
    const wrongKey = tokenCipher(tokens[1]).encrypt(Buffer.from('{"id":1,"result":["ok"]}'));
    expect(catchError(() => cipher.decrypt(wrongKey))).toBeInstanceOf(MiioChecksumError);
    expect(catchError(() => cipher.decrypt(Buffer.alloc(0)))).toBeInstanceOf(MiioChecksumError);
    expect(catchError(() => cipher.decrypt(Buffer.alloc(20)))).toBeInstanceOf(MiioChecksumError);
    const good = reference(HEX[0]).encrypt(Buffer.from('still fine'));
    expect(cipher.decrypt(good).toString()).toBe('still fine');
  });

  it('pads 1..16 bytes, a whole block on a block boundary', () => {
    expect([0, 1, 15, 16, 17, 32].map(paddedLength)).toEqual([16, 16, 16, 32, 32, 48]);
  });
});
