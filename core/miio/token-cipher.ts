import * as crypto from 'node:crypto';
import { MiioChecksumError, MiioPacketError } from './errors.js';
import { isMiioToken, tokenBytes, type MiioToken } from './token.js';

const BLOCK = 16;

/**
 * A token's key material and AES-128-CBC contexts, derived once per token instead of per packet:
 * key = MD5(token), iv = MD5(key ‖ token). The contexts live as long as the token and are never
 * finalised; CBC chaining carries over between `update` calls, so each message's first block is
 * corrected for the previous message's last ciphertext block (E(P1 ⊕ iv) = E((P1 ⊕ iv ⊕ prev) ⊕ prev)).
 * Padding (PKCS#7) is done here, as OpenSSL would.
 */
export class TokenCipher {
  readonly key: Buffer;
  readonly iv: Buffer;
  private readonly cipher: crypto.Cipher;
  private readonly decipher: crypto.Decipher;
  /** The chaining block each context holds now: the last ciphertext block it saw. */
  private readonly encryptChain: Buffer;
  private readonly decryptChain: Buffer;

  constructor(readonly raw: Buffer) {
    this.key = md5(raw);
    this.iv = md5(Buffer.concat([this.key, raw]));
    this.cipher = crypto.createCipheriv('aes-128-cbc', this.key, this.iv).setAutoPadding(false);
    this.decipher = crypto.createDecipheriv('aes-128-cbc', this.key, this.iv).setAutoPadding(false);
    this.encryptChain = Buffer.from(this.iv);
    this.decryptChain = Buffer.from(this.iv);
  }

  /** AES-128-CBC with PKCS#7 padding; the result is a fresh buffer. */
  encrypt(plaintext: Uint8Array): Buffer {
    const length = paddedLength(plaintext.length);
    const block = scratch(length);
    block.set(plaintext, 0);
    block.fill(length - plaintext.length, plaintext.length, length);
    const chain = this.encryptChain;
    const iv = this.iv;
    for (let i = 0; i < BLOCK; i++) block[i] ^= iv[i] ^ chain[i];
    const out = this.cipher.update(block.subarray(0, length));
    out.copy(chain, 0, length - BLOCK, length);
    return out;
  }

  /** Decrypts and strips PKCS#7; a bad length or padding (a wrong key) is a MiioChecksumError. */
  decrypt(ciphertext: Buffer): Buffer {
    const length = ciphertext.length;
    if (length === 0 || length % BLOCK !== 0) {
      throw new MiioChecksumError('decryption failed (bad padding): the token is probably wrong');
    }
    const out = this.decipher.update(ciphertext);
    const chain = this.decryptChain;
    const iv = this.iv;
    for (let i = 0; i < BLOCK; i++) out[i] ^= chain[i] ^ iv[i];
    ciphertext.copy(chain, 0, length - BLOCK, length);
    const pad = out[length - 1];
    let ok = pad >= 1 && pad <= BLOCK;
    for (let i = length - pad; ok && i < length; i++) ok = out[i] === pad;
    // Bad PKCS#7 padding after a good checksum: the sender encrypted with another key.
    if (!ok) throw new MiioChecksumError('decryption failed (bad padding): the token is probably wrong');
    return out.subarray(0, length - pad);
  }
}

/** PKCS#7 always adds 1..16 bytes. */
export function paddedLength(plaintextBytes: number): number {
  return plaintextBytes - (plaintextBytes % BLOCK) + BLOCK;
}

const byToken = new WeakMap<object, TokenCipher>();

/** The cached TokenCipher of a MiioToken or a 16-byte Buffer (re-derived if that Buffer was changed). */
export function tokenCipher(token: MiioToken | Buffer): TokenCipher {
  const cached = byToken.get(token);
  if (cached && (isMiioToken(token) || cached.raw.equals(token as Buffer))) return cached;
  let raw: Buffer;
  if (isMiioToken(token)) raw = tokenBytes(token);
  else if (Buffer.isBuffer(token) && token.length === BLOCK) raw = Buffer.from(token);
  else throw new MiioPacketError(16, 'token must be 16 bytes');
  const fresh = new TokenCipher(raw);
  byToken.set(token, fresh);
  return fresh;
}

/** MD5 of `buf`, one call (crypto.hash from Node 20.12; createHash before). */
export function md5(buf: Buffer): Buffer {
  return typeof crypto.hash === 'function' ? crypto.hash('md5', buf, 'buffer') : crypto.createHash('md5').update(buf).digest();
}

let scratchBuf = Buffer.alloc(2048);

/**
 * A reusable work area (padded plaintext, checksum input). Only for synchronous use inside one call;
 * never returned to a caller.
 */
export function scratch(bytes: number): Buffer {
  if (scratchBuf.length < bytes) scratchBuf = Buffer.alloc(Math.max(bytes, scratchBuf.length * 2));
  return scratchBuf;
}
