/**
 * The trigger kinds, registered explicitly: config key → attach. The file name is the key
 * (`numeric-state.ts` ↔ `numeric_state`). Adding a kind: its file, its schema in trigger-schema.ts, a line here.
 */
import type { Observable } from 'rxjs';
import type { AutomationHost } from '../host.js';
import { attachDeviceTrigger } from './device.js';
import { attachEtaTrigger } from './eta.js';
import { attachEventTrigger } from './event.js';
import { attachNumericStateTrigger } from './numeric-state.js';
import { attachStateTrigger } from './state.js';
import { attachTimeTrigger } from './time.js';
import type { AttachTrigger, TriggerFiring } from './trigger-context.js';
import type { TriggerConfig } from './trigger-schema.js';

type Registry = { [K in TriggerConfig['trigger']]: AttachTrigger<Extract<TriggerConfig, { trigger: K }>> };

export const TRIGGERS: Registry = {
  event: attachEventTrigger,
  numeric_state: attachNumericStateTrigger,
  state: attachStateTrigger,
  device: attachDeviceTrigger,
  time: attachTimeTrigger,
  eta: attachEtaTrigger,
};

export function attachTrigger(config: TriggerConfig, host: AutomationHost): Observable<TriggerFiring> {
  return (TRIGGERS[config.trigger] as AttachTrigger<TriggerConfig>)(config, host);
}
