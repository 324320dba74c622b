/**
 * The `scenes:` and `automations:` items of the config file (HA's automations.yaml shape). The
 * runtime's config schema embeds these; zod paths map to file:line there, so this stays plain zod.
 * Durations (`for`, `delay`, `timeout`) come out in milliseconds.
 */
import { z } from 'zod';
import { type ActionConfig, actionsSchema } from './actions/action-schema.js';
import { type ConditionConfig, conditionsSchema } from './conditions/condition-schema.js';
import { deviceCommandShape, idSchema } from './schema-parts.js';
import { type TriggerConfig, triggersSchema } from './triggers/trigger-schema.js';

const sceneStepSchema = z
  .strictObject({
    device: idSchema,
    ...deviceCommandShape,
  })
  .superRefine((value, ctx) => {
    const given = (['set', 'action', 'miot_action', 'call'] as const).filter((k) => value[k] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: 'a scene step needs exactly one of set:, action:, miot_action:, call:', path: [] });
  });
export type SceneStepConfig = z.infer<typeof sceneStepSchema>;

/** `{id, name, steps: [{device, set|action|miot_action|call}]}`: each device's steps in order, devices in parallel. */
export const sceneConfigSchema = z.strictObject({ id: idSchema, name: z.string().min(1).optional(), steps: z.array(sceneStepSchema).min(1) });
export type SceneConfig = z.infer<typeof sceneConfigSchema>;

const logLevel = z.preprocess(
  (v) => (typeof v === 'string' ? v.toLowerCase() : v),
  z.enum(['silent', 'critical', 'fatal', 'error', 'warning', 'warn', 'info', 'debug', 'notset']),
);

export interface AutomationConfig {
  id: string;
  alias?: string | undefined;
  description?: string | undefined;
  mode: 'single' | 'restart' | 'queued' | 'parallel';
  max: number;
  max_exceeded: string;
  rate_limit?: { max_runs: number; per_s: number } | undefined;
  initial_state?: boolean | undefined;
  triggers: TriggerConfig[];
  conditions: ConditionConfig[];
  actions: ActionConfig[];
}

/** Either the 2024.10 plural key or the legacy singular one, not both; at least one for triggers/actions. */
function pick(value: Record<string, unknown>, plural: string, singular: string, ctx: z.RefinementCtx, required: boolean): void {
  if (value[plural] !== undefined && value[singular] !== undefined) ctx.addIssue({ code: 'custom', message: `give ${plural}: or ${singular}:, not both`, path: [singular] });
  else if (required && value[plural] === undefined && value[singular] === undefined) ctx.addIssue({ code: 'custom', message: `${plural}: is required`, path: [] });
}

export const automationConfigSchema: z.ZodType<AutomationConfig> = z
  .strictObject({
    id: idSchema,
    alias: z.string().optional(),
    description: z.string().optional(),
    mode: z.enum(['single', 'restart', 'queued', 'parallel']).default('single'),
    /** HA: runs allowed at once for queued/parallel (running + waiting for queued); min 2. */
    max: z.number().int().min(2).default(10),
    /** HA: the log level of "already running" / "max runs exceeded", or `silent`. */
    max_exceeded: logLevel.default('warning'),
    /** Homeward's own (not in HA): at most max_runs started runs per per_s seconds; more are not started. */
    rate_limit: z.strictObject({ max_runs: z.number().int().min(1), per_s: z.number().positive() }).optional(),
    /** HA: whether the automation starts enabled (default true). */
    initial_state: z.boolean().optional(),
    triggers: triggersSchema.optional(),
    trigger: triggersSchema.optional(),
    conditions: conditionsSchema.optional(),
    condition: conditionsSchema.optional(),
    actions: actionsSchema.optional(),
    action: actionsSchema.optional(),
  })
  .superRefine((value, ctx) => {
    pick(value, 'triggers', 'trigger', ctx, true);
    pick(value, 'conditions', 'condition', ctx, false);
    pick(value, 'actions', 'action', ctx, true);
  })
  .transform(({ trigger, triggers, condition, conditions, action, actions, ...rest }): AutomationConfig => ({
    ...rest,
    triggers: triggers ?? trigger ?? [],
    conditions: conditions ?? condition ?? [],
    actions: actions ?? action ?? [],
  }));
