// The demo drive (core/vehicle/demo/drive-home.log) decoded with the demo DBC and mapping, through
// detectCarEvents with config/demo.yaml's home, as `homeward replay --speed max` runs it. The car
// starts parked at home with only a few fixes before it drives off (fewer than settle the filter),
// so this is the regression test for "starts parked at home is home, then leaves once".
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { from, lastValueFrom, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import { onlyFrames, readCandumpLog } from '../../core/can/sources/read-candump-log.js';
import { createDbcCodec } from '../../core/dbc/codec.js';
import { parseDbc } from '../../core/dbc/parse-dbc.js';
import { loadConfig } from '../../core/runtime/config/load-config.js';
import { bindVssMapping } from '../../core/vehicle/bind-vss-mapping.js';
import { demoDriveLogPath, homewardEvDbcPath, homewardEvVssMappingPath } from '../../core/vehicle/demo/paths.js';
import type { CarEvent, HomePresence, HomeZone } from '../../core/vehicle/events/car-event.js';
import { detectCarEvents } from '../../core/vehicle/events/detect-car-events.js';
import { createSignalUpdateCounters, toSignalUpdates, type SignalUpdate } from '../../core/vehicle/signal-updates.js';
import { loadVssMappingFile } from '../../core/vehicle/vss-mapping.js';
import { REPO_ROOT } from '../helpers/runtime-fixture.js';

async function demoUpdates(): Promise<SignalUpdate[]> {
  const db = parseDbc(await readFile(homewardEvDbcPath(), 'utf8'), { file: homewardEvDbcPath() });
  const bound = bindVssMapping(await loadVssMappingFile(homewardEvVssMappingPath()), db);
  const updates$ = readCandumpLog(demoDriveLogPath()).pipe(onlyFrames(), toSignalUpdates(createDbcCodec(db), bound, { counters: createSignalUpdateCounters() }));
  return lastValueFrom(updates$.pipe(toArray()));
}

describe('the demo drive through detectCarEvents', () => {
  let home: HomeZone;
  let etaThresholdsS: readonly number[];
  let events: CarEvent[];
  let presence: HomePresence[];
  let t0: number;

  beforeAll(async () => {
    const { config } = await loadConfig(join(REPO_ROOT, 'config', 'demo.yaml'));
    if (!config.home) throw new Error('config/demo.yaml declares no home');
    home = { name: config.home.name, latitude: config.home.latitude, longitude: config.home.longitude, radiusM: config.home.radius_m };
    etaThresholdsS = config.home.eta_thresholds_s;
    const updates = await demoUpdates();
    t0 = updates[0].ts;
    const streams = detectCarEvents(from(updates), { home, etaThresholdsS, scheduler: new ManualClock(t0 * 1000) });
    [events, presence] = await Promise.all([lastValueFrom(streams.events$.pipe(toArray())), lastValueFrom(streams.presence$.pipe(toArray()))]);
  });

  it('starts home without an event: the first decided state is home', () => {
    expect(presence.find((p) => p.state !== 'unknown')?.state).toBe('home');
    expect(events.filter((e) => e.name.startsWith('home.'))[0]?.name).toBe('home.left');
  });

  it('one home.left, then home.approaching, then one home.arrived, in that order', () => {
    const home_ = events.filter((e) => e.name.startsWith('home.'));
    const names = home_.map((e) => e.name);
    expect(names.filter((n) => n === 'home.left')).toHaveLength(1);
    expect(names.filter((n) => n === 'home.arrived')).toHaveLength(1);
    expect(names.filter((n) => n === 'home.approaching').length).toBeGreaterThanOrEqual(1);
    // Collapsed runs of a name: left, approaching (re-emitted per ETA threshold), arrived.
    expect(names.filter((n, i) => n !== names[i - 1])).toEqual(['home.left', 'home.approaching', 'home.arrived']);
  });

  it('leaves just past the exit radius, driving, and arrives when P goes in at home', () => {
    const left = events.find((e) => e.name === 'home.left') as CarEvent;
    const exitRadiusM = home.exitRadiusM ?? home.radiusM * 2;
    expect(left.evidence.distance_m as number).toBeGreaterThan(exitRadiusM);
    expect(left.evidence.distance_m as number).toBeLessThan(exitRadiusM + 40);
    expect(left.evidence.gear).toBe('D');
    // Ignition on at 16:00:01 (t0 + 1.5 s), out of the driveway a few seconds later.
    expect(left.ts - t0).toBeGreaterThan(15);
    expect(left.ts - t0).toBeLessThan(40);
    const arrived = events.find((e) => e.name === 'home.arrived') as CarEvent;
    expect(arrived.evidence).toMatchObject({ gear: 'P', trigger: 'gear_p' });
    expect(arrived.evidence.distance_m as number).toBeLessThan(home.radiusM);
    const parked = events.find((e) => e.name === 'vehicle.parked') as CarEvent;
    expect(arrived.ts).toBe(parked.ts);
  });
});
