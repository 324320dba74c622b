import { z } from 'zod';
import { conditionCommonShape } from '../schema-parts.js';
import type { CompileCondition } from './condition-context.js';

/** `condition: trigger`, `id: arrived` (or a list): which trigger started the run (HA's trigger condition). */
export const triggerConditionSchema = z.strictObject({
  condition: z.literal('trigger'),
  id: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  ...conditionCommonShape,
});
export type TriggerConditionConfig = z.infer<typeof triggerConditionSchema>;

export const compileTriggerCondition: CompileCondition<TriggerConditionConfig> = (config) => {
  const ids = Array.isArray(config.id) ? config.id : [config.id];
  return (ctx) => ({ result: ctx.triggerId !== null && ids.includes(ctx.triggerId), trigger_id: ctx.triggerId });
};
