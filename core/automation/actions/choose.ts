import { z } from 'zod';
import { conditionsSchema } from '../conditions/condition-schema.js';
import { stepCommonShape } from '../schema-parts.js';
import { concat, defer, of } from 'rxjs';
import { compileCondition } from '../conditions/registry.js';
import type { ChooseActionConfig } from './action-schema.js';
import type { RunAction } from './step-context.js';

/** `choose: [{conditions, sequence}, ...]` + `default: [...]`: the first option whose conditions all pass runs. */
export function chooseActionSchema<T extends z.ZodType>(steps: T) {
  return z.strictObject({
    kind: z.literal('choose'),
    choose: z.array(z.strictObject({ conditions: conditionsSchema, sequence: steps, alias: z.string().optional() })).min(1),
    default: steps.optional(),
    ...stepCommonShape,
  });
}

/** Options are tried in order, each option's conditions stopping at the first false (HA). */
export const runChooseAction: RunAction<ChooseActionConfig> = (config, ctx, path) =>
  defer(() => {
    for (const [i, option] of config.choose.entries()) {
      const passed = option.conditions.every((c, j) => ctx.conditions.evaluate(compileCondition(c), `${path}/choose/${i}/conditions/${j}`));
      if (passed) return concat(ctx.runSteps(option.sequence, `${path}/choose/${i}/sequence`), of({ choice: i }));
    }
    if (config.default !== undefined) return concat(ctx.runSteps(config.default, `${path}/default`), of({ choice: 'default' }));
    return of({ choice: null });
  });
