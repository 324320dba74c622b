/**
 * The arrival-quality drive set: seeded, realistic drives as VSS signal logs with their ground
 * truth. `generateDrive(kind, seed)` gives one; `generateDriveSet(seeds)` every kind for each seed.
 *   node dist/test/tools/drives/generate-drives.js OUT_DIR [SEED]   writes NAME.jsonl + NAME.truth.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../../core/base/seeded-random.js';
import type { HomeZone } from '../../../core/vehicle/events/car-event.js';
import type { SignalUpdate } from '../../../core/vehicle/signal-updates.js';
import { driveSignals, toJsonLines } from './drive-signals.js';
import { buildScenario, DRIVE_KINDS, type DriveKind } from './drive-scenarios.js';
import { gpsFixes, randomGpsProfile, type GpsProfile } from './gps-error-model.js';
import { groundTruth, type GroundTruth } from './ground-truth.js';
import { simulateDrive, type Track } from './simulate-drive.js';

export interface GeneratedDrive {
  name: string;
  kind: DriveKind;
  seed: number;
  home: HomeZone;
  updates: SignalUpdate[];
  truth: GroundTruth;
  gps: GpsProfile;
  durationS: number;
}

const RADII_M = [50, 60, 75];

/** Turns the whole drive around home by `deg` (compass), so streets do not all run west–east. */
function rotate(track: Track, deg: number): Track {
  const rad = (deg * Math.PI) / 180;
  const c = Math.cos(rad);
  const s = Math.sin(rad);
  return {
    ...track,
    samples: track.samples.map((x) => ({ ...x, east: x.east * c + x.north * s, north: -x.east * s + x.north * c, headingDeg: (x.headingDeg + deg + 360) % 360 })),
  };
}

export function generateDrive(kind: DriveKind, seed: number): GeneratedDrive {
  const random = seededRandom(seed * 7919 + DRIVE_KINDS.indexOf(kind) * 104_729 + 1);
  const radiusM = RADII_M[Math.floor(random() * RADII_M.length)];
  const home: HomeZone = { name: 'Home', latitude: 48.1 + random() * 0.1, longitude: 11.4 + random() * 0.2, radiusM };
  const plan = buildScenario(kind, { random, radiusM });
  const track = rotate(simulateDrive(plan), random() * 360);
  const gps = randomGpsProfile(random);
  if (kind === 'long_parked_home' || kind === 'neighbour') {
    gps.biasSigmaM *= 1.5; // parked beside buildings: a worse, wandering fix
    gps.burstsPerHour *= 2;
  }
  const fixes = gpsFixes(track, gps, random);
  const startTs = 1_767_000_000 + seed * 100_000 + DRIVE_KINDS.indexOf(kind) * 7_000;
  const updates = driveSignals(track, fixes, {
    homeLatitude: home.latitude, homeLongitude: home.longitude, startTs, speedScale: 1 + (random() - 0.5) * 0.02, startSocPct: 30 + random() * 60,
  }, random);
  return {
    name: `${kind}-${seed}`, kind, seed, home, updates, truth: groundTruth(track, home, startTs), gps,
    durationS: track.samples[track.samples.length - 1].t,
  };
}

export function generateDriveSet(seeds: readonly number[], kinds: readonly DriveKind[] = DRIVE_KINDS): GeneratedDrive[] {
  return seeds.flatMap((seed) => kinds.map((kind) => generateDrive(kind, seed)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? 'drives';
  const seed = Number(process.argv[3] ?? 1);
  mkdirSync(out, { recursive: true });
  for (const drive of generateDriveSet([seed])) {
    writeFileSync(join(out, `${drive.name}.jsonl`), toJsonLines(drive.updates));
    writeFileSync(join(out, `${drive.name}.truth.json`), JSON.stringify({ home: drive.home, truth: drive.truth, gps: drive.gps }, null, 2) + '\n');
  }
}
