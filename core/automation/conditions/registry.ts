/**
 * The condition kinds, registered explicitly: config key → compile. The file name is the key.
 * Compiled checkers are cached per config object (configs are immutable after parsing).
 */
import { compileAndCondition } from './and.js';
import type { CompileCondition, ConditionChecker, ConditionContext } from './condition-context.js';
import type { ConditionConfig } from './condition-schema.js';
import type { TraceHandle } from '../trace-recorder.js';
import { compileNotCondition } from './not.js';
import { compileNumericStateCondition } from './numeric-state.js';
import { compileOrCondition } from './or.js';
import { compileStateCondition } from './state.js';
import { compileTimeCondition } from './time.js';
import { compileTriggerCondition } from './trigger.js';
import { compileVehicleCondition } from './vehicle.js';
import { compileZoneCondition } from './zone.js';

type Registry = { [K in ConditionConfig['condition']]: CompileCondition<Extract<ConditionConfig, { condition: K }>> };

export const CONDITIONS: Registry = {
  and: compileAndCondition,
  or: compileOrCondition,
  not: compileNotCondition,
  numeric_state: compileNumericStateCondition,
  state: compileStateCondition,
  time: compileTimeCondition,
  zone: compileZoneCondition,
  vehicle: compileVehicleCondition,
  trigger: compileTriggerCondition,
};

const cache = new WeakMap<ConditionConfig, ConditionChecker>();

export function compileCondition(config: ConditionConfig): ConditionChecker {
  let checker = cache.get(config);
  if (checker === undefined) {
    const compiled = (CONDITIONS[config.condition] as CompileCondition<ConditionConfig>)(config, compileCondition);
    // HA: a disabled condition is skipped and passes.
    checker = config.enabled === false ? () => ({ result: true, enabled: false }) : compiled;
    cache.set(config, checker);
  }
  return checker;
}

/** A ConditionContext whose evaluate() records each checker as a trace element (parent before children). */
export function conditionContext(base: Omit<ConditionContext, 'evaluate'>, trace: { start(path: string): TraceHandle }): ConditionContext {
  const ctx: ConditionContext = {
    ...base,
    evaluate: (checker, path) => {
      const element = trace.start(path);
      try {
        const outcome = checker(ctx, path);
        element.end({ ...outcome });
        return outcome.result;
      } catch (error) {
        element.fail(error, { result: false });
        return false;
      }
    },
  };
  return ctx;
}
