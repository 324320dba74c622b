import { describe, it, expect } from 'vitest';
import { PositionFilter } from './position-filter.js';

describe('PositionFilter', () => {
  it('starts only on three agreeing fixes, so one stray first fix decides nothing', () => {
    const filter = new PositionFilter();
    expect(filter.fix(0, 500, 500, 5, true)).toBe('rejected'); // a multipath first fix
    expect(filter.fix(1, 0, 0, 5, true)).toBe('rejected');
    expect(filter.fix(2, 2, -1, 5, true)).toBe('rejected');
    expect(filter.started).toBe(false);
    expect(filter.fix(3, -1, 1, 5, true)).toBe('started');
    expect(filter.fixes).toBe(3);
    expect(Math.hypot(filter.east, filter.north)).toBeLessThan(2);
  });

  it('rejects a burst of jumps and limits what a moderate jump pulls', () => {
    const filter = new PositionFilter();
    for (let t = 0; t < 10; t++) filter.fix(t, 0, 0, 5, true);
    for (let t = 10; t < 14; t++) expect(filter.fix(t, 150, 0, 4, true)).toBe('rejected');
    expect(Math.abs(filter.east)).toBeLessThan(0.01);
    expect(filter.fix(14, 35, 0, 4, true)).toBe('accepted');
    expect(filter.east).toBeLessThan(5);
  });

  it('resets to agreeing rejected fixes: 6 while moving, 15 while standing', () => {
    const moving = new PositionFilter();
    for (let t = 0; t < 5; t++) moving.fix(t, 0, 0, 5, false);
    const outcomes = [5, 6, 7, 8, 9, 10].map((t) => moving.fix(t, 200, 0, 5, false));
    expect(outcomes).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'reset']);
    expect(moving.east).toBeCloseTo(200, 5);
    const standing = new PositionFilter();
    for (let t = 0; t < 5; t++) standing.fix(t, 0, 0, 5, true);
    for (let t = 5; t < 19; t++) expect(standing.fix(t, 200, 0, 5, true)).toBe('rejected');
    expect(standing.fix(19, 200, 0, 5, true)).toBe('reset');
  });

  it('dead-reckons along the heading (compared after the distance driven) and grows its uncertainty with it', () => {
    const filter = new PositionFilter();
    for (let t = 0; t < 3; t++) filter.fix(t, 0, 0, 5, false);
    const sigma = filter.sigmaM;
    filter.advance(1000, 90);
    expect(filter.east).toBeCloseTo(1000, 6);
    expect(filter.north).toBeCloseTo(0, 6);
    expect(filter.sigmaM).toBeCloseTo(sigma + 30, 6);
    // A fix where dead reckoning says the car is: accepted.
    expect(filter.fix(60, 1010, 5, 5, false)).toBe('accepted');
    filter.advance(100, null); // no heading: only the uncertainty grows
    expect(filter.east).toBeGreaterThan(1000);
    expect(filter.east).toBeLessThan(1011);
    // What was driven since the start, with its drift: 3 % of the metres with heading, 50 % without.
    expect(filter.deadReckoned.east).toBeCloseTo(1000, 6);
    expect(filter.deadReckoned.north).toBeCloseTo(0, 6);
    expect(filter.deadReckoned.driftM).toBeCloseTo(30 + 50, 6);
  });
});
