import { interval, take, timer, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ScaledClock } from './scaled-clock.js';

describe('ScaledClock', () => {
  it('runs waits and now() factor times faster than its base, periodic work included', () => {
    const base = new VirtualTimeScheduler(VirtualAction, Infinity);
    const clock = new ScaledClock(10, base);
    const seen: string[] = [];
    interval(1000, clock).pipe(take(3)).subscribe(() => seen.push(`tick at base ${base.now()}`));
    timer(5000, clock).subscribe(() => seen.push(`timer at clock ${clock.now()}`));
    base.flush();
    expect(seen).toEqual(['tick at base 100', 'tick at base 200', 'tick at base 300', 'timer at clock 5000']);
  });

  it('refuses a factor that is not a positive number', () => {
    expect(() => new ScaledClock(0)).toThrow(RangeError);
    expect(() => new ScaledClock(Number.NaN)).toThrow(RangeError);
  });
});
