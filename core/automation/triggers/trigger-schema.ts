/**
 * One trigger item: the kinds of this folder in one discriminated union on `trigger`, after
 * normalising the legacy `platform:` key and the shorthand `event: home.arrived`.
 */
import { z } from 'zod';
import { isRecord, withKey } from '../schema-parts.js';
import { deviceTriggerSchema } from './device.js';
import { etaTriggerSchema } from './eta.js';
import { eventTriggerSchema } from './event.js';
import { numericStateTriggerSchema } from './numeric-state.js';
import { stateTriggerSchema } from './state.js';
import { timeTriggerSchema } from './time.js';

export const TRIGGER_KINDS = ['event', 'numeric_state', 'state', 'device', 'time', 'eta'] as const;

function normaliseTrigger(item: unknown): unknown {
  if (!isRecord(item) || 'trigger' in item) return item;
  if ('platform' in item) return withKey(item, 'trigger', item.platform, 'platform');
  if ('event' in item) return withKey(item, 'trigger', 'event');
  return item;
}

export const triggerSchema = z.preprocess(
  normaliseTrigger,
  z.discriminatedUnion(
    'trigger',
    [eventTriggerSchema, numericStateTriggerSchema, stateTriggerSchema, deviceTriggerSchema, timeTriggerSchema, etaTriggerSchema],
    { error: (issue) => (issue.code === 'invalid_union' ? `unknown trigger: expected one of ${TRIGGER_KINDS.join(', ')}` : undefined) },
  ),
);
export type TriggerConfig = z.infer<typeof triggerSchema>;

/** `triggers:` takes one trigger or a list. */
export const triggersSchema = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(triggerSchema).min(1));
