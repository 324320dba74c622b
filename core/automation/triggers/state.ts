import { z } from 'zod';
import { checkSource, durationSchema, scalarsSchema, sourceShape, triggerCommonShape } from '../schema-parts.js';
import { map } from 'rxjs';
import { matchesAny, sourceName, sourceValues$ } from './source-values.js';
import type { AttachTrigger } from './trigger-context.js';
import { watchChanges$ } from './watch-changes.js';

/** `trigger: state` on `path:` or `device:`+`property:`; `from`/`to` a value or a list; `for` in ms after parsing. */
export const stateTriggerSchema = z
  .strictObject({
    trigger: z.literal('state'),
    ...sourceShape,
    from: scalarsSchema.optional(),
    to: scalarsSchema.optional(),
    for: durationSchema.optional(),
    ...triggerCommonShape,
  })
  .superRefine(checkSource);
export type StateTriggerConfig = z.infer<typeof stateTriggerSchema>;

export const attachStateTrigger: AttachTrigger<StateTriggerConfig> = (config, host) => {
  const { values$, hasValue } = sourceValues$(config, host);
  const name = sourceName(config);
  return watchChanges$(values$, {
    matches: (c) => matchesAny(c.from, config.from) && matchesAny(c.to, config.to),
    // HA: with `to` the timer holds while the value still matches `to`; with `from` only, until it returns to `from`.
    keeps: (v) => (config.to !== undefined ? matchesAny(v, config.to) : config.from !== undefined ? !matchesAny(v, config.from) : false),
    forMs: config.for,
    hasValue,
    scheduler: host.scheduler,
  }).pipe(
    map((change) => ({
      description: `state of ${name} changed${config.for ? ` (held ${config.for / 1000} s)` : ''}`,
      evidence: { source: name, from: change.from ?? null, to: change.to ?? null, for_s: config.for !== undefined ? config.for / 1000 : null },
    })),
  );
};
