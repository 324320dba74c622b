import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MiioChecksumError, MiioPacketError } from './errors.js';
import { buildHelloReply, decodePacket, encodePacket, HELLO_PACKET, isHello, isHelloRequest, isHiddenToken } from './packet.js';
import { parseToken } from './token.js';

const token = parseToken('00112233445566778899aabbccddeeff');
const other = parseToken('9a8b7c6d5e4f30211203f4e5d6c7b8a9');

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('encodePacket / decodePacket', () => {
  it('round-trips any payload, did and stamp', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat(0xffffffff), fc.nat(0xffffffff), (bytes, did, stamp) => {
        const payload = Buffer.from(bytes);
        const decoded = decodePacket(encodePacket({ did, stamp, token, payload }), token);
        expect(decoded).toMatchObject({ did, stamp, isHello: false });
        expect(decoded.payload?.equals(payload)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('reports a wrong token as MiioChecksumError', () => {
    const packet = encodePacket({ did: 1, stamp: 2, token, payload: Buffer.from('{"id":1}') });
    const error = catchError(() => decodePacket(packet, other));
    expect(error).toBeInstanceOf(MiioChecksumError);
    expect((error as Error).message).toMatch(/token is probably wrong/);
  });

  it('reports a flipped ciphertext bit as MiioChecksumError', () => {
    const packet = encodePacket({ did: 1, stamp: 2, token, payload: Buffer.from('{"id":1}') });
    packet[40] ^= 1;
    expect(catchError(() => decodePacket(packet, token))).toBeInstanceOf(MiioChecksumError);
  });

  it('carries a 60 KiB payload (no 1024-byte limit)', () => {
    const payload = Buffer.alloc(60_000, 0x61);
    expect(decodePacket(encodePacket({ did: 1, stamp: 1, token, payload }), token).payload?.length).toBe(60_000);
  });

  it('decodes without a token, leaving the payload encrypted', () => {
    const decoded = decodePacket(encodePacket({ did: 7, stamp: 8, token, payload: Buffer.from('x') }));
    expect(decoded.payload).toBeUndefined();
    expect(decoded.ciphertext.length).toBe(16);
  });

  it.each([
    ['a short datagram', Buffer.alloc(10), 10, /shorter than the 32-byte header/],
    ['a wrong magic', Buffer.from('12340020' + 'ff'.repeat(28), 'hex'), 0, /magic 0x1234/],
    ['a truncated datagram', encodePacket({ did: 1, stamp: 1, token, payload: Buffer.alloc(40) }).subarray(0, 64), 2, /truncated/],
    ['ciphertext not in AES blocks', (() => {
      const b = Buffer.alloc(40);
      b.writeUInt16BE(0x2131, 0);
      b.writeUInt16BE(40, 2);
      return b;
    })(), 32, /16-byte AES blocks/],
  ])('rejects %s with MiioPacketError and its offset', (_what, buf, offset, reason) => {
    const error = catchError(() => decodePacket(buf, token));
    expect(error).toBeInstanceOf(MiioPacketError);
    expect(error).toMatchObject({ offset });
    expect((error as Error).message).toMatch(reason);
  });
});

describe('hello', () => {
  it('is 32 bytes of 0x2131 0x0020 and 0xff', () => {
    expect(HELLO_PACKET.toString('hex')).toBe('21310020' + 'ff'.repeat(28));
    expect(isHello(HELLO_PACKET) && isHelloRequest(HELLO_PACKET)).toBe(true);
  });

  it('tells a revealed token from ff×16, 00×16 and npm-style 0/f mixes', () => {
    const revealed = decodePacket(buildHelloReply({ did: 5, stamp: 6, token }));
    expect(revealed.tokenInHello?.toString('hex')).toBe('00112233445566778899aabbccddeeff');
    expect(decodePacket(buildHelloReply({ did: 5, stamp: 6 })).tokenInHello).toBeUndefined();
    expect(decodePacket(buildHelloReply({ did: 5, stamp: 6, token: '00' })).tokenInHello).toBeUndefined();
    expect(isHiddenToken(Buffer.from('f0'.repeat(16), 'hex'))).toBe(true);
    expect(isHelloRequest(buildHelloReply({ did: 5, stamp: 6 }))).toBe(false);
  });
});
