import { z } from 'zod';
import { triggerCommonShape } from '../schema-parts.js';
import { map, Observable } from 'rxjs';
import type { AttachTrigger } from './trigger-context.js';

/** `trigger: eta`, `below_s: 120`: home.approaching's `eta_s` goes below N seconds (once per approach). */
export const etaTriggerSchema = z.strictObject({
  trigger: z.literal('eta'),
  below_s: z.number().finite().positive(),
  ...triggerCommonShape,
});
export type EtaTriggerConfig = z.infer<typeof etaTriggerSchema>;

/**
 * home.approaching carries `eta_s` and is re-emitted as the ETA crosses the detector's thresholds.
 * Fires on the first one with eta_s ≤ below_s (the detector emits *at* a threshold, so ≤); re-armed
 * by an ETA above it again, home.arrived or home.left.
 */
export const attachEtaTrigger: AttachTrigger<EtaTriggerConfig> = (config, host) =>
  new Observable<{ eta: number; evidence: Record<string, string | number | boolean | null> }>((subscriber) => {
    let armed = true;
    return host.carEvents$.subscribe({
      next: (event) => {
        if (event.name === 'home.arrived' || event.name === 'home.left') armed = true;
        if (event.name !== 'home.approaching') return;
        const eta = event.evidence.eta_s;
        if (typeof eta !== 'number') return;
        if (eta > config.below_s) armed = true;
        else if (armed) {
          armed = false;
          subscriber.next({ eta, evidence: { ...event.evidence } });
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  }).pipe(
    map(({ eta, evidence }) => ({ description: `eta ${eta} s ≤ ${config.below_s} s`, evidence: { event: 'home.approaching', below_s: config.below_s, ...evidence, eta_s: eta } })),
  );
