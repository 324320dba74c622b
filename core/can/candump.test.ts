import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCandumpLine, parseCandumpLine, parseCandumpRange } from './candump.js';
import { CandumpFormatError, CandumpParseError } from './errors.js';
import type { CanFrame } from './frame.js';
import { createReusedFrame } from './reused-frame.js';

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('parseCandumpLine', () => {
  it('reads a classic 11-bit frame', () => {
    expect(parseCandumpLine('(1700000000.004047) vcan0 1F0#62A0986DF332E7B6')).toEqual({
      id: 0x1f0, extended: false, fd: false, rtr: false, error: false,
      data: bytes('62A0986DF332E7B6'), ts: 1700000000.004047, channel: 'vcan0',
    });
  });

  it('gives the timestamp parseFloat gives the text', () => {
    for (const text of ['1700000000.004047', '1700000000.000001', '0000000001.999999', '1436509052.249713']) {
      expect(parseCandumpLine(`(${text}) can0 123#`).ts).toBe(Number.parseFloat(text));
    }
  });

  it('reads a 29-bit frame, an empty frame and lowercase hex', () => {
    const frame = parseCandumpLine('(1700000000.1) can1 1fffffff#deadbeef');
    expect(frame).toMatchObject({ id: 0x1fffffff, extended: true, fd: false, channel: 'can1', data: bytes('DEADBEEF') });
    expect(parseCandumpLine('(1.0) vcan0 000#').data).toEqual(new Uint8Array(0));
    expect(parseCandumpLine('(1.0) vcan0 00000000#').extended).toBe(true);
  });

  it('reads CAN FD with its flag nibble', () => {
    const frame = parseCandumpLine('(1700000000.016069) vcan0 00012333##1' + '11'.repeat(12));
    expect(frame).toMatchObject({ id: 0x12333, extended: true, fd: true, fdFlags: 1, rtr: false });
    expect(frame.data).toHaveLength(12);
    expect(parseCandumpLine('(1.000000) vcan0 123##3').fdFlags).toBe(3);
  });

  it('reads remote frames with and without a DLC', () => {
    expect(parseCandumpLine('(1700000000.167000) vcan0 101#R')).toMatchObject({ id: 0x101, rtr: true, data: new Uint8Array(0) });
    expect(parseCandumpLine('(1700000000.167000) vcan0 101#R5')).toMatchObject({ rtr: true, data: new Uint8Array(5) });
    expect(parseCandumpLine('(1.000000) vcan0 101#r')).toMatchObject({ rtr: true });
  });

  it('reads an error frame: flag off the id, error true, 8 digits = extended', () => {
    expect(parseCandumpLine('(1700000000.352072) vcan0 20000008#0000080000000000')).toMatchObject({
      id: 0x8, extended: true, error: true, fd: false, rtr: false, data: bytes('0000080000000000'),
    });
  });

  it('tolerates CR, candump -x direction, and the raw DLC suffix', () => {
    expect(parseCandumpLine('(1.000000) vcan0 123#AB\r').data).toEqual(bytes('AB'));
    expect(parseCandumpLine('(1.000000) vcan0 123#AB R').data).toEqual(bytes('AB'));
    expect(parseCandumpLine('(1.000000) vcan0 123#AB T\r').data).toEqual(bytes('AB'));
    expect(parseCandumpLine('(1.000000) vcan0 123#R T').rtr).toBe(true);
    expect(parseCandumpLine('(1.000000) vcan0 123#1122334455667788_E').data).toHaveLength(8);
  });

  const bad: Array<[string, number, RegExp]> = [
    ['', 1, /empty line/],
    ['1700000000.1) vcan0 123#', 1, /expected '\('/],
    ['(17000x0000.1) vcan0 123#', 7, /expected '\.'/],
    ['(1700000000.) vcan0 123#', 13, /digits after the point/],
    ['(1700000000.1 vcan0 123#', 14, /expected '\)'/],
    ['(1.1)vcan0 123#', 6, /space after the timestamp/],
    ['(1.1) vcan0', 12, /missing CAN id/],
    ['(1.1) vcan0 12#00', 13, /3 hex digits .* or 8 .* got 2/],
    ['(1.1) vcan0 12G#00', 15, /hex digit or '#'/],
    ['(1.1) vcan0 800#00', 13, /larger than 7FF/],
    ['(1.1) vcan0 40000000#00', 13, /larger than 1FFFFFFF/],
    ['(1.1) vcan0 123#0', 18, /odd number/],
    ['(1.1) vcan0 123#0G', 18, /hex digit in the data, got 'G'/],
    ['(1.1) vcan0 123#001122334455667788', 17, /at most 8/],
    ['(1.1) vcan0 123##1' + '00'.repeat(9), 19, /not a CAN FD length/],
    ['(1.1) vcan0 123##X00', 18, /flag nibble/],
    ['(1.1) vcan0 123#R9', 18, /DLC must be a digit 0 to 8/],
    ['(1.1) vcan0 20000004##000', 13, /never CAN FD/],
    ['(1.1) vcan0 123#00 X', 20, /direction R or T/],
    ['(1.1) vcan0 123#00 R x', 22, /after the direction/],
    ['(1.1) vcan0 123#0011_9', 21, /exactly 8 bytes/],
    ['(1.1) vcan0 123#1122334455667788_7', 34, /9 to F/],
  ];
  it.each(bad)('rejects %j at its column', (line, column, reason) => {
    let caught: unknown;
    try {
      parseCandumpLine(line, 42, 'drive.log');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CandumpParseError);
    const error = caught as CandumpParseError;
    expect(error.reason).toMatch(reason);
    expect({ line: error.line, column: error.column }).toEqual({ line: 42, column });
    expect(error.message).toBe(`drive.log:42:${column}: ${error.reason}`);
    expect(error.code).toBe('candump_parse');
  });
});

