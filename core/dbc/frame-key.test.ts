import { describe, expect, it } from 'vitest';
import { frameKey } from './frame-key.js';

describe('frameKey', () => {
  it('keeps standard and extended ids with the same number apart, even beyond 29 bits', () => {
    expect(frameKey(0x10, false)).not.toBe(frameKey(0x10, true));
    expect(frameKey(0x80000010, false)).not.toBe(frameKey(0x10, true));
    expect(frameKey(0x1fffffff, true)).not.toBe(frameKey(0x1fffffff, false));
    expect(Number.isSafeInteger(frameKey(0xffffffff, true))).toBe(true);
  });
});
