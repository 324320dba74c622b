import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.js';

describe('closestName', () => {
  it('suggests a key with its unit, a typo, a transposition; nothing for a stranger', () => {
    const keys = ['radius_m', 'exit_radius_m', 'approach_radius_m', 'latitude', 'longitude', 'poll_interval_s'];
    expect(closestName('radius', keys)).toBe('radius_m');
    expect(closestName('latitdue', keys)).toBe('latitude');
    expect(closestName('longtitude', keys)).toBe('longitude');
    expect(closestName('poll_interval', keys)).toBe('poll_interval_s');
    expect(closestName('colour', keys)).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });

  it('counts edits', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
