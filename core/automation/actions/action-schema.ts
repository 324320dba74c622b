/**
 * One action step: HA tells a step's kind by the key it carries (`delay:`, `choose:`, `scene:`...);
 * the preprocess step writes that kind into `kind` so one discriminated union checks the rest.
 */
import { z } from 'zod';
import type { ConditionConfig } from '../conditions/condition-schema.js';
import { isRecord } from '../schema-parts.js';
import { chooseActionSchema } from './choose.js';
import { type ConditionActionConfig, conditionActionSchema } from './condition.js';
import { type DelayActionConfig, delayActionSchema } from './delay.js';
import { type DeviceActionConfig, deviceActionSchema } from './device.js';
import { type NotifyActionConfig, notifyActionSchema } from './notify.js';
import { parallelActionSchema } from './parallel.js';
import { type SceneActionConfig, sceneActionSchema } from './scene.js';
import { sequenceActionSchema } from './sequence.js';
import { type StopActionConfig, stopActionSchema } from './stop.js';
import { type WaitForTriggerActionConfig, waitForTriggerActionSchema } from './wait-for-trigger.js';

/** The order decides for an item with several kind keys (HA's `determine_script_action` order, roughly). */
export const ACTION_KINDS = ['device', 'scene', 'delay', 'wait_for_trigger', 'choose', 'condition', 'notify', 'sequence', 'parallel', 'stop'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

interface StepCommon {
  alias?: string | undefined;
  enabled?: boolean | undefined;
  continue_on_error?: boolean | undefined;
}
export interface ChooseActionConfig extends StepCommon {
  kind: 'choose';
  choose: { conditions: ConditionConfig[]; sequence: ActionConfig[]; alias?: string | undefined }[];
  default?: ActionConfig[] | undefined;
}
export interface SequenceActionConfig extends StepCommon {
  kind: 'sequence';
  sequence: ActionConfig[];
}
export interface ParallelActionConfig extends StepCommon {
  kind: 'parallel';
  parallel: ActionConfig[][];
}
export type ActionConfig =
  | DeviceActionConfig
  | SceneActionConfig
  | DelayActionConfig
  | WaitForTriggerActionConfig
  | ChooseActionConfig
  | ConditionActionConfig
  | NotifyActionConfig
  | SequenceActionConfig
  | ParallelActionConfig
  | StopActionConfig;

const STEP_KEYS = new Set(['alias', 'enabled', 'continue_on_error']);

function normaliseAction(item: unknown): unknown {
  if (!isRecord(item) || 'kind' in item) return item;
  const kind = ACTION_KINDS.find((k) => k in item);
  if (kind === undefined) return item;
  if (kind === 'condition') return { kind, check: item };
  if (kind === 'parallel' && Array.isArray(item.parallel)) {
    const branches = item.parallel.map((b: unknown) => (isRecord(b) && Array.isArray(b.sequence) && Object.keys(b).every((k) => k === 'sequence' || STEP_KEYS.has(k)) ? b.sequence : [b]));
    return { ...item, kind, parallel: branches };
  }
  return { ...item, kind };
}

const steps = z.lazy((): z.ZodType<ActionConfig[]> => actionsSchema);

export const actionSchema: z.ZodType<ActionConfig> = z.preprocess(
  normaliseAction,
  z.discriminatedUnion(
    'kind',
    [
      deviceActionSchema,
      sceneActionSchema,
      delayActionSchema,
      waitForTriggerActionSchema,
      chooseActionSchema(steps),
      conditionActionSchema,
      notifyActionSchema,
      sequenceActionSchema(steps),
      parallelActionSchema(steps),
      stopActionSchema,
    ],
    { error: (issue) => (issue.code === 'invalid_union' ? `unknown action: expected a step with one of ${ACTION_KINDS.join(', ')}` : undefined) },
  ),
);

/** `actions:` takes one step or a list. */
export const actionsSchema: z.ZodType<ActionConfig[]> = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(actionSchema));
