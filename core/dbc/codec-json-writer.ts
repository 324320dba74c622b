/**
 * A message's decodes printed as JSON bytes, for `decode --format json`: what JSON.stringify gives
 * the decoded signals (numbers as JS prints them, NaN and ±Infinity as null), without the object.
 * The generated fill code (codec-generate.ts) puts the values in typed arrays; one shared loop
 * prints them, so a log of many messages warms up one printer instead of one per message (an
 * optimizing compile of straight-line printers cost more than they saved on a 400 k-line log).
 */
import { generateFill, muxError } from './codec-generate.js';
import type { DecodeError } from './errors.js';
import { conversionOf } from './conversion.js';
import { exactInDoubles } from './codec-expressions.js';
import type { CodecNode } from './codec-tree.js';
import { normalizeChoices } from './codec-numbers.js';
import type { Message, RawInt, Signal } from './model.js';

/**
 * Constant text as little-endian 4-byte words, the last one padded with zeros: a writer stores
 * whole words and moves on by `length`, whatever it writes next overwriting the padding.
 */
export interface Piece {
  readonly words: readonly number[];
  readonly length: number;
}

/** Bytes a writer may store past the end of what it writes (a piece's padding). */
export const PIECE_SLACK_BYTES = 4;

export function pieceOf(text: string): Piece {
  const bytes = Buffer.from(text, 'utf8');
  const padded = Buffer.alloc(Math.ceil(bytes.length / 4) * 4);
  bytes.copy(padded);
  const words: number[] = [];
  // Signed: small integers, which an array holds unboxed.
  for (let i = 0; i < padded.length; i += 4) words.push(padded.readInt32LE(i));
  return { words, length: bytes.length };
}

/** Four bytes a store: far cheaper than TypedArray#set for pieces this short. */
export function writePiece(view: DataView, at: number, piece: Piece): number {
  const { words } = piece;
  for (let i = 0, a = at; i < words.length; i++, a += 4) view.setInt32(a, words[i], true);
  return at + piece.length;
}

/** The digits of 0…999 as one little-endian word each (padded), and how many there are. */
const SMALL_WORDS = Int32Array.from({ length: 1000 }, (_, i) => pieceOf(String(i)).words[0]);
const SMALL_LENGTHS = Uint8Array.from({ length: 1000 }, (_, i) => String(i).length);

/** The digits of 00…99 as one little-endian 16-bit store each. */
const DIGIT_PAIRS = Uint16Array.from({ length: 100 }, (_, i) => (0x30 + Math.floor(i / 10)) | ((0x30 + (i % 10)) << 8));

/** A safe integer below 1e15 in decimal (−0 as 0, as JSON writes it); may store 4 bytes past its end. */
export function writeInteger(block: Uint8Array, view: DataView, at: number, value: number): number {
  if (value >= 0 && value < 1000) {
    view.setInt32(at, SMALL_WORDS[value], true);
    return at + SMALL_LENGTHS[value];
  }
  let v = value;
  let a = at;
  if (v < 0) {
    block[a++] = 0x2d;
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  let i = a + digits;
  if (v <= 0x7fffffff) {
    // int32 arithmetic, two digits a step
    let n = v | 0;
    while (n >= 100) {
      const q = (n / 100) | 0;
      i -= 2;
      view.setUint16(i, DIGIT_PAIRS[n - q * 100], true);
      n = q;
    }
    if (n >= 10) view.setUint16(i - 2, DIGIT_PAIRS[n], true);
    else block[i - 1] = 0x30 + n;
    return a + digits;
  }
  while (v >= 10) {
    const q = Math.floor(v / 10);
    block[--i] = 0x30 + (v - q * 10);
    v = q;
  }
  block[--i] = 0x30 + v;
  return a + digits;
}

function writeBytes(block: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = 0; i < n; i++) block[at + i] = bytes[i];
  return at + n;
}

/** A cache of number texts is cleared when it reaches this size (the values of a log repeat). */
const MAX_CACHED = 4096;
const doubles = new Map<number, Uint8Array>();

function numberBytes(value: number): Uint8Array {
  return Buffer.from(Number.isFinite(value) ? `${value}` : 'null');
}

/** Any number as JSON prints it: shortest round-trip digits are costly, so texts are remembered. */
function writeNumber(block: Uint8Array, view: DataView, at: number, value: number): number {
  if (Number.isInteger(value) && value > -1e15 && value < 1e15) return writeInteger(block, view, at, value);
  let bytes = doubles.get(value);
  if (bytes === undefined) {
    if (doubles.size >= MAX_CACHED) doubles.clear();
    bytes = numberBytes(value);
    doubles.set(value, bytes);
  }
  return writeBytes(block, at, bytes);
}

