import { MiioChecksumError, MiioPacketError } from './errors.js';
import type { MiioToken } from './token.js';
import { md5, paddedLength, scratch, tokenCipher } from './token-cipher.js';

/** Header layout (big-endian): magic 0x2131, length, unknown, did, stamp, 16-byte checksum; then AES-CBC data. */
export const MAGIC = 0x2131;
export const HEADER_BYTES = 32;
/** The largest UDP datagram; python-miio's 1024-byte buffer truncated gateway replies (PR #1075). */
export const MAX_DATAGRAM_BYTES = 65_535;

/** The 32-byte hello: magic, length 32, then 0xff everywhere. Handshake and discovery alike. */
export const HELLO_PACKET: Buffer = Buffer.from('21310020' + 'ff'.repeat(28), 'hex');

export interface DecodedPacket {
  did: number;
  stamp: number;
  /** The 16-byte checksum field (the token, ff×16 or 00×16 in a hello reply). */
  checksum: Buffer;
  /** The unknown/reserved word at offset 4 (0xffffffff in a hello request). */
  unknown: number;
  /** Decrypted plaintext (PKCS#7 removed, trailing NULs kept); only for data packets decoded with a token. */
  payload?: Buffer;
  /** Raw ciphertext (data packets); like `checksum`, a view into the decoded datagram. */
  ciphertext: Buffer;
  isHello: boolean;
  /** A hello reply whose checksum field reveals the token (not all nibbles 0 or f). */
  tokenInHello?: Buffer;
}

export interface EncodeInput {
  did: number;
  stamp: number;
  token: MiioToken | Buffer;
  /** Plaintext bytes, e.g. from encodePayload(). */
  payload: Buffer;
}

/** key = MD5(token), iv = MD5(key ‖ token); copies of the per-token cached values. */
export function deriveKeyIv(token: MiioToken | Buffer): { key: Buffer; iv: Buffer } {
  const cipher = tokenCipher(token);
  return { key: Buffer.from(cipher.key), iv: Buffer.from(cipher.iv) };
}

export function encryptPayload(token: MiioToken | Buffer, plaintext: Buffer): Buffer {
  return tokenCipher(token).encrypt(plaintext);
}

export function decryptPayload(token: MiioToken | Buffer, ciphertext: Buffer): Buffer {
  return tokenCipher(token).decrypt(ciphertext);
}

/** Builds a data datagram: header, MD5(header[0:16] ‖ token ‖ ciphertext), AES-128-CBC ciphertext. */
export function encodePacket(input: EncodeInput): Buffer {
  const cipher = tokenCipher(input.token);
  const length = HEADER_BYTES + paddedLength(input.payload.length);
  if (length > MAX_DATAGRAM_BYTES) {
    throw new MiioPacketError(2, `payload too large for one datagram (${length} bytes)`);
  }
  const ciphertext = cipher.encrypt(input.payload);
  // Every byte is written below, so the pooled, unzeroed allocation leaks nothing.
  const packet = Buffer.allocUnsafe(length);
  writeHeader(packet, { length, unknown: 0, did: input.did, stamp: input.stamp });
  // The checksum covers the packet with the token in the checksum field: hash in place, then overwrite.
  cipher.raw.copy(packet, 16);
  ciphertext.copy(packet, HEADER_BYTES);
  md5(packet).copy(packet, 16);
  return packet;
}

/** A 32-byte hello reply as a device sends it; the checksum field holds the token, ff×16 (default) or 00×16. */
export function buildHelloReply(input: { did: number; stamp: number; token?: Buffer | MiioToken | 'ff' | '00' }): Buffer {
  const packet = Buffer.alloc(HEADER_BYTES);
  writeHeader(packet, { length: HEADER_BYTES, unknown: 0, did: input.did, stamp: input.stamp });
  const field = input.token ?? 'ff';
  if (field === 'ff') packet.fill(0xff, 16);
  else if (field === '00') packet.fill(0x00, 16);
  else tokenCipher(field).raw.copy(packet, 16);
  return packet;
}

