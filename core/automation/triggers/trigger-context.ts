import type { Observable } from 'rxjs';
import type { EvidenceValue } from '../../vehicle/events/car-event.js';
import type { AutomationHost } from '../host.js';

/** What a trigger reports when it fires: a one-line description and the values that decided it. */
export interface TriggerFiring {
  readonly description: string;
  readonly evidence: Record<string, EvidenceValue>;
}

/** A trigger kind: given its parsed config, an Observable of firings (subscribed while attached). */
export type AttachTrigger<C> = (config: C, host: AutomationHost) => Observable<TriggerFiring>;
