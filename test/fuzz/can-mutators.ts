/**
 * Mutations for the CAN fuzz targets: small seeds cut from the corpus (one DBC message with its
 * CM_/BA_/VAL_ lines and the header; one candump line), then byte flips, insertions of DBC and
 * candump tokens, deletions, line shuffles, duplications and truncations. Each case is a pure
 * function of (seed, index), so any case can be rebuilt from the report.
 */

export { seededRandom as prng } from '../../core/base/seeded-random.js';

export type Rand = () => number;

export const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];
const int = (r: Rand, n: number): number => Math.floor(r() * n);

/** Characters that matter to a DBC or candump scanner, and a few that never should appear. */
const CHARS = ' \t\n\r"\\:;|@+-.,()[]{}#_0123456789ABCDEFabcdefMmRrTxX/\u0000\u00e9\u20ac\ufeff\ud800';

const DBC_TOKENS = [
  'BO_ ', 'SG_ ', 'BU_:', 'VAL_ ', 'CM_ ', 'BA_ ', 'BA_DEF_ ', 'BA_DEF_DEF_ ', 'BA_REL_ ', 'SIG_VALTYPE_ ', 'SG_MUL_VAL_ ',
  'VAL_TABLE_ ', 'SIG_GROUP_ ', 'EV_ ', 'BO_TX_BU_ ', 'NS_ :', 'BS_:', 'VERSION ', ' M ', ' m0 ', ' m1M ', ' m4294967296 ',
  '@0+', '@1-', '@2+', '|', '(1,0)', '(0,0)', '(1e308,-1e308)', '(NaN,1)', '[0|0]', '[-1e400|1e400]', '""', '"unterminated',
  '4294967295', '2147483648', '-2147483649', '9007199254740993', '18446744073709551616', '0x7FF', '-0', '1.5e-7', '.5', '5.',
  '99999999999999999999999999', ':', ';', '\n', '\n\n', ' ', 'INT', 'HEX', 'FLOAT', 'STRING', 'ENUM', '"GenMsgCycleTime"',
  '"VFrameFormat"', '"J1939PG"', 'Vector__XXX', '//', '/*', '"\\"', '0-3', '1-1, 2-2', 'CANFD_BRS', '64', '65', '0', '1', '-1',
];

const CANDUMP_TOKENS = [
  '(', ')', '#', '##', '#R', '#r', 'R', 'T', ' R', ' T', '_', '_9', '_F', '_0', '.', '0.', '1700000000', '0000000000000000',
  '9999999999999999', '123', '7FF', '800', 'FFF', '1FFFFFFF', '20000000', '3FFFFFFF', 'FFFFFFFF', '00', 'FF', '0'.repeat(128),
  '0'.repeat(130), ' ', '\t', '\r', 'vcan0', 'can-very-long-interface-name', '\u00e9', '\u0000', '\ufeff',
];

export interface Mutated {
  text: string;
  mutators: string[];
}

type Mutator = (r: Rand, text: string, tokens: readonly string[]) => string;

const MUTATORS: Record<string, Mutator> = {
  flip: (r, t) => {
    if (t.length === 0) return pick(r, [...CHARS]);
    const i = int(r, t.length);
    return t.slice(0, i) + pick(r, [...CHARS]) + t.slice(i + 1);
  },
  bitflip: (r, t) => {
    if (t.length === 0) return t;
    const i = int(r, t.length);
    return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << int(r, 7))) + t.slice(i + 1);
  },
  insert: (r, t, tokens) => {
    const i = int(r, t.length + 1);
    return t.slice(0, i) + pick(r, tokens) + t.slice(i);
  },
  delete: (r, t) => {
    const i = int(r, t.length + 1);
    return t.slice(0, i) + t.slice(i + 1 + int(r, 12));
  },
  truncate: (r, t) => t.slice(0, int(r, t.length + 1)),
  swapLines: (r, t) => {
    const lines = t.split('\n');
    if (lines.length < 2) return t;
    const a = int(r, lines.length);
    const b = int(r, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  },
  dupLine: (r, t) => {
    const lines = t.split('\n');
    const a = int(r, lines.length);
    lines.splice(int(r, lines.length + 1), 0, lines[a]);
    return lines.join('\n');
  },
  dropLine: (r, t) => {
    const lines = t.split('\n');
    lines.splice(int(r, lines.length), 1);
    return lines.join('\n');
  },
  /** A number in the text replaced by an extreme one. */
  number: (r, t) => {
    const spans = [...t.matchAll(/-?\d+(\.\d+)?/g)];
    if (spans.length === 0) return t;
    const m = pick(r, spans);
    const i = m.index ?? 0;
    return t.slice(0, i) + pick(r, ['0', '-1', '4294967296', '1e999', '-9223372036854775809', '65', '7', '8', '29', '1.0000001']) + t.slice(i + m[0].length);
  },
};

const LINE_MUTATORS = ['flip', 'bitflip', 'insert', 'delete', 'truncate', 'number'];
const DOC_MUTATORS = Object.keys(MUTATORS);

/** One to four mutations of a seed; line-level ones only for multi-line documents. */
export function mutate(r: Rand, seed: string, kind: 'dbc' | 'candump'): Mutated {
  const names = kind === 'dbc' ? DOC_MUTATORS : LINE_MUTATORS;
  const tokens = kind === 'dbc' ? DBC_TOKENS : CANDUMP_TOKENS;
  const count = 1 + int(r, r() < 0.7 ? 1 : 4);
  const mutators: string[] = [];
  let text = seed;
  for (let k = 0; k < count; k++) {
    const name = pick(r, names);
    mutators.push(name);
    text = MUTATORS[name](r, text, tokens);
  }
  return { text, mutators };
}

/**
 * A DBC cut into small documents: the header (up to the first BO_), then per message its BO_ block
 * and every other line that names its id, plus the attribute definitions. Parsing one stays in µs.
 */
export function splitDbc(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const firstMessage = lines.findIndex((l) => l.startsWith('BO_ '));
  if (firstMessage < 0) return [text];
  const header = lines.slice(0, firstMessage);
  const definitions = lines.filter((l) => /^(BA_DEF_|BA_DEF_DEF_|BA_DEF_REL_|BA_DEF_DEF_REL_|VAL_TABLE_)/.test(l));
  const seeds: string[] = [];
  for (let i = firstMessage; i < lines.length; i++) {
    const match = /^BO_ (\d+) /.exec(lines[i]);
    if (!match) continue;
    const id = match[1];
    const block = [lines[i]];
    for (let j = i + 1; j < lines.length && /^\s+SG_ /.test(lines[j]); j++) block.push(lines[j]);
    const related = lines.filter((l) => !l.startsWith('BO_ ') && new RegExp(`^[A-Z_]+ .*\\b${id}\\b`).test(l) && !/^\s/.test(l));
    seeds.push([...header, ...block, '', ...definitions, ...related, ''].join('\n'));
  }
  return seeds;
}