/** True for any 32-byte packet with the miIO magic and length 32 (hello request or reply). */
export function isHello(buf: Buffer): boolean {
  return buf.length === HEADER_BYTES && buf.readUInt16BE(0) === MAGIC && buf.readUInt16BE(2) === HEADER_BYTES;
}

/** True for the client's hello (did and stamp 0xffffffff), as a device or simulator sees it. */
export function isHelloRequest(buf: Buffer): boolean {
  return isHello(buf) && buf.readUInt32BE(8) === 0xffffffff && buf.readUInt32BE(12) === 0xffffffff;
}

/**
 * Parses a datagram. With a token, a data packet's checksum is verified (MiioChecksumError ⇒ wrong token)
 * and its payload decrypted. Structural problems throw MiioPacketError with the offset.
 */
export function decodePacket(buf: Buffer, token?: MiioToken | Buffer): DecodedPacket {
  if (buf.length < HEADER_BYTES) throw new MiioPacketError(buf.length, `datagram of ${buf.length} bytes is shorter than the 32-byte header`);
  if (buf.length > MAX_DATAGRAM_BYTES) throw new MiioPacketError(MAX_DATAGRAM_BYTES, 'datagram larger than 64 KiB');
  const magic = buf.readUInt16BE(0);
  if (magic !== MAGIC) throw new MiioPacketError(0, `magic 0x${magic.toString(16).padStart(4, '0')} is not 0x2131`);
  const length = buf.readUInt16BE(2);
  if (length !== buf.length) {
    const why = length > buf.length ? 'truncated datagram' : 'trailing bytes after the packet';
    throw new MiioPacketError(2, `length field ${length} but datagram has ${buf.length} bytes (${why})`);
  }
  // Views into buf, not copies: a datagram buffer is the packet's own.
  const checksum = buf.subarray(16, 32);
  const ciphertext = buf.subarray(HEADER_BYTES);
  const decoded: DecodedPacket = {
    did: buf.readUInt32BE(8),
    stamp: buf.readUInt32BE(12),
    unknown: buf.readUInt32BE(4),
    checksum,
    ciphertext,
    isHello: length === HEADER_BYTES,
  };
  if (decoded.isHello) {
    if (!isHiddenToken(checksum)) decoded.tokenInHello = Buffer.from(checksum);
    return decoded;
  }
  if (ciphertext.length % 16 !== 0) {
    throw new MiioPacketError(HEADER_BYTES, `ciphertext of ${ciphertext.length} bytes is not whole 16-byte AES blocks`);
  }
  if (token === undefined) return decoded;
  const cipher = tokenCipher(token);
  // MD5(header[0:16] ‖ token ‖ ciphertext) is MD5 of the packet with the token in the checksum field.
  const work = scratch(length);
  buf.copy(work, 0, 0, length);
  cipher.raw.copy(work, 16);
  if (!md5(work.subarray(0, length)).equals(checksum)) throw new MiioChecksumError();
  decoded.payload = cipher.decrypt(ciphertext);
  return decoded;
}

/** npm miio's rule (`^[fF0]+$`): a hello checksum made only of 0 and f nibbles hides the token. */
export function isHiddenToken(field: Buffer): boolean {
  return field.every((b) => (b >> 4 === 0 || b >> 4 === 0xf) && ((b & 0xf) === 0 || (b & 0xf) === 0xf));
}

function writeHeader(packet: Buffer, h: { length: number; unknown: number; did: number; stamp: number }): void {
  packet.writeUInt16BE(MAGIC, 0);
  packet.writeUInt16BE(h.length, 2);
  packet.writeUInt32BE(h.unknown >>> 0, 4);
  packet.writeUInt32BE(h.did >>> 0, 8);
  packet.writeUInt32BE(h.stamp >>> 0, 12);
}