describe('formatCandumpLine', () => {
  it('writes uppercase, zero-padded ids and 6-digit microseconds', () => {
    const frame: CanFrame = { id: 0x1f, extended: false, fd: false, rtr: false, error: false, data: bytes('0aff'), ts: 12.5, channel: 'can0' };
    expect(formatCandumpLine(frame)).toBe('(0000000012.500000) can0 01F#0AFF');
    expect(formatCandumpLine({ ...frame, extended: true })).toBe('(0000000012.500000) can0 0000001F#0AFF');
    expect(formatCandumpLine({ ...frame, channel: undefined })).toBe('(0000000012.500000) vcan0 01F#0AFF');
  });

  it('writes FD, remote and error frames as can-utils does', () => {
    const base: CanFrame = { id: 0x12333, extended: true, fd: true, rtr: false, error: false, data: new Uint8Array(12), ts: 1, fdFlags: 3 };
    expect(formatCandumpLine(base)).toBe(`(0000000001.000000) vcan0 00012333##3${'00'.repeat(12)}`);
    expect(formatCandumpLine({ ...base, id: 0x101, extended: false, fd: false, rtr: true, data: new Uint8Array(0) })).toBe('(0000000001.000000) vcan0 101#R');
    expect(formatCandumpLine({ ...base, id: 0x101, extended: false, fd: false, rtr: true, data: new Uint8Array(5) })).toBe('(0000000001.000000) vcan0 101#R5');
    expect(formatCandumpLine({ ...base, id: 8, fd: false, error: true, data: bytes('0000080000000000') })).toBe(
      '(0000000001.000000) vcan0 20000008#0000080000000000',
    );
  });

  it('refuses frames candump cannot print', () => {
    const frame: CanFrame = { id: 0x800, extended: false, fd: false, rtr: false, error: false, data: new Uint8Array(0), ts: 1 };
    expect(() => formatCandumpLine(frame)).toThrow(CandumpFormatError);
    expect(() => formatCandumpLine({ ...frame, id: 1, data: new Uint8Array(9) })).toThrow(/9 data bytes/);
    expect(() => formatCandumpLine({ ...frame, id: 1, fd: true, data: new Uint8Array(9) })).toThrow(/CAN FD/);
    expect(() => formatCandumpLine({ ...frame, id: 0x20000000, extended: true })).toThrow(/1FFFFFFF/);
    expect(() => formatCandumpLine({ ...frame, id: 1, ts: Number.NaN })).toThrow(/timestamp/);
    // `20000008##0…` would not parse back, so an FD error frame is refused rather than written.
    expect(() => formatCandumpLine({ ...frame, id: 8, extended: true, error: true, fd: true, data: new Uint8Array(8) })).toThrow(
      /error frame cannot be CAN FD/,
    );
  });
});

