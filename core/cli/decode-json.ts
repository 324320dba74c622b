/**
 * `homeward decode --format json`: one line of the corpus' expected-JSON shape per frame line
 * (`line`, the frame as written, `message`, then signals or what went wrong), byte for byte what
 * JSON.stringify gives. This is the hot path of a whole-log decode, so it writes bytes into the
 * output block itself: names are escaped and encoded once per message, the key order of the last
 * frame of a message is remembered (the next one almost always has the same), numbers print as
 * JSON prints them.
 */
import type { CandumpParseError } from '../can/errors.js';
import { CAN_ERR_FLAG, type CanFrame } from '../can/frame.js';
import type { FrameClass } from '../dbc/classify-frame.js';
import type { DecodedSignals } from '../dbc/codec.js';
import type { Message, Signal } from '../dbc/model.js';
import type { DecodeOutput } from './decode-output.js';

const HEX_DIGIT = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));
const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const LINE = utf8('{"line":');
const TS = utf8(',"ts":"');
/** Closes the ts string and opens the id when the frame has no channel (the channel bytes do it otherwise). */
const NO_CHANNEL = utf8('","id":');
/** `,"extended":…,"fd":…,"data":"` by extended * 2 + fd. */
const FLAGS = [false, true].flatMap((extended) => [false, true].map((fd) => utf8(`,"extended":${extended},"fd":${fd},"data":"`)));
const END_SIGNALS = utf8('}}\n');
const REMOTE = utf8(',"remote":true,"signals":null}\n');
const UNKNOWN = utf8('","message":null,"unknown":true}\n');
const ERROR_FRAME = utf8('","message":null,"error_frame":true}\n');
const REMOTE_UNKNOWN = utf8('","message":null,"unknown":true,"remote":true,"signals":null}\n');
/** The longest JSON number or bigint string: `-1.2345678901234567e+308`. */
const MAX_VALUE_BYTES = 26;
/** Everything of a line but its timestamp, channel, data and signals. */
const LINE_OVERHEAD_BYTES = 160;

interface MessagePlan {
  /** `","message":"Name"` (closing the data string). */
  readonly name: Uint8Array;
  /** The same, then `,"signals":{`. */
  readonly nameAndSignals: Uint8Array;
  /** `"key":` at position 0 and `,"key":` after it, by signal name. */
  readonly keys: Map<string, readonly [Uint8Array, Uint8Array]>;
  /** The key order of the last decoded frame, and the bytes at each position. */
  readonly order: string[];
  readonly orderBytes: Uint8Array[];
  /** An upper bound of the bytes `,"signals":{…}}` takes. */
  readonly maxSignalsBytes: number;
}

const plans = new Map<Message, MessagePlan>();
const valueBytes = new Map<string, Uint8Array>();

function planOf(message: Message): MessagePlan {
  let plan = plans.get(message);
  if (plan !== undefined) return plan;
  const keys = new Map<string, readonly [Uint8Array, Uint8Array]>();
  let maxSignalsBytes = 16;
  for (const signal of message.signals) {
    const key = JSON.stringify(signal.name);
    keys.set(signal.name, [utf8(`${key}:`), utf8(`,${key}:`)]);
    let maxValue = maxNumberBytes(signal);
    for (const choice of signal.choices?.values() ?? []) maxValue = Math.max(maxValue, choiceBytes(choice).length);
    maxSignalsBytes += Buffer.byteLength(key) + 2 + maxValue;
  }
  const name = `","message":${JSON.stringify(message.name)}`;
  plan = { name: utf8(name), nameAndSignals: utf8(`${name},"signals":{`), keys, order: [], orderBytes: [], maxSignalsBytes };
  plans.set(message, plan);
  return plan;
}

/**
 * The longest number text a signal can decode to: a double (at most 24 characters) or, for integer
 * signals, a bigint as a quoted decimal string, whose digits 2^length × |scale| + |offset| bounds.
 * Finite doubles keep that under 340 digits.
 */
function maxNumberBytes(signal: Signal): number {
  const digits = Math.log10(2) * signal.length + Math.log10(Math.max(1, Math.abs(signal.scale)));
  const offsetDigits = Math.log10(Math.max(1, Math.abs(signal.offset)));
  return Math.max(MAX_VALUE_BYTES, Math.min(400, Math.ceil(Math.max(digits, offsetDigits)) + 5));
}

/** A VAL_ name as a JSON string; a database has a bounded number of them. */
function choiceBytes(value: string): Uint8Array {
  let bytes = valueBytes.get(value);
  if (bytes === undefined) {
    bytes = utf8(JSON.stringify(value));
    if (valueBytes.size >= 1 << 16) valueBytes.clear();
    valueBytes.set(value, bytes);
  }
  return bytes;
}

/** TypedArray#set copies a piece about four times faster than a loop over its bytes. */
function copy(block: Buffer, at: number, bytes: Uint8Array): number {
  block.set(bytes, at);
  return at + bytes.length;
}

function copyAscii(block: Buffer, at: number, text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) block[at++] = text.charCodeAt(i);
  return at;
}

