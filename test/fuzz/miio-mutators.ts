import { createHash } from 'node:crypto';
import { encodePacket, encryptPayload, HEADER_BYTES } from '../../core/miio/packet.js';

export { seededRandom as prng } from '../../core/base/seeded-random.js';

export interface Seed {
  name: string;
  packet: Buffer;
  /** The token that verifies the packet (data packets). */
  token?: Buffer;
  /** The decrypted JSON text (data packets). */
  plaintext?: Buffer;
}

/** What one case feeds the decoders. */
export interface FuzzInput {
  mutator: string;
  seed: string;
  packet?: Buffer;
  token?: Buffer;
  /** Fed straight to decodePayload. */
  plaintext?: Buffer;
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const bytes = (r: Rand, n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(r, 256)));
const QUIRK_CHARS = [',', '[', ']', '{', '}', '"', ':', '0', '-', '\u0000', '\\', 'e', '.', ' ', '\u00ff', 'n', 't', '1e999', '\ud800'];

function flipBits(r: Rand, buf: Buffer, count: number): Buffer {
  const out = Buffer.from(buf);
  if (out.length === 0) return out;
  for (let i = 0; i < count; i++) out[int(r, out.length)] ^= 1 << int(r, 8);
  return out;
}

function withLength(buf: Buffer, length: number): Buffer {
  const out = Buffer.from(buf);
  if (out.length >= 4) out.writeUInt16BE(length & 0xffff, 2);
  return out;
}

function md5(...parts: Buffer[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Re-signs a data packet after its ciphertext changed, so the checksum passes and decryption runs. */
function resign(packet: Buffer, token: Buffer): Buffer {
  const out = withLength(packet, packet.length);
  md5(out.subarray(0, 16), token, out.subarray(HEADER_BYTES)).copy(out, 16);
  return out;
}

function mutateText(r: Rand, text: Buffer): Buffer {
  const s = text.toString('latin1');
  switch (int(r, 9)) {
    case 0:
      return flipBits(r, text, 1 + int(r, 4));
    case 1: {
      const at = int(r, s.length + 1);
      return Buffer.from(s.slice(0, at) + QUIRK_CHARS[int(r, QUIRK_CHARS.length)] + s.slice(at), 'utf8');
    }
    case 2: {
      const at = int(r, s.length + 1);
      return Buffer.from(s.slice(0, at) + s.slice(at + 1 + int(r, 8)), 'latin1');
    }
    case 3:
      return Buffer.from(s.slice(0, int(r, s.length + 1)), 'latin1');
    case 4: {
      const depth = [1, 10, 1000, 100_000][int(r, 4)];
      const open = r() < 0.5 ? '[' : '{"a":';
      return Buffer.from(`{"id":1,"result":${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(r() < 0.5 ? depth : 0)}}`);
    }
    case 5:
      return Buffer.from(s.replace(/\d+/, '9'.repeat(1 + int(r, 400))), 'latin1');
    case 6:
      return Buffer.from(s.replace(/,/g, () => (r() < 0.3 ? ',,' : ',')), 'latin1');
    case 7: {
      const at = int(r, s.length + 1);
      return Buffer.concat([Buffer.from(s.slice(0, at), 'latin1'), bytes(r, 1 + int(r, 16)), Buffer.from(s.slice(at), 'latin1')]);
    }
    default:
      return Buffer.from(`${s}\u0000${s.slice(0, int(r, s.length + 1))}`, 'latin1');
  }
}

/** One mutated case from the seeds: the named mutators of the brief, weighted. */
export function mutate(r: Rand, seeds: readonly Seed[], dataSeeds: readonly Seed[]): FuzzInput {
  const seed = seeds[int(r, seeds.length)];
  const roll = r();
  const base = { seed: seed.name, token: seed.token };
  if (roll < 0.25) return { ...base, mutator: 'bit-flip', packet: flipBits(r, seed.packet, 1 + int(r, 8)) };
  if (roll < 0.35) return { ...base, mutator: 'truncate', packet: seed.packet.subarray(0, int(r, seed.packet.length)) };
  if (roll < 0.45) {
    const lie = r() < 0.5 ? seed.packet.length + int(r, 33) - 16 : int(r, 65536);
    return { ...base, mutator: 'length-lie', packet: withLength(seed.packet, lie) };
  }
  if (roll < 0.52) return { ...base, mutator: 'random-bytes', packet: bytes(r, int(r, r() < 0.9 ? 256 : 4096)) };
  if (roll < 0.57) {
    // Plausible header (magic, honest length), random body: gets past the first checks.
    const p = bytes(r, HEADER_BYTES + 16 * int(r, 12) + (r() < 0.2 ? int(r, 16) : 0));
    p.writeUInt16BE(0x2131, 0);
    return { ...base, mutator: 'random-body', packet: withLength(p, p.length) };
  }
  if (roll < 0.62) {
    const extra = bytes(r, 1 + int(r, 64));
    const p = Buffer.concat([seed.packet, extra]);
    return { ...base, mutator: 'extend', packet: r() < 0.5 ? withLength(p, p.length) : p };
  }
  const data = dataSeeds[int(r, dataSeeds.length)];
  const token = data.token as Buffer;
  const dataBase = { seed: data.name, token };
  if (roll < 0.75) {
    // Ciphertext changed (flipped, cut to whole blocks, or random blocks) and re-signed: decryption runs.
    const cipher = data.packet.subarray(HEADER_BYTES);
    const choice = int(r, 3);
    const body = choice === 0 ? flipBits(r, cipher, 1 + int(r, 4)) : choice === 1 ? cipher.subarray(0, 16 * int(r, cipher.length / 16 + 1)) : bytes(r, 16 * (1 + int(r, 8)));
    return { ...dataBase, mutator: 'ciphertext-resigned', packet: resign(Buffer.concat([data.packet.subarray(0, HEADER_BYTES), body]), token) };
  }
  const plaintext = mutateText(r, data.plaintext as Buffer);
  if (roll < 0.93) {
    // Valid packet, mutated JSON inside: the whole path down to decodePayload.
    const header = data.packet;
    if (plaintext.length + HEADER_BYTES + 16 > 65_535) return { ...dataBase, mutator: 'payload-direct', plaintext };
    const packet = encodePacket({ did: header.readUInt32BE(8), stamp: header.readUInt32BE(12), token, payload: plaintext });
    return { ...dataBase, mutator: 'plaintext-reencrypted', packet };
  }
  if (roll < 0.96) return { ...dataBase, mutator: 'payload-direct', plaintext };
  // Valid ciphertext of the right key but signed with a wrong token: checksum must fail.
  const wrong = flipBits(r, token, 1);
  const packet = Buffer.concat([data.packet.subarray(0, HEADER_BYTES), encryptPayload(token, plaintext)]);
  return { ...dataBase, mutator: 'wrong-token', packet: resign(packet, wrong) };
}
