import { CandumpFormatError, CandumpParseError } from './errors.js';
import { CAN_ERR_FLAG, type CanFrame } from './frame.js';
import type { ReusedFrame } from './reused-frame.js';

// candump -L, as can-utils' lib.c (snprintf_canframe) writes it:
//   (1700000000.004047) vcan0 1F0#62A0986DF332E7B6      classic, 3 hex digits = 11-bit id
//   (1700000000.010294) vcan0 00012333##1CA6E4…         CAN FD: `##`, flag nibble (BRS=1, ESI=2), data
//   (1700000000.167000) vcan0 101#R  /  101#R5          remote, with the DLC digit when it is not 0
//   (1700000000.352072) vcan0 20000008#0000080000000000 error frame: CAN_ERR_FLAG | error class
//   … 123#1122334455667788_9                            8 bytes with a raw DLC 9…F (read, then dropped)
//   … 1F0#62A0 R                                        candump -x direction suffix (read, then dropped)
// The parser is a hand-written scanner: no regex, hex by table, one allocation for the data.

const CAN_EFF_MASK = 0x1fffffff;
const CAN_SFF_MASK = 0x7ff;
/** 1 at each valid CAN FD data length (0–8, 12, 16, 20, 24, 32, 48, 64). */
const IS_FD_LENGTH = new Uint8Array(65);
for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64]) IS_FD_LENGTH[n] = 1;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DOT = 0x2e;
const UNDERSCORE = 0x5f;

/** Hex digit value by char code (< 128), -1 for anything else; lower and upper case. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
}
const HEX_PAIR = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));
const HEX_DIGIT = '0123456789ABCDEF';

/** The last channel name seen, reused so a long log does not allocate one string per line. */
let lastChannel = '';
/** Where the line being parsed sits, for fail(); module state spares a closure per line. */
let faultLine = 1;
let faultFile: string | undefined;
/** The line's first index in the text parsed, and the index after its last character. */
let faultStart = 0;
let faultStop = 0;

/** `at` is an index into the text parsed; the error's column counts from the line's start. */
function fail(at: number, reason: string): never {
  throw new CandumpParseError(reason, faultLine, at - faultStart + 1, faultFile);
}

function hexAt(line: string, i: number): number {
  const c = line.charCodeAt(i);
  return c < 128 ? HEX_VALUE[c] : -1;
}

