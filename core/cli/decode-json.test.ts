import { describe, expect, it } from 'vitest';
import type { CanFrame } from '../can/frame.js';
import type { FrameClass } from '../dbc/classify-frame.js';
import type { CompiledMessage, DecodedSignals } from '../dbc/codec.js';
import { makeMessage, makeSignal } from '../dbc/codec-fixtures.js';
import { DecodeError } from '../dbc/errors.js';
import { writeFrameJson } from './decode-json.js';
import { DecodeOutput } from './decode-output.js';

const LINE = '(1700000000.000100) vcan0 123#0102';
const frame: CanFrame = { id: 0x123, extended: false, fd: false, rtr: false, error: false, data: Uint8Array.of(1, 2), ts: 1700000000.0001, channel: 'vcan0' };

function compiled(signalNames: string[], name = 'Msg'): CompiledMessage {
  const message = makeMessage({ name, signals: signalNames.map((n, i) => makeSignal({ name: n, startBit: i, length: 1 })) });
  return { message, decode: () => ({}), encode: () => new Uint8Array() };
}

/** What the writer makes of one line, through a block small enough to split mid-line. */
function written(text: string, f: CanFrame, classified: FrameClass): string {
  const blocks: Buffer[] = [];
  const out = new DecodeOutput((block) => void blocks.push(Buffer.from(block)), 64);
  writeFrameJson(out, text, 7, f, classified);
  out.flush();
  return Buffer.concat(blocks).toString('utf8');
}

/** The reference: JSON.stringify of the corpus' shape. */
function stringified(f: CanFrame, fields: Record<string, unknown>): string {
  const head = { line: 7, ts: '1700000000.000100', channel: f.channel, id: f.id, extended: f.extended, fd: f.fd, data: Buffer.from(f.data).toString('hex').toUpperCase() };
  return `${JSON.stringify({ ...head, ...fields }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`;
}

describe('writeFrameJson: byte for byte what JSON.stringify gives', () => {
  it('writes numbers as JSON does: integers, floats, -0, huge, NaN and Infinity as null, bigints as strings', () => {
    const signals: DecodedSignals = { a: 0, b: -0, c: 7, d: -123456, e: 166.85000000000002, f: 1e-7, g: 1e21, h: 2 ** 53 + 2, i: Number.NaN, j: Number.POSITIVE_INFINITY, k: 12345678901234567890n, l: -5n, m: 999, n: 1000 };
    const c = compiled(Object.keys(signals));
    expect(written(LINE, frame, { kind: 'decoded', compiled: c, signals })).toBe(stringified(frame, { message: 'Msg', signals }));
  });

  it('escapes names, VAL_ strings and channels; keeps the key order of each frame, even when it changes', () => {
    const names = ['quo"te', 'back\\slash', 'ünï', '__proto__x', 'tab\t'];
    const c = compiled(names, 'Mé"ssage');
    const odd: CanFrame = { ...frame, channel: 'can"0' };
    const first: DecodedSignals = { 'quo"te': 'VAL "x"', 'back\\slash': 1, 'ünï': 'é', '__proto__x': 2, 'tab\t': 3 };
    const second: DecodedSignals = { 'ünï': 'ä', 'tab\t': 4 };
    expect(written(LINE, odd, { kind: 'decoded', compiled: c, signals: first })).toBe(stringified(odd, { message: 'Mé"ssage', signals: first }));
    expect(written(LINE, odd, { kind: 'decoded', compiled: c, signals: second })).toBe(stringified(odd, { message: 'Mé"ssage', signals: second }));
    expect(written(LINE, odd, { kind: 'decoded', compiled: c, signals: first })).toBe(stringified(odd, { message: 'Mé"ssage', signals: first }));
  });

  it('writes errors, unknown ids, error and remote frames as the corpus does', () => {
    const c = compiled(['x']);
    const error = new DecodeError('Wrong data size: 2 instead of 8 bytes');
    expect(written(LINE, frame, { kind: 'decode_error', compiled: c, error })).toBe(stringified(frame, { message: 'Msg', error: 'DecodeError: Wrong data size: 2 instead of 8 bytes' }));
    expect(written(LINE, frame, { kind: 'unknown' })).toBe(stringified(frame, { message: null, unknown: true }));
    const errorFrame: CanFrame = { ...frame, id: 8, extended: true, error: true };
    expect(written(LINE, errorFrame, { kind: 'error_frame' })).toBe(stringified({ ...errorFrame, id: 0x20000008 }, { message: null, error_frame: true }));
    const remote: CanFrame = { ...frame, rtr: true, data: new Uint8Array(0) };
    expect(written(LINE, remote, { kind: 'remote', compiled: c })).toBe(stringified(remote, { message: 'Msg', remote: true, signals: null }));
    expect(written(LINE, remote, { kind: 'remote', compiled: undefined })).toBe(stringified(remote, { message: null, unknown: true, remote: true, signals: null }));
  });

  it('makes room for a wide bigint (a 64-bit raw times a huge integer factor) even at the end of a block', () => {
    const message = makeMessage({ name: 'Wide', signals: [makeSignal({ name: 'w', startBit: 0, length: 64, scale: 1e30 })] });
    const c: CompiledMessage = { message, decode: () => ({}), encode: () => new Uint8Array() };
    const signals: DecodedSignals = { w: 18446744073709551615n * 10n ** 30n };
    expect(written(LINE, frame, { kind: 'decoded', compiled: c, signals })).toBe(stringified(frame, { message: 'Wide', signals }));
  });

  it('leaves the channel out when the frame has none, as JSON.stringify drops an undefined key', () => {
    const bare: CanFrame = { ...frame, channel: undefined };
    expect(written(LINE, bare, { kind: 'unknown' })).toBe(stringified(bare, { message: null, unknown: true }));
  });
});
