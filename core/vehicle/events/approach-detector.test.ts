import { describe, it, expect } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { ManualClock } from '../../base/manual-clock.js';
import type { CarEvent, HomePresence } from './car-event.js';
import { detectCarEvents } from './detect-car-events.js';
import { HOME, SignalLog, T0 } from './testing/signal-log.js';

async function approaches(log: SignalLog, etaThresholdsS?: number[]): Promise<{ events: CarEvent[]; presence: HomePresence[] }> {
  const streams = detectCarEvents(from(log.updates), { home: HOME, scheduler: new ManualClock(), etaThresholdsS });
  const [events, presence] = await Promise.all([lastValueFrom(streams.events$.pipe(toArray())), lastValueFrom(streams.presence$.pipe(toArray()))]);
  return { events: events.filter((e) => e.name === 'home.approaching'), presence };
}

const start = (east: number, north: number): SignalLog => new SignalLog(east, north).power('ON').gear(127).hold(2);

describe('home.approaching', () => {
  it('fires with distance and ETA on the way home, once per threshold crossed, the first covering all above it', async () => {
    const log = start(0, -2600).driveTo(0, -400, 50).hold(40).driveTo(0, -20, 40);
    const { events, presence } = await approaches(log);
    expect(events.map((e) => e.evidence.threshold_s)).toEqual([300, 120, 60]);
    const [first] = events;
    expect(first.evidence.distance_m as number).toBeLessThan(2000);
    expect(first.evidence.eta_s as number).toBeLessThanOrEqual(300);
    expect(Math.abs((first.evidence.eta_s as number) - (first.evidence.distance_m as number) / (50 / 3.6))).toBeLessThan(15);
    expect(presence.some((p) => p.etaS !== null)).toBe(true);
    expect(presence.at(-1)?.etaS).toBeNull(); // standing at home
  });

  it('uses the configured thresholds', async () => {
    const log = start(0, -2600).driveTo(0, -20, 50);
    expect((await approaches(log, [100, 30])).events.map((e) => e.evidence.threshold_s)).toEqual([100, 30]);
  });

  it('not for a drive passing 1.2 km off, nor for one driving away', async () => {
    expect((await approaches(start(-5000, 1200).driveTo(5000, 1200, 60))).events).toEqual([]);
    expect((await approaches(start(0, -300).driveTo(0, -3000, 50))).events).toEqual([]);
  });

  it('re-arms after driving away for a minute: a second approach is announced again', async () => {
    const log = start(0, -2600).driveTo(0, -700, 50).driveTo(0, -1900, 50).driveTo(0, -20, 50);
    const { events } = await approaches(log);
    const firsts = events.filter((e) => e.evidence.threshold_s === 120);
    expect(firsts).toHaveLength(2);
    expect(firsts[1].ts - T0).toBeGreaterThan(firsts[0].ts - T0 + 100);
  });
});
