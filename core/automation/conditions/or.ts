import { z } from 'zod';
import { conditionCommonShape } from '../schema-parts.js';
import type { CompileCondition } from './condition-context.js';
import type { LogicalConditionConfig } from './condition-schema.js';

/** `condition: or` + `conditions: [...]` (the shorthand `or: [...]` is normalised by the condition schema). */
export function orConditionSchema<T extends z.ZodType>(child: T) {
  return z.strictObject({ condition: z.literal('or'), conditions: z.array(child).min(1), ...conditionCommonShape });
}

/** Passes when a child passes; stops at the first true (later children leave no trace element). */
export const compileOrCondition: CompileCondition<LogicalConditionConfig> = (config, compileChild) => {
  const children = config.conditions.map(compileChild);
  return (ctx, path) => ({ result: children.some((check, i) => ctx.evaluate(check, `${path}/conditions/${i}`)) });
};
