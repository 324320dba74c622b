import { describe, it, expect } from 'vitest';
import { decodeDbcBytes } from './cp1252.js';
import { parseDbc } from './parse-dbc.js';

describe('decodeDbcBytes', () => {
  it('decodes ASCII, Latin-1 and the cp1252 0x80–0x9F block', () => {
    expect(decodeDbcBytes(Uint8Array.from([0x41, 0x0d, 0x0a, 0xb0, 0xe9, 0x80, 0x96, 0x9f]))).toBe('A\r\n°é€–Ÿ');
  });

  it('keeps the five undefined bytes as C1 code points', () => {
    expect(decodeDbcBytes(Uint8Array.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe('\u0081\u008d\u008f\u0090\u009d');
  });

  it('decodes inputs longer than one chunk', () => {
    const bytes = new Uint8Array(20_000).fill(0x80);
    expect(decodeDbcBytes(bytes)).toBe('€'.repeat(20_000));
  });

  it('gives a unit written as byte 0xB0 as "°C"', () => {
    const text = 'BO_ 1 Temp: 1 A\n SG_ T : 0|8@1+ (1,-40) [-40|215] "\xb0C" B\n';
    const bytes = Uint8Array.from(text, (char) => char.charCodeAt(0));
    expect(parseDbc(decodeDbcBytes(bytes)).messages[0].signals[0].unit).toBe('°C');
  });
});
