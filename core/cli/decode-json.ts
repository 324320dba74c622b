/**
 * `homeward decode --format json`: one line of the corpus' expected-JSON shape per frame line
 * (`line`, the frame as written, `message`, then signals or what went wrong), byte for byte what
 * JSON.stringify gives. This is the hot path of a whole-log decode: a data frame of a known
 * message goes straight from its payload to bytes in the output block through the message's JSON
 * writer (core/dbc/codec-json-writer.ts), without a decoded object, and a frame too short for its
 * message reuses the error line of the last one that short; every other line (unknown ids, error
 * and remote frames, truncated decodes) is classified first. Constant text goes out 4 bytes a store.
 */
import type { CandumpParseError } from '../can/errors.js';
import { CAN_ERR_FLAG, type CanFrame } from '../can/frame.js';
import type { FrameClass } from '../dbc/classify-frame.js';
import { createJsonWriter, PIECE_SLACK_BYTES, pieceOf, writeInteger, writePiece, type JsonWriter, type Piece } from '../dbc/codec-json-writer.js';
import { buildCodecTree } from '../dbc/codec-tree.js';
import type { CompiledMessage, SignalValue } from '../dbc/codec.js';
import type { DecodeError } from '../dbc/errors.js';
import type { Message } from '../dbc/model.js';
import type { DecodeOutput } from './decode-output.js';

/** Two hex digits of a byte as one little-endian 16-bit store. */
const HEX_PAIR = Uint16Array.from({ length: 256 }, (_, b) => {
  const digits = b.toString(16).toUpperCase().padStart(2, '0');
  return digits.charCodeAt(0) | (digits.charCodeAt(1) << 8);
});
const LINE = pieceOf('{"line":');
const TS = pieceOf(',"ts":"');
/** Closes the ts string and opens the id when the frame has no channel (the channel piece does it otherwise). */
const NO_CHANNEL = pieceOf('","id":');
/** `,"extended":…,"fd":…,"data":"` by extended * 2 + fd. */
const FLAGS = [false, true].flatMap((extended) => [false, true].map((fd) => pieceOf(`,"extended":${extended},"fd":${fd},"data":"`)));
const REMOTE = pieceOf(',"remote":true,"signals":null}\n');
const UNKNOWN = pieceOf('","message":null,"unknown":true}\n');
const ERROR_FRAME = pieceOf('","message":null,"error_frame":true}\n');
const REMOTE_UNKNOWN = pieceOf('","message":null,"unknown":true,"remote":true,"signals":null}\n');
/** Everything of a line but its timestamp, channel, data and what follows the data. */
const LINE_OVERHEAD_BYTES = 160 + PIECE_SLACK_BYTES;
/** Most of the text after the data of a line without signals (ERROR_FRAME, REMOTE_UNKNOWN and the like). */
const TAIL_BYTES = 64;

interface MessagePlan {
  readonly message: Message;
  /** `","message":"Name"` (closing the data string). */
  readonly name: Piece;
  /** The writers of the message's signals by decodeChoices (0, 1; null: none, classify), once asked for. */
  readonly writers: (JsonWriter | null | undefined)[];
  /**
   * From `","message"` to the end of the line of a frame too short for the message, by its length:
   * without allowTruncated that decode error depends on the length alone (cantools' "Wrong data size").
   */
  readonly shortErrors: (Piece | undefined)[];
}

const plans = new WeakMap<Message, MessagePlan>();
/** The plans of 11-bit ids by id, sparing the frame-by-frame lookup by message. */
const standardPlans: (MessagePlan | undefined)[] = new Array<MessagePlan | undefined>(0x800).fill(undefined);

function planOf(message: Message): MessagePlan {
  let plan = plans.get(message);
  if (plan === undefined) {
    plan = { message, name: pieceOf(`","message":${JSON.stringify(message.name)}`), writers: [undefined, undefined], shortErrors: [] };
    plans.set(message, plan);
  }
  return plan;
}

function writerOf(plan: MessagePlan, decodeChoices: boolean): JsonWriter | null {
  const index = decodeChoices ? 1 : 0;
  let writer = plan.writers[index];
  if (writer === undefined) writer = plan.writers[index] = createJsonWriter(plan.message, buildCodecTree(plan.message), decodeChoices) ?? null;
  return writer;
}

/** `,"error":…}` and the newline: what ends the line of a frame that does not decode. */
function errorJson(error: DecodeError): string {
  return `,"error":${JSON.stringify(`${error.name}: ${error.message}`)}}\n`;
}

const bigintAsString = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/** A line that is no candump frame: its number and the located error. */
export function writeBadLineJson(out: DecodeOutput, lineNumber: number, error: CandumpParseError): void {
  out.text(`${JSON.stringify({ line: lineNumber, error: `${error.name}: ${error.message}` })}\n`);
}

let lastChannel: string | undefined;
let lastChannelPiece = NO_CHANNEL;

