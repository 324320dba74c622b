/**
 * One condition item: the kinds of this folder in one discriminated union on `condition`, after
 * normalising HA's shorthands (`and: [...]`, `or: [...]`, `not: [...]`; a bare list = and).
 */
import { z } from 'zod';
import { isRecord } from '../schema-parts.js';
import { andConditionSchema } from './and.js';
import { type NumericStateConditionConfig, numericStateConditionSchema } from './numeric-state.js';
import { notConditionSchema } from './not.js';
import { orConditionSchema } from './or.js';
import { type StateConditionConfig, stateConditionSchema } from './state.js';
import { type TimeConditionConfig, timeConditionSchema } from './time.js';
import { type TriggerConditionConfig, triggerConditionSchema } from './trigger.js';
import { type VehicleConditionConfig, vehicleConditionSchema } from './vehicle.js';
import { type ZoneConditionConfig, zoneConditionSchema } from './zone.js';

export interface LogicalConditionConfig {
  condition: 'and' | 'or' | 'not';
  conditions: ConditionConfig[];
  alias?: string | undefined;
  enabled?: boolean | undefined;
}

export type ConditionConfig =
  | LogicalConditionConfig
  | NumericStateConditionConfig
  | StateConditionConfig
  | TimeConditionConfig
  | ZoneConditionConfig
  | VehicleConditionConfig
  | TriggerConditionConfig;

export const CONDITION_KINDS = ['and', 'or', 'not', 'numeric_state', 'state', 'time', 'zone', 'vehicle', 'trigger'] as const;

function normaliseCondition(item: unknown): unknown {
  if (Array.isArray(item)) return { condition: 'and', conditions: item };
  if (!isRecord(item) || 'condition' in item) return item;
  for (const key of ['and', 'or', 'not'] as const) {
    if (key in item) {
      const { [key]: conditions, ...rest } = item;
      return { condition: key, conditions, ...rest };
    }
  }
  return item;
}

const child = z.lazy((): z.ZodType<ConditionConfig> => conditionSchema);

export const conditionSchema: z.ZodType<ConditionConfig> = z.preprocess(
  normaliseCondition,
  z.discriminatedUnion(
    'condition',
    [
      andConditionSchema(child),
      orConditionSchema(child),
      notConditionSchema(child),
      numericStateConditionSchema,
      stateConditionSchema,
      timeConditionSchema,
      zoneConditionSchema,
      vehicleConditionSchema,
      triggerConditionSchema,
    ],
    { error: (issue) => (issue.code === 'invalid_union' ? `unknown condition: expected one of ${CONDITION_KINDS.join(', ')}` : undefined) },
  ),
);

/** `conditions:` takes one condition or a list (AND). */
export const conditionsSchema = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(conditionSchema));
