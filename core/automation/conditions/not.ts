import { z } from 'zod';
import { conditionCommonShape } from '../schema-parts.js';
import type { CompileCondition } from './condition-context.js';
import type { LogicalConditionConfig } from './condition-schema.js';

/** `condition: not` + `conditions: [...]` (the shorthand `not: [...]` is normalised by the condition schema). */
export function notConditionSchema<T extends z.ZodType>(child: T) {
  return z.strictObject({ condition: z.literal('not'), conditions: z.array(child).min(1), ...conditionCommonShape });
}

/** Logical not. */
export const compileNotCondition: CompileCondition<LogicalConditionConfig> = (config, compileChild) => {
  const children = config.conditions.map(compileChild);
  // HA: passes when none of its children pass (each child still gets its trace element).
  return (ctx, path) => ({ result: children.map((check, i) => ctx.evaluate(check, `${path}/conditions/${i}`)).every((passed) => !passed) });
};
