import type { AutomationHost } from '../host.js';
import type { ConditionConfig } from './condition-schema.js';

/** A checker's answer: `result` plus what it looked at (the trace element's result). */
export interface ConditionOutcome {
  readonly result: boolean;
  readonly [key: string]: unknown;
}

export interface ConditionContext {
  readonly host: AutomationHost;
  /** The `id` of the trigger that started the run (null when run manually). */
  readonly triggerId: string | null;
  /** Runs a child checker at `path`, recording its trace element; a thrown error counts as false (HA). */
  evaluate(checker: ConditionChecker, path: string): boolean;
}

export type ConditionChecker = (ctx: ConditionContext, path: string) => ConditionOutcome;

/** A condition kind: its parsed config compiled once into a checker (and/or/not compile their children). */
export type CompileCondition<C> = (config: C, compileChild: (child: ConditionConfig) => ConditionChecker) => ConditionChecker;
