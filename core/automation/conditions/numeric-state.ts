import { z } from 'zod';
import { checkBounds, checkSource, conditionCommonShape, sourceShape } from '../schema-parts.js';
import { ConditionError } from '../errors.js';
import { currentSourceValue, inRange, sourceName } from '../triggers/source-values.js';
import type { CompileCondition } from './condition-context.js';

/** `condition: numeric_state` on `path:` or `device:`+`property:`; strict `above`/`below`. */
export const numericStateConditionSchema = z
  .strictObject({ condition: z.literal('numeric_state'), ...sourceShape, above: z.number().finite().optional(), below: z.number().finite().optional(), ...conditionCommonShape })
  .superRefine(checkSource)
  .superRefine(checkBounds);
export type NumericStateConditionConfig = z.infer<typeof numericStateConditionSchema>;

/** A missing or non-numeric value is an error (HA), so the trace says why it counted as false. */
export const compileNumericStateCondition: CompileCondition<NumericStateConditionConfig> = (config) => {
  const name = sourceName(config);
  return (ctx) => {
    const value = currentSourceValue(config, ctx.host);
    if (value === undefined) throw new ConditionError(`${name} has no value`);
    if (!inRange(value, -Infinity, Infinity)) throw new ConditionError(`${name} is not a number: ${String(value)}`);
    return { result: inRange(value, config.above, config.below), source: name, value };
  };
};
