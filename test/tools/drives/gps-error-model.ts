/**
 * What a car's GNSS receiver reports for a true track: fixes once a second with a slowly drifting
 * bias (Ornstein–Uhlenbeck per axis, σ and time constant per drive), white noise, an optimistic
 * HorizontalAccuracy (about half the real error), random short dropouts and multipath bursts
 * (30–200 m, a few fixes) on top of those the plan asks for. Heading comes from the IMU: it keeps
 * coming in tunnels, with a small bias and noise.
 */
import type { Point } from './drive-plan.js';
import type { Track, TrackSample } from './simulate-drive.js';

export interface GpsProfile {
  biasSigmaM: number;
  biasTauS: number;
  whiteSigmaM: number;
  /** Reported accuracy = this × the true error σ (< 1: optimistic). */
  accuracyOptimism: number;
  headingBiasDeg: number;
  /** Random bursts per hour and dropouts per hour, besides the planned ones. */
  burstsPerHour: number;
  dropoutsPerHour: number;
}

export interface GpsFixSample {
  t: number;
  /** null: no fix this second. */
  position: Point | null;
  accuracyM: number | null;
  headingDeg: number;
}

export function gaussian(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function randomGpsProfile(random: () => number): GpsProfile {
  const between = (lo: number, hi: number): number => lo + (hi - lo) * random();
  return {
    biasSigmaM: between(4, 12),
    biasTauS: between(60, 300),
    whiteSigmaM: between(3, 9),
    accuracyOptimism: between(0.4, 0.8),
    headingBiasDeg: between(-2, 2),
    burstsPerHour: between(4, 12),
    dropoutsPerHour: between(2, 8),
  };
}

/** One fix a second (at t = k + 0.05 s) over the track. */
export function gpsFixes(track: Track, profile: GpsProfile, random: () => number): GpsFixSample[] {
  const out: GpsFixSample[] = [];
  const samples = track.samples;
  const endT = samples[samples.length - 1].t;
  const bursts = [...track.trouble.bursts];
  const dropouts = [...track.trouble.dropouts];
  let biasE = gaussian(random) * profile.biasSigmaM;
  let biasN = gaussian(random) * profile.biasSigmaM;
  const decay = Math.exp(-1 / profile.biasTauS);
  const drive = Math.sqrt(1 - decay * decay) * profile.biasSigmaM;
  const trueSigma = Math.hypot(profile.biasSigmaM, profile.whiteSigmaM);
  let burst: { left: number; dE: number; dN: number } | null = null;
  let index = 0;
  for (let k = 0; k + 0.05 <= endT; k++) {
    const t = k + 0.05;
    while (index + 1 < samples.length && samples[index + 1].t <= t) index++;
    const truth: TrackSample = samples[index];
    biasE = biasE * decay + drive * gaussian(random);
    biasN = biasN * decay + drive * gaussian(random);
    if (random() < profile.burstsPerHour / 3600) bursts.push({ fromT: t, fixes: 2 + Math.floor(random() * 4), offsetM: 30 + random() * 170 });
    if (random() < profile.dropoutsPerHour / 3600) dropouts.push({ fromT: t, toT: t + 2 + random() * 8 });
    const heading = (truth.headingDeg + profile.headingBiasDeg + gaussian(random) * 0.5 + 360) % 360;
    if (dropouts.some((d) => t >= d.fromT && t < d.toT)) {
      out.push({ t, position: null, accuracyM: null, headingDeg: heading });
      continue;
    }
    const startsNow = bursts.findIndex((b) => b.fromT <= t);
    if (burst === null && startsNow >= 0) {
      const b = bursts.splice(startsNow, 1)[0];
      const angle = random() * 2 * Math.PI;
      burst = { left: b.fixes, dE: Math.sin(angle) * b.offsetM, dN: Math.cos(angle) * b.offsetM };
    }
    let east = truth.east + biasE + gaussian(random) * profile.whiteSigmaM;
    let north = truth.north + biasN + gaussian(random) * profile.whiteSigmaM;
    if (burst !== null) {
      east += burst.dE + gaussian(random) * 3;
      north += burst.dN + gaussian(random) * 3;
      if (--burst.left <= 0) burst = null;
    }
    const accuracyM = Math.max(2, trueSigma * profile.accuracyOptimism * (0.8 + 0.4 * random()));
    out.push({ t, position: { east, north }, accuracyM: Math.round(accuracyM * 10) / 10, headingDeg: heading });
  }
  return out;
}
