import { z } from 'zod';
import { conditionSchema } from '../conditions/condition-schema.js';
import { defer, of, throwError } from 'rxjs';
import { compileCondition } from '../conditions/registry.js';
import { describeError } from '../../base/errors.js';
import { RunStoppedError } from '../errors.js';
import type { RunAction } from './step-context.js';

/** A condition as a step (`- condition: zone ...`): false stops the rest of the run. The action schema moves the item under `check`. */
export const conditionActionSchema = z.strictObject({ kind: z.literal('condition'), check: conditionSchema });
export type ConditionActionConfig = z.infer<typeof conditionActionSchema>;

/** HA: a condition step that is false (or cannot be evaluated) stops the rest of the run. */
export const runConditionAction: RunAction<ConditionActionConfig> = (config, ctx, path) =>
  defer(() => {
    const checker = compileCondition(config.check);
    let outcome;
    try {
      outcome = checker(ctx.conditions, path);
    } catch (error) {
      return throwError(() => new RunStoppedError('condition_failed', `${path} condition failed: ${describeError(error)}`, { result: false }));
    }
    if (!outcome.result) return throwError(() => new RunStoppedError('condition_failed', `${path} condition false`, { ...outcome }));
    return of({ ...outcome });
  });
