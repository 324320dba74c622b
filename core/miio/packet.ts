import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { MiioChecksumError, MiioPacketError } from './errors.js';
import { isMiioToken, tokenBytes, type MiioToken } from './token.js';

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
  /** Raw ciphertext (data packets). */
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

/** key = MD5(token), iv = MD5(key ‖ token). */
export function deriveKeyIv(token: MiioToken | Buffer): { key: Buffer; iv: Buffer } {
  const raw = rawToken(token);
  const key = md5(raw);
  return { key, iv: md5(key, raw) };
}

export function encryptPayload(token: MiioToken | Buffer, plaintext: Buffer): Buffer {
  const { key, iv } = deriveKeyIv(token);
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

export function decryptPayload(token: MiioToken | Buffer, ciphertext: Buffer): Buffer {
  const { key, iv } = deriveKeyIv(token);
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (cause) {
    // Bad PKCS#7 padding after a good checksum: the sender encrypted with another key.
    throw new MiioChecksumError('decryption failed (bad padding): the token is probably wrong', { cause });
  }
}

/** Builds a data datagram: header, MD5(header[0:16] ‖ token ‖ ciphertext), AES-128-CBC ciphertext. */
export function encodePacket(input: EncodeInput): Buffer {
  const raw = rawToken(input.token);
  const ciphertext = encryptPayload(raw, input.payload);
  const packet = Buffer.alloc(HEADER_BYTES + ciphertext.length);
  if (packet.length > MAX_DATAGRAM_BYTES) {
    throw new MiioPacketError(2, `payload too large for one datagram (${packet.length} bytes)`);
  }
  writeHeader(packet, { length: packet.length, unknown: 0, did: input.did, stamp: input.stamp });
  ciphertext.copy(packet, HEADER_BYTES);
  md5(packet.subarray(0, 16), raw, ciphertext).copy(packet, 16);
  return packet;
}

/** A 32-byte hello reply as a device sends it; the checksum field holds the token, ff×16 (default) or 00×16. */
export function buildHelloReply(input: { did: number; stamp: number; token?: Buffer | MiioToken | 'ff' | '00' }): Buffer {
  const packet = Buffer.alloc(HEADER_BYTES);
  writeHeader(packet, { length: HEADER_BYTES, unknown: 0, did: input.did, stamp: input.stamp });
  const field = input.token ?? 'ff';
  if (field === 'ff') packet.fill(0xff, 16);
  else if (field === '00') packet.fill(0x00, 16);
  else rawToken(field).copy(packet, 16);
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
  const checksum = Buffer.from(buf.subarray(16, 32));
  const ciphertext = Buffer.from(buf.subarray(HEADER_BYTES));
  const decoded: DecodedPacket = {
    did: buf.readUInt32BE(8),
    stamp: buf.readUInt32BE(12),
    unknown: buf.readUInt32BE(4),
    checksum,
    ciphertext,
    isHello: length === HEADER_BYTES,
  };
  if (decoded.isHello) {
    if (!isHiddenToken(checksum)) decoded.tokenInHello = checksum;
    return decoded;
  }
  if (ciphertext.length % 16 !== 0) {
    throw new MiioPacketError(HEADER_BYTES, `ciphertext of ${ciphertext.length} bytes is not whole 16-byte AES blocks`);
  }
  if (token === undefined) return decoded;
  const raw = rawToken(token);
  if (!md5(buf.subarray(0, 16), raw, ciphertext).equals(checksum)) throw new MiioChecksumError();
  decoded.payload = decryptPayload(raw, ciphertext);
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

function rawToken(token: MiioToken | Buffer): Buffer {
  if (isMiioToken(token)) return tokenBytes(token);
  if (!Buffer.isBuffer(token) || token.length !== 16) throw new MiioPacketError(16, 'token must be 16 bytes');
  return token;
}

function md5(...parts: Buffer[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}
