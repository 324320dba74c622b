import { z } from 'zod';
import { checkBounds, checkSource, durationSchema, sourceShape, triggerCommonShape } from '../schema-parts.js';
import { map } from 'rxjs';
import { inRange, sourceName, sourceValues$ } from './source-values.js';
import type { AttachTrigger } from './trigger-context.js';
import { watchThreshold$ } from './watch-threshold.js';

/** `trigger: numeric_state` on `path:` or `device:`+`property:`; `above`/`below` strict; `for` in ms after parsing. */
export const numericStateTriggerSchema = z
  .strictObject({
    trigger: z.literal('numeric_state'),
    ...sourceShape,
    above: z.number().finite().optional(),
    below: z.number().finite().optional(),
    for: durationSchema.optional(),
    ...triggerCommonShape,
  })
  .superRefine(checkSource)
  .superRefine(checkBounds);
export type NumericStateTriggerConfig = z.infer<typeof numericStateTriggerSchema>;

export const attachNumericStateTrigger: AttachTrigger<NumericStateTriggerConfig> = (config, host) => {
  const { values$, hasValue } = sourceValues$(config, host);
  const name = sourceName(config);
  const bounds = `${config.above !== undefined ? ` above ${config.above}` : ''}${config.below !== undefined ? ` below ${config.below}` : ''}`;
  return watchThreshold$(values$, { matches: (v) => inRange(v, config.above, config.below), forMs: config.for, hasValue, scheduler: host.scheduler }).pipe(
    map((value) => ({
      description: `numeric state of ${name}${bounds}${config.for ? ` for ${config.for / 1000} s` : ''}`,
      evidence: { source: name, value: value ?? null, above: config.above ?? null, below: config.below ?? null, for_s: config.for !== undefined ? config.for / 1000 : null },
    })),
  );
};