/** The frame with its data as hex: vitest compares typed arrays slowly, strings fast. */
const plain = (frame: CanFrame): object => ({ ...frame, data: Buffer.from(frame.data).toString('hex') });

describe('round trip', () => {
  const fdLength = fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64);
  const kindArb = fc.oneof(
    fc.record({
      id: fc.integer({ min: 0, max: 0x7ff }), extended: fc.constant(false), fd: fc.constant(false), rtr: fc.constant(false),
      error: fc.constant(false), data: fc.uint8Array({ maxLength: 8 }),
    }),
    fc.record({
      id: fc.integer({ min: 0, max: 0x1fffffff }), extended: fc.constant(true), fd: fc.constant(true), rtr: fc.constant(false),
      error: fc.constant(false), data: fdLength.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })), fdFlags: fc.integer({ min: 0, max: 15 }),
    }),
    fc.record({
      id: fc.integer({ min: 0, max: 0x7ff }), extended: fc.boolean(), fd: fc.constant(false), rtr: fc.constant(true),
      error: fc.constant(false), data: fc.integer({ min: 0, max: 8 }).map((n) => new Uint8Array(n)),
    }),
    fc.record({
      id: fc.integer({ min: 0, max: 0x1fffffff }), extended: fc.constant(true), fd: fc.constant(false), rtr: fc.constant(false),
      error: fc.constant(true), data: fc.uint8Array({ maxLength: 8 }),
    }),
  );
  const frameArb: fc.Arbitrary<CanFrame> = fc
    .tuple(kindArb, fc.integer({ min: 0, max: 4_102_444_800_000_000 }), fc.stringMatching(/^[a-z][a-z0-9]{0,14}$/))
    .map(([frame, micros, channel]) => ({ ...frame, ts: micros / 1e6, channel }) as CanFrame);

  it('parse(format(frame)) gives the frame back, and format(parse(line)) the line', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        const line = formatCandumpLine(frame);
        const parsed = parseCandumpLine(line);
        expect(plain(parsed)).toEqual(plain(frame));
        expect(formatCandumpLine(parsed)).toBe(line);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but CandumpParseError on junk', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (junk) => {
        for (const line of [junk, `(1.000000) vcan0 ${junk}`, `(1.000000) vcan0 123#${junk}`]) {
          try {
            parseCandumpLine(line);
          } catch (error) {
            expect(error).toBeInstanceOf(CandumpParseError);
          }
        }
      }),
    );
  });
});

describe('parseCandumpRange and reused frames', () => {
  const lines = ['(1700000000.004047) vcan0 1F0#62A0986DF332E7B6', '(1.5) can0 00012333##1CA', '(1.5) vcan0 123#R5', '(1.5) vcan0 1F0#62A0 R\r', '(1.5) vcan0 1F0#62A', '(1.5) vcan0 1F0', '(1.5', ''];

  const outcome = (parse: () => CanFrame): unknown => {
    try {
      const frame = parse();
      return { ...frame, data: [...frame.data] };
    } catch (error) {
      if (!(error instanceof CandumpParseError)) throw error;
      return `${error.message} at ${error.line}:${error.column}`;
    }
  };

  it('reads a line where it sits in a text as parseCandumpLine reads it cut out, errors and columns too', () => {
    for (const line of lines) {
      const text = `(9.9) vcan9 7FF#00\n${line}\n(1.0) a 1#`;
      const start = text.indexOf('\n') + 1;
      expect(outcome(() => parseCandumpRange(text, start, start + line.length, 4, 'x.log'))).toEqual(outcome(() => parseCandumpLine(line, 4, 'x.log')));
    }
  });

  it('refills one frame object and payload memory when asked to', () => {
    const reuse = createReusedFrame();
    const first = parseCandumpLine(lines[0], 1, undefined, reuse);
    expect(first).toBe(reuse.frame);
    expect([...first.data]).toEqual([...bytes('62A0986DF332E7B6')]);
    const second = parseCandumpLine(lines[1], 2, undefined, reuse);
    expect(second).toBe(first);
    expect({ ...second, data: [...second.data] }).toEqual({ ...outcome(() => parseCandumpLine(lines[1])) as object });
  });
});
