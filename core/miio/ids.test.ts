import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MiioOptionsError } from './errors.js';
import { advanceId, MessageIds } from './ids.js';

describe('MessageIds', () => {
  it('starts after the seed, +1 per request, +100 after a timeout, wrapping to 1', () => {
    const ids = new MessageIds(9897);
    expect([ids.next(), ids.nextAfterTimeout(), ids.next(), ids.next()]).toEqual([9898, 9998, 9999, 1]);
    expect(ids.current).toBe(1);
  });

  it('starts at a random id in 1..9999 without a seed', () => {
    const firsts = Array.from({ length: 200 }, () => new MessageIds().next());
    expect(Math.min(...firsts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...firsts)).toBeLessThanOrEqual(9999);
    expect(new Set(firsts).size).toBeGreaterThan(100);
  });

  it('never yields 0 or anything outside 1..9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.array(fc.boolean(), { maxLength: 300 }), (seed, steps) => {
        const ids = new MessageIds(seed);
        for (const afterTimeout of steps) {
          const id = afterTimeout ? ids.nextAfterTimeout() : ids.next();
          expect(id).toBeGreaterThanOrEqual(1);
          expect(id).toBeLessThanOrEqual(9999);
        }
      }),
    );
    expect(advanceId(9999, 1)).toBe(1);
    expect(advanceId(9950, 100)).toBe(51);
  });

  it('rejects a bad seed with a typed error', () => {
    expect(() => new MessageIds(-1)).toThrow(MiioOptionsError);
    expect(() => new MessageIds(1.5)).toThrow(MiioOptionsError);
  });
});