const INTEGER = 0;
/** A linear signal: its text depends on the raw value alone, remembered under it. */
const BY_RAW = 1;
const NUMBER = 2;

interface Slot {
  /** `,"name":` (the first one's comma becomes the object's brace). */
  readonly key: Piece;
  readonly kind: number;
  readonly texts: Map<number, Uint8Array>;
  /** With decodeChoices: the VAL_ names as JSON, by raw value. */
  readonly names: Map<RawInt, Uint8Array> | null;
}

function slotOf(signal: Signal, decodeChoices: boolean): Slot {
  const conversion = conversionOf(signal);
  const integer = !signal.isFloat && (conversion === 'identity' || conversion === 'integer') && exactInDoubles(signal, 1e15 - 1);
  const byRaw = !signal.isFloat && signal.length <= 32 && conversion === 'linear';
  const choices = decodeChoices ? normalizeChoices(signal.choices) : null;
  const names = choices === null ? null : new Map([...choices].map(([raw, name]) => [raw, Buffer.from(JSON.stringify(name))]));
  return { key: pieceOf(`,${JSON.stringify(signal.name)}:`), kind: byRaw ? BY_RAW : integer ? INTEGER : NUMBER, texts: new Map(), names };
}

export interface JsonWriter {
  /**
   * Writes `","message":NAME,"signals":{…}}\n` from `at` and returns its end; -1 for a frame too
   * short (classify it), or another negative code for a decode error (see error()).
   */
  write(data: Uint8Array, block: Uint8Array, view: DataView, at: number): number;
  /** The DecodeError the decoder throws for the frame write() last gave the negative `code` other than -1. */
  error(code: number): DecodeError;
  /** The most bytes one write() takes. */
  readonly maxBytes: number;
}

/** The longest JSON number text: `-1.2345678901234567e+308`. */
const MAX_NUMBER_BYTES = 24;

/**
 * The message's JSON writer (with VAL_ names for `decodeChoices`), or undefined when its decodes
 * need the object (see generateFill).
 */
export function createJsonWriter(message: Message, root: CodecNode, decodeChoices = false): JsonWriter | undefined {
  const code = generateFill(message, root, decodeChoices);
  if (code === undefined) return undefined;
  const { fill, fixed, muxIds } = code;
  const slots = code.slots.map(({ signal }) => slotOf(signal, decodeChoices));
  const head = pieceOf(`","message":${JSON.stringify(message.name)},"signals":`);
  const V = new Float64Array(slots.length);
  const R = new Float64Array(slots.length);
  const S = new Int32Array(slots.length);
  let maxBytes = head.length + 4 + PIECE_SLACK_BYTES;
  for (const slot of slots) {
    let longest = MAX_NUMBER_BYTES;
    for (const name of slot.names?.values() ?? []) longest = Math.max(longest, name.length);
    maxBytes += slot.key.length + longest;
  }

  const write = (data: Uint8Array, block: Uint8Array, view: DataView, at: number): number => {
    const n = fill(data, V, R, S);
    if (n < 0) return n;
    let a = writePiece(view, at, head);
    const brace = a;
    for (let i = 0; i < n; i++) {
      const slot = slots[i < fixed ? i : S[i]];
      a = writePiece(view, a, slot.key);
      const { kind, names } = slot;
      const name = names === null ? undefined : names.get(R[i]);
      if (name !== undefined) a = writeBytes(block, a, name);
      else if (kind === INTEGER) a = writeInteger(block, view, a, V[i]);
      else if (kind === NUMBER) a = writeNumber(block, view, a, V[i]);
      else {
        let bytes = slot.texts.get(R[i]);
        if (bytes === undefined) {
          if (slot.texts.size >= MAX_CACHED) slot.texts.clear();
          bytes = numberBytes(V[i]);
          slot.texts.set(R[i], bytes);
        }
        a = writeBytes(block, a, bytes);
      }
    }
    if (a === brace) block[a++] = 0x7b;
    else block[brace] = 0x7b;
    block[a] = 0x7d;
    block[a + 1] = 0x7d;
    block[a + 2] = 0x0a;
    return a + 3;
  };
  return { write, error: (errorCode) => muxError(muxIds[-2 - errorCode], V[0]), maxBytes };
}