/** Whether `text` is at `start` of `line`: a loop beats startsWith for names this short. */
function sameAt(line: string, start: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (line.charCodeAt(start + k) !== text.charCodeAt(k)) return false;
  return true;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function describeChar(line: string, i: number): string {
  return i < faultStop ? `'${line[i]}'` : 'end of line';
}

/**
 * One candump -L line → a CanFrame. Lowercase hex is accepted. Error frames: `id` is the error
 * class (the printed id minus CAN_ERR_FLAG), `error: true`, `extended: true` as the 8 digits say.
 * Remote frames: `data` is DLC zero bytes (`#R` → empty, `#R5` → 5 bytes), since CanFrame has no DLC.
 * A trailing `\r`, ` R`/` T` direction and `_<raw dlc>` are read and dropped (CanFrame has no field).
 * With `reuse`, the frame returned is `reuse.frame`, refilled (its data a view of `reuse.views`).
 * @throws CandumpParseError with the 1-based line and column of the fault.
 */
export function parseCandumpLine(line: string, lineNumber = 1, file?: string, reuse?: ReusedFrame): CanFrame {
  return parseCandumpRange(line, 0, line.length, lineNumber, file, reuse);
}

/**
 * parseCandumpLine of the line `text.slice(start, stop)`, read in place: a reader of a whole
 * chunk of text need not cut it into lines first (reading a cut-out line costs more per character).
 */
export function parseCandumpRange(line: string, start: number, stop: number, lineNumber = 1, file?: string, reuse?: ReusedFrame): CanFrame {
  faultLine = lineNumber;
  faultFile = file;
  faultStart = start;
  faultStop = stop;
  let end = stop;
  if (end > start && line.charCodeAt(end - 1) === 0x0d) end--;
  if (end === start) fail(start, 'empty line');
  if (line.charCodeAt(start) !== 0x28) fail(start, `expected '(' before the timestamp, got ${describeChar(line, start)}`);

  // Timestamp: (seconds.fraction)
  let i = start + 1;
  let seconds = 0;
  while (i < end) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    seconds = seconds * 10 + d;
    i++;
  }
  if (i === start + 1 || i - start - 1 > 15) fail(start + 1, 'timestamp must start with 1 to 15 digits of seconds');
  if (line.charCodeAt(i) !== DOT) fail(i, `expected '.' in the timestamp, got ${describeChar(line, i)}`);
  const fractionStart = ++i;
  let fraction = 0;
  while (i < end) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    fraction = fraction * 10 + d;
    i++;
  }
  const fractionDigits = i - fractionStart;
  if (fractionDigits === 0 || fractionDigits > 9) fail(fractionStart, 'timestamp needs 1 to 9 digits after the point');
  if (line.charCodeAt(i) !== 0x29) fail(i, `expected ')' after the timestamp, got ${describeChar(line, i)}`);
  // One correctly rounded division equals parseFloat of the text while the integer stays exact.
  const scale = POW10[fractionDigits];
  const ts =
    seconds * scale + fraction <= Number.MAX_SAFE_INTEGER
      ? (seconds * scale + fraction) / scale
      : Number.parseFloat(line.slice(start + 1, i));
  i++;

  // Channel
  if (i >= end || !isBlank(line.charCodeAt(i))) fail(i, `expected a space after the timestamp, got ${describeChar(line, i)}`);
  while (i < end && isBlank(line.charCodeAt(i))) i++;
  const channelStart = i;
  while (i < end && !isBlank(line.charCodeAt(i))) i++;
  if (i === channelStart) fail(i, 'missing interface name');
  if (i >= end) fail(i, 'missing CAN id after the interface name');
  let channel = lastChannel;
  if (i - channelStart !== channel.length || !sameAt(line, channelStart, channel)) {
    channel = lastChannel = line.slice(channelStart, i);
  }
  while (i < end && isBlank(line.charCodeAt(i))) i++;

  // CAN id: 3 hex digits (11-bit) or 8 (29-bit, or CAN_ERR_FLAG | error class)
  const idStart = i;
  let rawId = 0;
  for (;;) {
    const v = i < end ? hexAt(line, i) : -1;
    if (v < 0) break;
    rawId = rawId * 16 + v;
    i++;
  }
  if (i >= end || line.charCodeAt(i) !== HASH) {
    fail(i, `expected a hex digit or '#' in the CAN id, got ${describeChar(line, i)}`);
  }
  const idDigits = i - idStart;
  if (idDigits !== 3 && idDigits !== 8) {
    fail(idStart, `CAN id must have 3 hex digits (11-bit) or 8 (29-bit), got ${idDigits}`);
  }
  const extended = idDigits === 8;
  const error = extended && rawId >= CAN_ERR_FLAG && rawId < CAN_ERR_FLAG * 2;
  const id = error ? rawId - CAN_ERR_FLAG : rawId;
  if (extended && !error && rawId > CAN_EFF_MASK) fail(idStart, `29-bit id ${line.slice(idStart, i)} is larger than 1FFFFFFF`);
  if (!extended && rawId > CAN_SFF_MASK) fail(idStart, `11-bit id ${line.slice(idStart, i)} is larger than 7FF`);
  i++;

  let fd = false;
  let fdFlags = 0;
  let rtr = false;
  let data: Uint8Array;
  if (i < end && line.charCodeAt(i) === HASH) {
    fd = true;
    i++;
    if (error) fail(idStart, 'error frames are never CAN FD');
    fdFlags = i < end ? hexAt(line, i) : -1;
    if (fdFlags < 0) fail(i, `expected the CAN FD flag nibble after '##', got ${describeChar(line, i)}`);
    i++;
  }
  if (!fd && i < end && (line.charCodeAt(i) | 0x20) === 0x72) {
    // Remote frame: `R`, then the DLC digit when it is not 0, then maybe `_` and a raw DLC.
    if (error) fail(i, 'error frames carry no remote flag');
    rtr = true;
    i++;
    let dlc = 0;
    if (i < end && !isBlank(line.charCodeAt(i))) {
      dlc = hexAt(line, i);
      if (dlc < 0 || dlc > 8) fail(i, `remote frame DLC must be a digit 0 to 8, got ${describeChar(line, i)}`);
      i++;
    }
    data = reuse === undefined ? new Uint8Array(dlc) : reuse.views[dlc];
    if (i < end && line.charCodeAt(i) === UNDERSCORE) i = skipRawDlc(line, i, end, dlc);
  } else {
    let dataEnd = i;
    while (dataEnd < end) {
      const c = line.charCodeAt(dataEnd);
      if (isBlank(c) || c === UNDERSCORE) break;
      dataEnd++;
    }
    const hexDigits = dataEnd - i;
    if (hexDigits % 2 !== 0) fail(dataEnd, 'odd number of hex digits in the data');
    const length = hexDigits / 2;
    if (fd ? length > 64 || IS_FD_LENGTH[length] === 0 : length > 8) {
      fail(i, fd ? `${length} bytes is not a CAN FD length (0–8, 12, 16, 20, 24, 32, 48, 64)` : `${length} data bytes, classic CAN carries at most 8`);
    }
    data = reuse === undefined ? new Uint8Array(length) : reuse.views[length];
    for (let k = 0; k < length; k++, i += 2) {
      const hi = hexAt(line, i);
      if (hi < 0) fail(i, `expected a hex digit in the data, got ${describeChar(line, i)}`);
      const lo = hexAt(line, i + 1);
      if (lo < 0) fail(i + 1, `expected a hex digit in the data, got ${describeChar(line, i + 1)}`);
      data[k] = (hi << 4) | lo;
    }
    if (i < end && line.charCodeAt(i) === UNDERSCORE) {
      if (fd) fail(i, 'a raw DLC suffix belongs to classic frames only');
      i = skipRawDlc(line, i, end, length);
    }
  }

  // Optional direction suffix from candump -x: ` R` (received) or ` T` (transmitted).
  if (i < end) {
    if (!isBlank(line.charCodeAt(i))) fail(i, `unexpected ${describeChar(line, i)} after the frame data`);
    while (i < end && isBlank(line.charCodeAt(i))) i++;
    if (i < end) {
      const c = line.charCodeAt(i);
      if (c !== 0x52 && c !== 0x54) fail(i, `expected the direction R or T after the frame, got ${describeChar(line, i)}`);
      i++;
      while (i < end && isBlank(line.charCodeAt(i))) i++;
      if (i < end) fail(i, `unexpected ${describeChar(line, i)} after the direction`);
    }
  }

  if (reuse !== undefined) {
    const frame = reuse.frame;
    frame.id = id;
    frame.extended = extended;
    frame.fd = fd;
    frame.rtr = rtr;
    frame.error = error;
    frame.data = data;
    frame.ts = ts;
    frame.channel = channel;
    frame.fdFlags = fd ? fdFlags : undefined;
    return frame;
  }
  const frame: CanFrame = { id, extended, fd, rtr, error, data, ts, channel };
  if (fd) frame.fdFlags = fdFlags;
  return frame;
}

