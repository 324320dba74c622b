import type { PropertyValue } from '../home/model.js';

/** A simulated device's typed property values, by the family's property names. */
export type SimState = Record<string, PropertyValue>;

/** Result of an action or a family-specific method: the JSON `result`, or a device error. */
export type SimCallResult = { result: unknown } | { error: { code: number; message: string } };

/**
 * How one family behaves. The device owns the state; the behaviour keeps only hidden physics
 * (fractional AQI, fan angle) in its closure. Time advances in fixed steps of `stepS` seconds.
 */
export interface SimBehaviour {
  /** Initial values for every property the family declares. */
  readonly initial: SimState;
  /** One fixed step of the physics. */
  step?(state: SimState, stepS: number): void;
  /** After a validated write has been stored in `state`: side effects (mode → motor, target → moving). */
  onSet?(state: SimState, name: string, value: PropertyValue): void;
  /** An action by the family's action name (miIO method or MIoT aiid resolved); undefined = not handled. */
  action?(state: SimState, name: string, args: readonly unknown[]): SimCallResult | undefined;
  /** Family methods that the declaration does not cover (vacuum get_consumable). */
  call?(state: SimState, method: string, params: unknown): SimCallResult | undefined;
  /** Hidden physics for tests and the CLI (fan angle, exact AQI). */
  internals?(): Record<string, number | string | boolean>;
}

export interface BehaviourOptions {
  readonly model: string;
  /** Seeded, so a run is reproducible. */
  readonly random: () => number;
}

export const OK: SimCallResult = { result: ['ok'] };

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Moves `from` towards `to` by at most `maxStep`. */
export function approach(from: number, to: number, maxStep: number): number {
  if (Math.abs(to - from) <= maxStep) return to;
  return from + Math.sign(to - from) * maxStep;
}
