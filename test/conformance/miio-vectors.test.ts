import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../helpers/corpus.js';
import {
  buildHelloReply,
  decodePacket,
  deriveKeyIv,
  encodePacket,
  HELLO_PACKET,
  isHello,
  isHelloRequest,
} from '../../core/miio/packet.js';
import { decodePayload, encodePayload } from '../../core/miio/payload.js';
import { parseToken } from '../../core/miio/token.js';

interface Vector {
  name: string;
  kind: 'key_iv' | 'hello' | 'data';
  direction?: string;
  token_hex?: string;
  key_hex?: string;
  iv_hex?: string;
  packet_hex?: string;
  device_id?: number;
  stamp?: number;
  checksum_hex?: string;
  ciphertext_hex?: string;
  plaintext_hex?: string;
  payload?: unknown;
  parsed_payload?: unknown;
}

const file = path.join(corpusDir, 'miio', 'vectors.json');
const vectors = (JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] }).vectors;
const hex = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'hex');

describe('miIO vectors (python-miio 0.5.0.1)', () => {
  it('has all 23 vectors', () => {
    expect(vectors).toHaveLength(23);
  });

  for (const v of vectors.filter((x) => x.kind === 'key_iv')) {
    it(`derives key and iv: ${v.name}`, () => {
      const { key, iv } = deriveKeyIv(parseToken(v.token_hex ?? ''));
      expect(key.toString('hex')).toBe(v.key_hex);
      expect(iv.toString('hex')).toBe(v.iv_hex);
    });
  }

  for (const v of vectors.filter((x) => x.kind === 'hello')) {
    it(`hello byte-exact: ${v.name}`, () => {
      const packet = hex(v.packet_hex);
      expect(isHello(packet)).toBe(true);
      const decoded = decodePacket(packet);
      expect(decoded.isHello).toBe(true);
      expect(decoded.did).toBe(v.device_id);
      expect(decoded.stamp).toBe(v.stamp);
      expect(decoded.checksum.toString('hex')).toBe(v.checksum_hex);
      if (v.direction === 'client->device') {
        expect(HELLO_PACKET.equals(packet)).toBe(true);
        expect(isHelloRequest(packet)).toBe(true);
        return;
      }
      expect(isHelloRequest(packet)).toBe(false);
      const field = v.checksum_hex ?? '';
      const hidden = /^f+$/.test(field) ? 'ff' : /^0+$/.test(field) ? '00' : undefined;
      const rebuilt = buildHelloReply({ did: v.device_id ?? 0, stamp: v.stamp ?? 0, token: hidden ?? hex(field) });
      expect(rebuilt.toString('hex')).toBe(v.packet_hex);
      expect(decoded.tokenInHello?.toString('hex')).toBe(hidden ? undefined : field);
    });
  }

  for (const v of vectors.filter((x) => x.kind === 'data')) {
    it(`encodes byte-exact: ${v.name}`, () => {
      const packet = encodePacket({
        did: v.device_id ?? 0,
        stamp: v.stamp ?? 0,
        token: parseToken(v.token_hex ?? ''),
        payload: hex(v.plaintext_hex),
      });
      expect(packet.toString('hex')).toBe(v.packet_hex);
    });

    it(`decodes byte-exact: ${v.name}`, () => {
      const decoded = decodePacket(hex(v.packet_hex), parseToken(v.token_hex ?? ''));
      expect(decoded.isHello).toBe(false);
      expect(decoded.did).toBe(v.device_id);
      expect(decoded.stamp).toBe(v.stamp);
      expect(decoded.checksum.toString('hex')).toBe(v.checksum_hex);
      expect(decoded.ciphertext.toString('hex')).toBe(v.ciphertext_hex);
      expect(decoded.payload?.toString('hex')).toBe(v.plaintext_hex);
      expect(decodePayload(decoded.payload ?? Buffer.alloc(0))).toEqual(v.parsed_payload);
    });

    if (v.payload !== undefined) {
      it(`serialises the payload like python-miio: ${v.name}`, () => {
        expect(encodePayload(v.payload, { style: 'python-miio' }).toString('hex')).toBe(v.plaintext_hex);
      });
    }
  }

  it('serialises the npm-style request compactly without a NUL', () => {
    const v = vectors.find((x) => x.name === 'request_compact_no_nul_npm_style');
    expect(encodePayload({ method: 'miIO.info', params: [], id: 1 }, { style: 'compact' }).toString('hex')).toBe(v?.plaintext_hex);
  });
});
