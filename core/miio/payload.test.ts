import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MiioPayloadError } from './errors.js';
import { decodePayload, encodePayload } from './payload.js';
import { parseToken } from './token.js';

const text = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('encodePayload', () => {
  it('writes python-miio style: spaces, ASCII escapes, one NUL', () => {
    const out = encodePayload({ id: 8, method: 'set_name', params: ['Küche 客厅 😀'] }, { style: 'python-miio' });
    expect(out.toString('latin1')).toBe('{"id": 8, "method": "set_name", "params": ["K\\u00fcche \\u5ba2\\u5385 \\ud83d\\ude00"]}\u0000');
  });

  it('writes compact JSON without a NUL by default', () => {
    expect(encodePayload({ id: 1, method: 'get_prop', params: ['power'] }).toString()).toBe('{"id":1,"method":"get_prop","params":["power"]}');
  });

  it('never serialises token bytes', () => {
    const out = encodePayload({ token: parseToken('00112233445566778899aabbccddeeff') }, { style: 'python-miio' }).toString();
    expect(out).toBe('{"token": "[token redacted]"}\u0000');
  });

  it('round-trips any JSON value in both styles', () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        const normal = JSON.parse(JSON.stringify(value)) as unknown;
        expect(decodePayload(encodePayload(value, { style: 'python-miio' }))).toEqual(normal);
        expect(decodePayload(encodePayload(value, { style: 'compact' }))).toEqual(normal);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects NaN with a typed error', () => {
    expect(() => encodePayload({ v: Number.NaN })).toThrow(MiioPayloadError);
    expect(() => encodePayload({ v: Number.NaN }, { style: 'python-miio' })).toThrow(MiioPayloadError);
  });

  it('keeps the compact fast path identical to the checked one: nulls, "null" text, Infinity deep down, BigInt', () => {
    expect(encodePayload({ id: 2, params: [null, 'nullable', { x: null }] }).toString()).toBe('{"id":2,"params":[null,"nullable",{"x":null}]}');
    expect(() => encodePayload({ id: 3, params: [{ deep: [Number.POSITIVE_INFINITY] }] })).toThrow(MiioPayloadError);
    expect(encodePayload({ id: 4, params: [12n] }).toString()).toBe('{"id":4,"params":[12]}');
    expect(() => encodePayload(undefined)).toThrow(MiioPayloadError);
  });
});

describe('decodePayload quirks (python-miio protocol.py, npm safeishJSON, issue reports)', () => {
  it.each([
    ['trailing NULs', '{"id":1,"result":["ok"]}\u0000\u0000\u0000', { id: 1, result: ['ok'] }],
    ['garbage after a NUL (cloud _sync.batch_gen_room_up_url)', '{"id":2,"result":0}\u0000\u0013garbage{', { id: 2, result: 0 }],
    ['a doubled comma before otu_stat', '{"id":3,"result":{"life":5,,"otu_stat":[1]}}', { id: 3, result: { life: 5, otu_stat: [1] } }],
    ['a doubled comma anywhere in an object', '{"id":4,,"result":1}', { id: 4, result: 1 }],
    ['empty sub-device values [,,]', '{"result":[,,,,,,,],"id":8}', { result: Array(8).fill(null), id: 8 }],
    ['[,] as two nulls', '{"id":5,"result":[,]}', { id: 5, result: [null, null] }],
    ['an empty value inside an array', '{"id":6,"result":["a",,"b"]}', { id: 6, result: ['a', null, 'b'] }],
    ['"result":, (xiaomi.vacuum.b112)', '{"result":,"id":9}', { result: null, id: 9 }],
    ['"value":00 (curtain.jldj03)', '{"id":10,"result":[{"siid":2,"piid":1,"code":0,"value":00}]}', { id: 10, result: [{ siid: 2, piid: 1, code: 0, value: 0 }] }],
    ['"value":06 leading zero', '{"id":11,"result":[{"value":06},{"value":-007.5}]}', { id: 11, result: [{ value: 6 }, { value: -7.5 }] }],
    ['raw control characters in a string', '{"id":12,"result":["a\u0001b\tc"]}', { id: 12, result: ['a\u0001b\tc'] }],
    ['a trailing comma in an object', '{"id":13,"result":1,}', { id: 13, result: 1 }],
    ['raw UTF-8', '{"id":14,"result":["客厅"]}', { id: 14, result: ['客厅'] }],
    ['quirky text inside strings stays untouched', '{"id":15,"result":[",,", "[,]", "06"],,}', { id: 15, result: [',,', '[,]', '06'] }],
  ])('reads %s', (_quirk, input, expected) => {
    expect(decodePayload(text(input))).toEqual(expected);
  });

  it.each([
    ['an empty payload', '\u0000\u0000', 0],
    ['a cut-off object', '{"id":1,"result":[1,2', 21],
    ['garbage without a NUL', '{"id":1} trailing', 9],
    ['a bare word', '{"id":1,"result":okay}', 17],
  ])('rejects %s with MiioPayloadError at its offset', (_what, input, offset) => {
    let error: unknown;
    try {
      decodePayload(text(input));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MiioPayloadError);
    expect(error).toMatchObject({ offset });
  });

  it('does not echo payload text in errors (miIO.info carries the token)', () => {
    let message = '';
    try {
      decodePayload(text('{"token":"00112233445566778899aabbccddeeff",'));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/character \d+/);
    expect(message).not.toContain('0011223344');
  });

  it('never throws anything but MiioPayloadError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodePayload(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(MiioPayloadError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
