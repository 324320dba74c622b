import { z } from 'zod';
import { conditionCommonShape } from '../schema-parts.js';
import type { CompileCondition } from './condition-context.js';
import type { LogicalConditionConfig } from './condition-schema.js';

/** `condition: and` + `conditions: [...]` (the shorthand `and: [...]` is normalised by the condition schema). */
export function andConditionSchema<T extends z.ZodType>(child: T) {
  return z.strictObject({ condition: z.literal('and'), conditions: z.array(child).min(1), ...conditionCommonShape });
}

/** Passes when every child passes; stops at the first false (later children leave no trace element). */
export const compileAndCondition: CompileCondition<LogicalConditionConfig> = (config, compileChild) => {
  const children = config.conditions.map(compileChild);
  return (ctx, path) => ({ result: children.every((check, i) => ctx.evaluate(check, `${path}/conditions/${i}`)) });
};
