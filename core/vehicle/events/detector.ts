/** What every car-event detector sees: the folded signals, and a way to emit. */
import type { SignalUpdate } from '../signal-updates.js';
import type { CarEventName, EvidenceValue } from './car-event.js';
import type { CarSignals } from './car-signals.js';

export interface DetectorContext {
  readonly signals: CarSignals;
  emit(name: CarEventName, ts: number, evidence: Record<string, EvidenceValue>): void;
}

export interface CarEventDetector {
  /** Called for every update after the signals were folded; `ts` is the update's seconds. */
  onUpdate(update: SignalUpdate, ts: number, context: DetectorContext): void;
}

/** The first second after the drive state is first seen settles it: changes then emit nothing. */
export const SETTLE_S = 1;

export function isSettling(signals: CarSignals, ts: number): boolean {
  return Number.isNaN(signals.firstDriveStateTs) || ts - signals.firstDriveStateTs < SETTLE_S;
}

/** Rounds evidence numbers to what the sensors can tell (0.1), so events read and compare cleanly. */
export function round1(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.round(value * 10) / 10;
}
