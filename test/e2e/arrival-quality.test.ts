// Arrival quality on the seeded drive set (test/tools/drives): realistic GPS (drifting bias,
// multipath bursts, tunnels, optimistic accuracy) and every kind of drive the issue names, run
// through detectCarEvents as `replay --speed max` runs it, scored against the ground truth.
// The full set (many seeds) is `npm run bench -- arrival`.
import { describe, expect, it } from 'vitest';
import { DRIVE_KINDS } from '../tools/drives/drive-scenarios.js';
import { toJsonLines } from '../tools/drives/drive-signals.js';
import { generateDrive, generateDriveSet } from '../tools/drives/generate-drives.js';
import { detectDrive, formatScore, scoreDrives } from '../tools/drives/score-drives.js';

const SEEDS = [1, 2, 3];

describe('arrival quality on the fixed-seed drive set', () => {
  it('meets the targets: arrived 100 % / 100 %, ≤ 3 s; approaching 100 %, ≥ 60 s lead; left 100 %, no false leave; no flap', async () => {
    const drives = generateDriveSet(SEEDS);
    expect(drives).toHaveLength(SEEDS.length * DRIVE_KINDS.length);
    const results = [];
    for (const drive of drives) results.push(await detectDrive(drive));
    const score = scoreDrives(results);
    const report = `${formatScore(score)}\n${score.problems.join('\n')}`;
    expect(score.arrived.expected, report).toBeGreaterThanOrEqual(SEEDS.length * 6);
    expect(score.arrived.precision, report).toBe(1);
    expect(score.arrived.recall, report).toBe(1);
    expect(score.arrived.medianDelayS, report).toBeLessThanOrEqual(3);
    expect(score.approaching.recall, report).toBe(1);
    expect(score.approaching.medianLeadS, report).toBeGreaterThanOrEqual(60);
    expect(score.left.expected, report).toBeGreaterThanOrEqual(SEEDS.length * 2);
    expect(score.left.recall, report).toBe(1);
    expect(score.left.falseLeaves, report).toBe(0);
    expect(score.flaps, report).toBe(0);
    // Not a target of the issue, but "not for every drive that passes within 2 km": none 1–2 km off here.
    expect(score.approaching.falseOnPassBy, report).toBe(0);
  });

  it('the generator is deterministic per seed and writes the replay signal log format', () => {
    const a = generateDrive('tunnel_home', 7);
    const b = generateDrive('tunnel_home', 7);
    expect(b.updates).toEqual(a.updates);
    expect(b.truth).toEqual(a.truth);
    expect(generateDrive('tunnel_home', 8).updates).not.toEqual(a.updates);
    const lines = toJsonLines(a.updates.slice(0, 50)).trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    for (const [i, line] of lines.entries()) expect(JSON.parse(line)).toEqual({ ts: a.updates[i].ts, path: a.updates[i].path, value: a.updates[i].value });
    // Ground truth of the kinds that must arrive, and of those that must not.
    expect(generateDrive('arrive_street', 1).truth.arrivals).toHaveLength(1);
    expect(generateDrive('neighbour', 1).truth.arrivals).toHaveLength(0);
    expect(generateDrive('long_parked_home', 1).truth).toMatchObject({ initial: 'home', arrivals: [] });
    expect(generateDrive('long_parked_home', 1).truth.lefts).toHaveLength(1);
    // Parked at home with only a few fixes before the wheels turn: fewer than settle the filter.
    for (const seed of SEEDS) {
      const quick = generateDrive('quick_leave', seed);
      expect(quick.truth).toMatchObject({ initial: 'home', arrivals: [] });
      expect(quick.truth.lefts).toHaveLength(1);
      const rollTs = quick.updates.find((u) => u.path === 'Vehicle.Speed' && Number(u.value) > 0.5)?.ts ?? Infinity;
      const fixesBefore = quick.updates.filter((u) => u.path === 'Vehicle.CurrentLocation.Latitude' && u.ts < rollTs).length;
      expect(fixesBefore).toBeGreaterThanOrEqual(1);
      expect(fixesBefore).toBeLessThan(8);
    }
  });
});
