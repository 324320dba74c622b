/**
 * Hostile miIO datagrams for tests of every socket handler (the simulator's, the client's): random
 * bytes, truncated and bit-flipped packets, lying length fields, valid crypto around broken JSON,
 * non-finite numbers, 20,000-deep nesting, oversize datagrams. Seeded, so a failure reproduces.
 * `verified` says whether the checksum holds for `token` (the receiver will decrypt it).
 */
import { seededRandom } from '../../base/seeded-random.js';
import { encodePacket, HEADER_BYTES } from '../packet.js';
import type { MiioToken } from '../token.js';

export interface HostileDatagram {
  kind: string;
  buf: Buffer;
  verified: boolean;
}

/** The largest UDP payload over IPv4. */
const MAX_UDP_PAYLOAD = 65_507;
const DEEP = 20_000;

export function hostileDatagrams(token: MiioToken, options: { role: 'request' | 'reply'; did?: number; seed?: number; randomCount?: number }): HostileDatagram[] {
  const random = seededRandom(options.seed ?? 1);
  const int = (n: number): number => Math.floor(random() * n);
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
  const did = options.did ?? 0x0badcafe;
  const seal = (text: string | Buffer): Buffer => encodePacket({ did, stamp: 1001, token, payload: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8') });
  const valid = options.role === 'request' ? '{"id":7,"method":"get_prop","params":["power"]}' : '{"id":7,"result":["on"]}';
  const good = seal(valid);

  const out: HostileDatagram[] = [];
  const add = (kind: string, buf: Buffer, verified = false): void => void out.push({ kind, buf, verified });

  for (let i = 0; i < (options.randomCount ?? 200); i++) add('random bytes', bytes(int(200)));
  add('empty datagram', Buffer.alloc(0));
  add('oversize random', bytes(MAX_UDP_PAYLOAD));
  for (let n = 0; n < good.length; n += 7) add('truncated', good.subarray(0, n));
  for (let i = 0; i < 64; i++) {
    const flipped = Buffer.from(good);
    const bit = int(flipped.length * 8);
    flipped[bit >> 3] ^= 1 << (bit & 7);
    add('bit flip', flipped);
  }
  for (const length of [0, 1, HEADER_BYTES - 1, HEADER_BYTES, good.length - 1, good.length + 1, 0xffff]) {
    const lying = Buffer.from(good);
    lying.writeUInt16BE(length, 2);
    add('lying length', lying);
  }
  const header = Buffer.from(good.subarray(0, HEADER_BYTES));
  header.writeUInt16BE(HEADER_BYTES, 2);
  add('header only, no payload', header);

  const body = options.role === 'request' ? '"method":"get_prop","params":' : '"result":';
  const broken = [
    `{"id":7,${body}["power"`,
    `{"id":7,${body}`,
    '}{',
    'null',
    '[1,2,3]',
    '"a string"',
    '\u0000\u0000\u0000',
    '\ufeff',
    `{"id":1e400,${body}[]}`,
    `{"id":-1e400,${body}[]}`,
    `{"id":7.5,${body}[]}`,
    `{"id":"x",${body}[]}`,
    `{"id":7,${body}[1e400,-1e400]}`,
    `{"id":7,${body}${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`,
    `{"id":7,${body}${'['.repeat(DEEP)}`,
    // Objects take more bytes a level: half as deep still fits one datagram.
    `{"id":7,${body}${'{"":'.repeat(DEEP / 2)}1${'}'.repeat(DEEP / 2)}}`,
    '['.repeat(DEEP) + ']'.repeat(DEEP),
    `{"id":7,${body}"${'x'.repeat(60_000)}"}`,
  ];
  for (const text of broken) add('valid crypto, hostile JSON', seal(text), true);
  add('valid crypto, binary payload', seal(bytes(256)), true);
  add('valid crypto, invalid UTF-8', seal(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), true);
  return out;
}
