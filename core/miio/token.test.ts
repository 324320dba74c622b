import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MiioTokenFormatError } from './errors.js';
import { parseToken, revealTokenHex, tokenBytes, tokenFromBytes } from './token.js';

const HEX = '00112233445566778899aabbccddeeff';

describe('MiioToken', () => {
  it('keeps the 16 bytes for the codec', () => {
    expect(tokenBytes(parseToken(HEX)).toString('hex')).toBe(HEX);
    expect(tokenBytes(parseToken(` ${HEX.toUpperCase()}\n`)).toString('hex')).toBe(HEX);
    expect(revealTokenHex(tokenFromBytes(Buffer.from(HEX, 'hex')))).toBe(HEX);
  });

  it('redacts itself in strings, JSON, inspect, template literals and spreads', () => {
    const token = parseToken(HEX);
    const shown = [String(token), `${token}`, JSON.stringify({ token }), inspect(token), inspect({ token }), JSON.stringify({ ...token })].join(' ');
    expect(shown).not.toContain(HEX);
    expect(shown).not.toContain('0x00');
    expect(String(token)).toBe('[token redacted]');
    expect(JSON.stringify({ token })).toBe('{"token":"[token redacted]"}');
  });

  it('hands out copies, so callers cannot change the token', () => {
    const token = parseToken(HEX);
    tokenBytes(token).fill(0);
    expect(tokenBytes(token).toString('hex')).toBe(HEX);
  });

  it.each([
    ['too short', HEX.slice(2)],
    ['too long', HEX + '00'],
    ['not hex', 'zz' + HEX.slice(2)],
    ['empty', ''],
  ])('rejects %s with a typed error that does not echo the value', (_why, value) => {
    let error: unknown;
    try {
      parseToken(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MiioTokenFormatError);
    expect((error as Error).message).not.toContain(value || '\u0000');
    expect((error as Error).message).toMatch(/32 hex characters/);
  });
});
