import { z } from 'zod';
import { checkSource, conditionCommonShape, scalarsSchema, sourceShape } from '../schema-parts.js';
import { currentSourceValue, matchesAny, sourceName } from '../triggers/source-values.js';
import type { CompileCondition } from './condition-context.js';

/** `condition: state` on `path:` or `device:`+`property:`; `state:` a value or a list (any matches). */
export const stateConditionSchema = z
  .strictObject({ condition: z.literal('state'), ...sourceShape, state: scalarsSchema, ...conditionCommonShape })
  .superRefine(checkSource);
export type StateConditionConfig = z.infer<typeof stateConditionSchema>;

export const compileStateCondition: CompileCondition<StateConditionConfig> = (config) => {
  const name = sourceName(config);
  return (ctx) => {
    const value = currentSourceValue(config, ctx.host);
    return { result: value !== undefined && matchesAny(value, config.state), source: name, value: value ?? null };
  };
};
