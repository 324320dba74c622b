/**
 * cantools' strict layout check (`Message._check_signal_tree`): walking the multiplexer tree from the
 * root, every signal must fit in the message and may not share a bit with a signal that can be
 * present at the same time (signals of different branches of one multiplexer may). Strict raises,
 * lenient warns. The walk goes in cantools' order (signals by start bit, branches by multiplexer
 * value, bits MSB first), so the first problem and the pair of names it gives are cantools' own.
 */
import type { Signal } from './model.js';
import type { ParseContext } from './parse-context.js';
import type { Token } from './tokenizer.js';

const MAX_MUX_DEPTH = 64;

export interface LayoutEntry {
  signal: Signal;
  /** The name as written in SG_ (multiplexer links use it). */
  shortName: string;
  /** Multiplexer of this signal, by short name. */
  parent: string | null;
  at: Token;
}

/** Physical bit positions (byte * 8 + bit, bit 0 = LSB) a signal occupies. */
export function signalBits(signal: Pick<Signal, 'startBit' | 'length' | 'byteOrder'>): number[] {
  const bits: number[] = [];
  if (signal.byteOrder === 'little_endian') {
    for (let k = 0; k < signal.length; k++) bits.push(signal.startBit + k);
  } else {
    const msb = networkBit(signal.startBit);
    for (let k = 0; k < signal.length; k++) bits.push(networkBit(msb + k));
  }
  return bits;
}

/** Sawtooth (byte*8 + bit) ↔ MSB-first network order: the mapping is its own inverse. */
function networkBit(bit: number): number {
  return 8 * Math.floor(bit / 8) + 7 - (bit % 8);
}

/** cantools' `start_bit()`, the key its loader sorts signals by. */
function startBitKey(signal: Pick<Signal, 'startBit' | 'byteOrder'>): number {
  return signal.byteOrder === 'little_endian' ? signal.startBit : networkBit(signal.startBit);
}

/** Whether the signal ends inside `lengthBytes` bytes, as cantools counts it. */
export function signalFits(signal: Pick<Signal, 'startBit' | 'length' | 'byteOrder'>, lengthBytes: number): boolean {
  const first = signal.byteOrder === 'little_endian' ? signal.startBit : networkBit(signal.startBit);
  return first + signal.length <= 8 * lengthBytes;
}

export function checkSignalLayout(ctx: ParseContext, messageName: string, lengthBytes: number, entries: readonly LayoutEntry[], at: Token): void {
  const byParent = new Map<string | null, LayoutEntry[]>();
  // A stable sort, as Python's sorted().
  const ordered = entries.map((entry, index) => ({ entry, index }))
    .sort((a, b) => startBitKey(a.entry.signal) - startBitKey(b.entry.signal) || a.index - b.index)
    .map(({ entry }) => entry);
  for (const entry of ordered) {
    let list = byParent.get(entry.parent);
    if (!list) byParent.set(entry.parent, (list = []));
    list.push(entry);
  }
  const visited = new Set<LayoutEntry>();
  const reported = new Set<string>();

  const place = (scope: readonly LayoutEntry[], outer: ReadonlyArray<Map<number, LayoutEntry>>, path: ReadonlySet<string>): Map<number, LayoutEntry> => {
    const own = new Map<number, LayoutEntry>();
    for (const entry of scope) {
      visited.add(entry);
      const { signal } = entry;
      ctx.layoutBudget -= signal.length;
      if (ctx.layoutBudget < 0) throw ctx.error(at, `multiplexer tree of message '${messageName}' is too large to check`);
      if (!signalFits(signal, lengthBytes)) {
        ctx.problem(entry.at, `The signal ${signal.name} does not fit in message ${messageName}.`);
      }
      // cantools walks the message's bits MSB first (byte 0 bit 7, …): the first shared one names the other signal.
      for (const bit of signalBits(signal).sort((a, b) => networkBit(a) - networkBit(b))) {
        const other = own.get(bit) ?? outer.find((bits) => bits.has(bit))?.get(bit);
        if (other) {
          const key = `${other.shortName}\u0000${entry.shortName}`;
          if (!reported.has(key)) {
            reported.add(key);
            ctx.problem(entry.at, `The signals ${signal.name} and ${other.signal.name} are overlapping in message ${messageName}.`);
          }
        } else {
          own.set(bit, entry);
        }
      }
      if (!signal.isMultiplexer || path.has(entry.shortName)) continue;
      if (path.size >= MAX_MUX_DEPTH) throw ctx.error(entry.at, `multiplexers of message '${messageName}' nest deeper than ${MAX_MUX_DEPTH}`);
      // One branch per multiplexer value any child names (cantools' codec tree).
      const branches = new Map<number, LayoutEntry[]>();
      for (const child of byParent.get(entry.shortName) ?? []) {
        for (const id of child.signal.multiplexerIds ?? []) {
          let branch = branches.get(id);
          if (!branch) branches.set(id, (branch = []));
          branch.push(child);
        }
      }
      const branchesBits = new Map<number, LayoutEntry>();
      const inner = [...outer, own];
      const innerPath = new Set(path).add(entry.shortName);
      for (const [, branch] of [...branches].sort(([a], [b]) => a - b)) {
        for (const [bit, owner] of place(branch, inner, innerPath)) branchesBits.set(bit, owner);
      }
      for (const [bit, owner] of branchesBits) if (!own.has(bit)) own.set(bit, owner);
    }
    return own;
  };

  place(byParent.get(null) ?? [], [], new Set());
  for (const entry of entries) {
    if (!visited.has(entry)) {
      ctx.warn(entry.at, `signal ${entry.signal.name} of message ${messageName} hangs off '${entry.parent}', which multiplexes no branch with it: it is never decoded`);
    }
  }
}
