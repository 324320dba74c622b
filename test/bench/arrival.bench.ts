import { performance } from 'node:perf_hooks';
import { DRIVE_KINDS } from '../tools/drives/drive-scenarios.js';
import { generateDriveSet } from '../tools/drives/generate-drives.js';
import { detectDrive, formatScore, scoreDrives, type DriveResult } from '../tools/drives/score-drives.js';
import { zoneBaseline } from '../tools/drives/zone-baseline.js';
import { formatTable } from './miio-bench-support.js';

/**
 * Arrival quality on the full drive set (every kind × many seeds; CI runs 3 seeds in
 * test/e2e/arrival-quality.test.ts), and detector throughput. Peer: Home Assistant's GPS zone
 * logic (distance − gps_accuracy < radius) on the same raw fixes, scored the same way.
 * Targets: arrived precision and recall 100 %, median delay ≤ 3 s; approaching recall 100 %,
 * median lead ≥ 60 s; left recall 100 %, no false leave; 0 flaps.
 */

const SEEDS = Number(process.env.HOMEWARD_BENCH_ARRIVAL_SEEDS ?? 60);

export async function run(): Promise<void> {
  const seeds = Array.from({ length: SEEDS }, (_, i) => 1000 + i);
  const genStart = performance.now();
  const drives = generateDriveSet(seeds);
  const genS = (performance.now() - genStart) / 1000;
  const updates = drives.reduce((n, d) => n + d.updates.length, 0);
  const hours = drives.reduce((n, d) => n + d.durationS, 0) / 3600;

  const detectStart = performance.now();
  const ours: DriveResult[] = [];
  for (const drive of drives) ours.push(await detectDrive(drive));
  const oursS = (performance.now() - detectStart) / 1000;
  const peerStart = performance.now();
  const peer = drives.map(zoneBaseline);
  const peerS = (performance.now() - peerStart) / 1000;

  const a = scoreDrives(ours);
  const b = scoreDrives(peer);
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const sec = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(1));
  const rows = [
    ['arrived precision', pct(a.arrived.precision), pct(b.arrived.precision)],
    ['arrived recall', pct(a.arrived.recall), pct(b.arrived.recall)],
    ['arrived false', String(a.arrived.falsePositives), String(b.arrived.falsePositives)],
    ['arrived delay median s', sec(a.arrived.medianDelayS), sec(b.arrived.medianDelayS)],
    ['arrived delay max s', sec(a.arrived.maxDelayS), sec(b.arrived.maxDelayS)],
    ['approaching recall', pct(a.approaching.recall), '-'],
    ['approaching lead median s', sec(a.approaching.medianLeadS), '-'],
    ['approaching lead min s', sec(a.approaching.minLeadS), '-'],
    ['approaching on 1-2 km pass-bys', `${a.approaching.falseOnPassBy}/${a.approaching.passBys}`, '-'],
    ['left recall', pct(a.left.recall), pct(b.left.recall)],
    ['false leaves', String(a.left.falseLeaves), String(b.left.falseLeaves)],
    ['flaps', String(a.flaps), String(b.flaps)],
    ['updates/s', Math.round(updates / oursS).toLocaleString('en'), Math.round(updates / peerS).toLocaleString('en')],
  ];
  const falseAll = (s: typeof a): number => s.arrived.falsePositives + s.left.falseLeaves + s.flaps;
  process.stdout.write(
    `Arrival quality: ${drives.length} drives (${DRIVE_KINDS.length} kinds x ${SEEDS} seeds), ${hours.toFixed(1)} h, ${updates.toLocaleString('en')} VSS updates (generated in ${genS.toFixed(1)} s)\n` +
      `${formatTable(['figure', 'homeward', 'peer: HA GPS zone'], rows)}\n` +
      `false home events (false arrived + false left + flaps): homeward ${falseAll(a)}, peer ${falseAll(b)}; ` +
      `detector throughput ${(updates / oursS / (updates / peerS)).toFixed(2)}x the peer's (which only reads fixes)\n` +
      `${formatScore(a)}\n${a.problems.slice(0, 20).join('\n')}${a.problems.length > 20 ? `\n... ${a.problems.length - 20} more` : ''}\n`,
  );
}