/** `_<raw dlc>` (9…F) after exactly 8 bytes; returns the index after it. */
function skipRawDlc(line: string, i: number, end: number, length: number): number {
  if (length !== 8) fail(i, 'a raw DLC suffix needs exactly 8 bytes before it');
  const rawDlc = i + 1 < end ? hexAt(line, i + 1) : -1;
  if (rawDlc < 9) fail(i + 1, `raw DLC after '_' must be a hex digit 9 to F, got ${describeChar(line, i + 1)}`);
  return i + 2;
}

/**
 * A CanFrame → its candump -L line (no newline), uppercase hex, 6-digit microseconds, the channel
 * defaulting to `vcan0` as python-can's CanutilsLogWriter does. Inverse of parseCandumpLine.
 * @throws CandumpFormatError for a frame candump cannot print.
 */
export function formatCandumpLine(frame: CanFrame): string {
  const { id, data } = frame;
  if (!Number.isInteger(id) || id < 0) throw new CandumpFormatError(`id ${id} is not a non-negative integer`);
  if (!Number.isFinite(frame.ts) || frame.ts < 0) throw new CandumpFormatError(`timestamp ${frame.ts} is not a time since the epoch`);
  let idText: string;
  if (frame.error) {
    // candump -L writes error frames as classic frames; `##` after an error id does not parse back.
    if (frame.fd) throw new CandumpFormatError('an error frame cannot be CAN FD');
    if (id > CAN_EFF_MASK) throw new CandumpFormatError(`error class ${id.toString(16)} exceeds 29 bits`);
    idText = (id + CAN_ERR_FLAG).toString(16).toUpperCase();
  } else if (frame.extended) {
    if (id > CAN_EFF_MASK) throw new CandumpFormatError(`29-bit id ${id.toString(16)} exceeds 1FFFFFFF`);
    idText = id.toString(16).toUpperCase().padStart(8, '0');
  } else {
    if (id > CAN_SFF_MASK) throw new CandumpFormatError(`11-bit id ${id.toString(16)} exceeds 7FF`);
    idText = HEX_DIGIT[id >> 8] + HEX_PAIR[id & 0xff];
  }

  let body: string;
  if (frame.rtr) {
    if (frame.fd || frame.error) throw new CandumpFormatError('a remote frame cannot be CAN FD or an error frame');
    if (data.length > 8) throw new CandumpFormatError(`remote frame DLC ${data.length} exceeds 8`);
    body = data.length === 0 ? 'R' : 'R' + HEX_DIGIT[data.length];
  } else {
    if (frame.fd ? data.length > 64 || IS_FD_LENGTH[data.length] === 0 : data.length > 8) {
      throw new CandumpFormatError(`${data.length} data bytes is not a valid ${frame.fd ? 'CAN FD' : 'classic CAN'} length`);
    }
    body = frame.fd ? '#' + HEX_DIGIT[(frame.fdFlags ?? 0) & 0xf] : '';
    for (let k = 0; k < data.length; k++) body += HEX_PAIR[data[k]];
  }

  const micros = Math.round(frame.ts * 1e6);
  const seconds = Math.floor(micros / 1e6);
  const fraction = String(micros - seconds * 1e6).padStart(6, '0');
  return `(${String(seconds).padStart(10, '0')}.${fraction}) ${frame.channel ?? 'vcan0'} ${idText}#${body}`;
}