/** `{"line":…` up to the end of the data (none for a remote frame), from `out.at`; returns the end. */
function writeHead(out: DecodeOutput, text: string, lineNumber: number, frame: CanFrame, after: number): number {
  if (frame.channel !== lastChannel) {
    lastChannel = frame.channel;
    lastChannelPiece = frame.channel === undefined ? NO_CHANNEL : pieceOf(`","channel":${JSON.stringify(frame.channel)},"id":`);
  }
  const { data } = frame;
  out.reserve(LINE_OVERHEAD_BYTES + text.length + lastChannelPiece.length + 2 * data.length + after);
  const { block, view } = out;
  let at = writePiece(view, out.at, LINE);
  at = writeInteger(block, view, at, lineNumber);
  at = writePiece(view, at, TS);
  // The timestamp as written: the line parsed, so it is digits and a point between '(' and ')'.
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x29) break;
    block[at++] = c;
  }
  at = writePiece(view, at, lastChannelPiece);
  // The corpus writes an error frame's id as printed: CAN_ERR_FLAG plus the error class.
  at = writeInteger(block, view, at, frame.error ? frame.id + CAN_ERR_FLAG : frame.id);
  at = writePiece(view, at, FLAGS[(frame.extended ? 2 : 0) + (frame.fd ? 1 : 0)]);
  if (!frame.rtr) for (let i = 0; i < data.length; i++, at += 2) view.setUint16(at, HEX_PAIR[data[i]], true);
  return at;
}

/** What writeDataFrameJson did. */
export const WROTE_NOTHING = 0;
export const WROTE_SIGNALS = 1;
export const WROTE_ERROR = 2;

/**
 * A data frame of a known message decoded with scaling (VAL_ names, allowTruncated as given), when it
 * can be written without classifying it: its signals by the message's writer, or the decode error
 * of a frame too short for the message seen before. WROTE_NOTHING for a frame to classify and
 * write with writeFrameJson.
 */
export function writeDataFrameJson(out: DecodeOutput, text: string, lineNumber: number, frame: CanFrame, compiled: CompiledMessage, options: { decodeChoices: boolean; allowTruncated: boolean }): number {
  const { message } = compiled;
  let plan = frame.extended ? undefined : standardPlans[frame.id];
  if (plan === undefined || plan.message !== message) {
    plan = planOf(message);
    if (!frame.extended) standardPlans[frame.id] = plan;
  }
  const { data } = frame;
  if (data.length < message.length && !options.allowTruncated) {
    const error = plan.shortErrors[data.length];
    if (error === undefined) return WROTE_NOTHING;
    out.at = writePiece(out.view, writeHead(out, text, lineNumber, frame, error.length), error);
    return WROTE_ERROR;
  }
  const writer = plan.writers[options.decodeChoices ? 1 : 0] ?? writerOf(plan, options.decodeChoices);
  if (writer === null) return WROTE_NOTHING;
  const at = writeHead(out, text, lineNumber, frame, writer.maxBytes);
  const end = writer.write(data, out.block, out.view, at);
  if (end >= 0) {
    out.at = end;
    return WROTE_SIGNALS;
  }
  if (end === -1) return WROTE_NOTHING;
  out.at = writePiece(out.view, at, plan.name);
  out.text(errorJson(writer.error(end)));
  return WROTE_ERROR;
}

/**
 * One frame line and its class, as the corpus' expected JSON has it (same keys, same order).
 * `allowTruncated` false: remember the decode error of a frame too short for its message.
 */
export function writeFrameJson(out: DecodeOutput, text: string, lineNumber: number, frame: CanFrame, classified: FrameClass, allowTruncated = true): void {
  const plan = classified.kind === 'unknown' || classified.kind === 'error_frame' || classified.compiled === undefined ? undefined : planOf(classified.compiled.message);
  const at = writeHead(out, text, lineNumber, frame, TAIL_BYTES + (plan === undefined ? 0 : plan.name.length));
  const { view } = out;
  switch (classified.kind) {
    case 'decoded':
      out.at = writePiece(view, at, (plan as MessagePlan).name);
      out.text(`,"signals":${JSON.stringify(classified.signals as Record<string, SignalValue>, bigintAsString)}}\n`);
      return;
    case 'decode_error': {
      const { message } = classified.compiled;
      const error = errorJson(classified.error);
      if (!allowTruncated && frame.data.length < message.length) {
        (plan as MessagePlan).shortErrors[frame.data.length] = pieceOf(`","message":${JSON.stringify(message.name)}${error}`);
      }
      out.at = writePiece(view, at, (plan as MessagePlan).name);
      out.text(error);
      return;
    }
    case 'unknown':
      out.at = writePiece(view, at, UNKNOWN);
      return;
    case 'error_frame':
      out.at = writePiece(view, at, ERROR_FRAME);
      return;
    case 'remote':
      out.at = plan === undefined ? writePiece(view, at, REMOTE_UNKNOWN) : writePiece(view, writePiece(view, at, plan.name), REMOTE);
      return;
  }
}