/** The digits of 0…999: most raw CAN values and line numbers' low parts are small. */
const SMALL_DIGITS = Array.from({ length: 1000 }, (_, i) => utf8(String(i)));

/** A safe integer below 1e15 in decimal (−0 as 0, as JSON writes it). */
function writeInteger(block: Buffer, at: number, value: number): number {
  if (value >= 0 && value < 1000) {
    const digits = SMALL_DIGITS[value];
    block[at] = digits[0];
    if (digits.length === 1) return at + 1;
    block[at + 1] = digits[1];
    if (digits.length === 2) return at + 2;
    block[at + 2] = digits[2];
    return at + 3;
  }
  let v = value;
  if (v < 0) {
    block[at++] = 0x2d;
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  let i = at + digits;
  while (v >= 10) {
    const q = Math.floor(v / 10);
    block[--i] = 0x30 + (v - q * 10);
    v = q;
  }
  block[--i] = 0x30 + v;
  return at + digits;
}

function writeSignals(out: DecodeOutput, block: Buffer, start: number, plan: MessagePlan, signals: DecodedSignals): number {
  let at = copy(block, start, plan.nameAndSignals);
  const { order, orderBytes } = plan;
  let j = 0;
  for (const name in signals) {
    let key: Uint8Array;
    if (order[j] === name) {
      key = orderBytes[j];
    } else {
      const pair = plan.keys.get(name) ?? ([utf8(`${JSON.stringify(name)}:`), utf8(`,${JSON.stringify(name)}:`)] as const);
      key = j === 0 ? pair[0] : pair[1];
      order[j] = name;
      orderBytes[j] = key;
    }
    j++;
    at = copy(block, at, key);
    const value = signals[name];
    if (typeof value === 'number') {
      if (Number.isInteger(value) && value > -1e15 && value < 1e15) at = writeInteger(block, at, value);
      else {
        const text = out.numberJson(value);
        at = copyAscii(block, at, text, 0, text.length);
      }
    } else if (typeof value === 'bigint') {
      const text = `"${value}"`;
      at = copyAscii(block, at, text, 0, text.length);
    } else {
      at = copy(block, at, choiceBytes(value));
    }
  }
  if (order.length > j) {
    order.length = j;
    orderBytes.length = j;
  }
  return copy(block, at, END_SIGNALS);
}

/** A line that is no candump frame: its number and the located error. */
export function writeBadLineJson(out: DecodeOutput, lineNumber: number, error: CandumpParseError): void {
  out.text(`${JSON.stringify({ line: lineNumber, error: `${error.name}: ${error.message}` })}\n`);
}

let lastChannel: string | undefined;
let lastChannelBytes = NO_CHANNEL;

/** One frame line and its class, as the corpus' expected JSON has it (same keys, same order). */
export function writeFrameJson(out: DecodeOutput, text: string, lineNumber: number, frame: CanFrame, classified: FrameClass): void {
  if (frame.channel !== lastChannel) {
    lastChannel = frame.channel;
    lastChannelBytes = frame.channel === undefined ? NO_CHANNEL : utf8(`","channel":${JSON.stringify(frame.channel)},"id":`);
  }
  const { data } = frame;
  const plan = classified.kind === 'unknown' || classified.kind === 'error_frame' || classified.compiled === undefined ? undefined : planOf(classified.compiled.message);
  out.reserve(LINE_OVERHEAD_BYTES + text.length + lastChannelBytes.length + 2 * data.length + (plan === undefined ? 0 : plan.name.length + plan.maxSignalsBytes));
  const block = out.block;
  let at = copy(block, out.at, LINE);
  at = writeInteger(block, at, lineNumber);
  at = copy(block, at, TS);
  // The timestamp as written: the line parsed, so it is digits and a point between '(' and ')'.
  at = copyAscii(block, at, text, 1, text.indexOf(')', 1));
  at = copy(block, at, lastChannelBytes);
  // The corpus writes an error frame's id as printed: CAN_ERR_FLAG plus the error class.
  at = writeInteger(block, at, frame.error ? frame.id + CAN_ERR_FLAG : frame.id);
  at = copy(block, at, FLAGS[(frame.extended ? 2 : 0) + (frame.fd ? 1 : 0)]);
  if (classified.kind !== 'remote') {
    for (let i = 0; i < data.length; i++) {
      block[at++] = HEX_DIGIT[data[i] >> 4];
      block[at++] = HEX_DIGIT[data[i] & 15];
    }
  }
  switch (classified.kind) {
    case 'decoded':
      out.at = writeSignals(out, block, at, plan as MessagePlan, classified.signals);
      return;
    case 'decode_error':
      out.at = copy(block, at, (plan as MessagePlan).name);
      out.text(`,"error":${JSON.stringify(`${classified.error.name}: ${classified.error.message}`)}}\n`);
      return;
    case 'unknown':
      out.at = copy(block, at, UNKNOWN);
      return;
    case 'error_frame':
      out.at = copy(block, at, ERROR_FRAME);
      return;
    case 'remote':
      if (plan === undefined) {
        out.at = copy(block, at, REMOTE_UNKNOWN);
        return;
      }
      at = copy(block, at, plan.name);
      out.at = copy(block, at, REMOTE);
      return;
  }
}
