/**
 * The car's position from noisy GPS and its own wheel speed and heading: a Kalman filter on
 * (east, north) with one isotropic variance, predicted by dead reckoning and corrected by fixes.
 *
 * - Dead reckoning: the position moves by speed × dt along the heading (backwards in R); its
 *   uncertainty grows linearly with the distance driven (a heading bias of ~2° is a drift, not a
 *   random walk), so a minute in a tunnel leaves tens of metres, not millimetres.
 * - Fixes: the reported accuracy is optimistic, so the noise taken is max(1.5 × accuracy, 10 m).
 *   A fix whose innovation is beyond the gate (chi-square, 2 dof, 99.9 %) is rejected; between 2σ
 *   and the gate it counts with a widened noise (Huber), so one jump pulls a few metres at most.
 * - Re-acquisition: consecutive rejected fixes that agree with each other (compared after removing
 *   the distance driven since each) reset the filter to their mean once there are enough of them:
 *   the dead-reckoned track was wrong, not the fixes. Multipath bursts last a few fixes, fewer than
 *   that. The first fixes start the filter the same way, so no decision ever rests on one fix.
 * - The variance never drops below 5 m²-ish (bias drifts slowly, averaging cannot remove it).
 */

export interface PositionFilterOptions {
  /** Consistent fixes needed to start (default 3). */
  initFixes?: number;
  /** Consecutive consistent rejected fixes that reset the filter while moving (default 6). */
  resetFixesMoving?: number;
  /** ... while standing (default 15): a standing car has nothing to drift from. */
  resetFixesStanding?: number;
}

interface Candidate {
  ts: number;
  /** Fix minus the dead-reckoned displacement so far: candidates taken at different places compare. */
  east: number;
  north: number;
  noiseM: number;
}

const GATE_CHI2 = 13.8;
const MIN_NOISE_M = 10;
const MIN_SIGMA_M = 2.5;
const DR_DRIFT_PER_M = 0.03;
const DR_DRIFT_NO_HEADING_PER_M = 0.5;
const CANDIDATE_MAX_AGE_S = 60;

export type FixOutcome = 'started' | 'accepted' | 'rejected' | 'reset';

export interface DeadReckoned {
  east: number;
  north: number;
  /** Drift σ accumulated over that distance (linear in metres driven, larger without heading). */
  driftM: number;
}

export class PositionFilter {
  east = 0;
  north = 0;
  /** Variance per axis, m². */
  variance = Infinity;
  /** Fixes the current estimate rests on (since the start or the last reset). */
  fixes = 0;
  /** Seconds since the epoch of the last fix that counted. */
  lastFixTs = Number.NaN;
  private drEast = 0;
  private drNorth = 0;
  private drDriftM = 0;
  private candidates: Candidate[] = [];
  private readonly initFixes: number;
  private readonly resetMoving: number;
  private readonly resetStanding: number;

  constructor(options: PositionFilterOptions = {}) {
    this.initFixes = options.initFixes ?? 3;
    this.resetMoving = options.resetFixesMoving ?? 6;
    this.resetStanding = options.resetFixesStanding ?? 15;
  }

  get started(): boolean {
    return this.fixes > 0;
  }

  get sigmaM(): number {
    return Math.sqrt(this.variance);
  }

  /** Displacement dead-reckoned since the filter was made, and how far off it may have drifted, m. */
  get deadReckoned(): DeadReckoned {
    return { east: this.drEast, north: this.drNorth, driftM: this.drDriftM };
  }

  /** Dead reckoning: `distanceM` driven along `headingDeg` (null: unknown, only the uncertainty grows). */
  advance(distanceM: number, headingDeg: number | null): void {
    if (distanceM <= 0) return;
    const driftM = distanceM * (headingDeg === null ? DR_DRIFT_NO_HEADING_PER_M : DR_DRIFT_PER_M);
    this.drDriftM += driftM;
    if (headingDeg !== null) {
      const rad = (headingDeg * Math.PI) / 180;
      const dEast = distanceM * Math.sin(rad);
      const dNorth = distanceM * Math.cos(rad);
      this.drEast += dEast;
      this.drNorth += dNorth;
      this.east += dEast;
      this.north += dNorth;
    }
    if (this.started) {
      const sigma = this.sigmaM + driftM;
      this.variance = sigma * sigma;
    }
  }

  /** Widens the uncertainty by `metres` (the car may have moved that far, nobody knows where). */
  inflate(metres: number): void {
    if (!this.started || metres <= 0) return;
    const sigma = this.sigmaM + metres;
    this.variance = sigma * sigma;
  }

  /** A GPS fix in local metres; `standing` picks how many disagreeing fixes it takes to reset. */
  fix(ts: number, east: number, north: number, accuracyM: number | null, standing: boolean): FixOutcome {
    const noiseM = Math.max(1.5 * (accuracyM ?? MIN_NOISE_M), MIN_NOISE_M);
    const r = noiseM * noiseM;
    if (this.started) {
      const dEast = east - this.east;
      const dNorth = north - this.north;
      const m2 = (dEast * dEast + dNorth * dNorth) / (this.variance + r);
      if (m2 <= GATE_CHI2) {
        const rWide = m2 > 4 ? (r * m2) / 4 : r;
        const gain = this.variance / (this.variance + rWide);
        this.east += gain * dEast;
        this.north += gain * dNorth;
        this.variance = Math.max((1 - gain) * this.variance, MIN_SIGMA_M * MIN_SIGMA_M);
        this.fixes++;
        this.lastFixTs = ts;
        this.candidates.length = 0;
        return 'accepted';
      }
    }
    return this.consider({ ts, east: east - this.drEast, north: north - this.drNorth, noiseM }, standing);
  }

  /** Starts or resets from a cluster of agreeing fixes, else keeps the fix as a candidate. */
  private consider(candidate: Candidate, standing: boolean): FixOutcome {
    const list = this.candidates.filter((c) => candidate.ts - c.ts <= CANDIDATE_MAX_AGE_S);
    list.push(candidate);
    this.candidates = list;
    const need = !this.started ? this.initFixes : standing ? this.resetStanding : this.resetMoving;
    const limitM = 3 * candidate.noiseM;
    const agreeing = list.filter((c) => Math.hypot(c.east - candidate.east, c.north - candidate.north) <= limitM);
    if (agreeing.length < need) return 'rejected';
    let sumEast = 0;
    let sumNorth = 0;
    let sumNoise = 0;
    for (const c of agreeing) {
      sumEast += c.east;
      sumNorth += c.north;
      sumNoise += c.noiseM * c.noiseM;
    }
    const n = agreeing.length;
    const wasStarted = this.started;
    this.east = sumEast / n + this.drEast;
    this.north = sumNorth / n + this.drNorth;
    // The mean of n fixes of one bias is not n times better: count them as a third of that.
    this.variance = Math.max(sumNoise / n / Math.max(1, n / 3), MIN_SIGMA_M * MIN_SIGMA_M);
    this.fixes = n;
    this.lastFixTs = candidate.ts;
    this.candidates = [];
    return wasStarted ? 'reset' : 'started';
  }
}
