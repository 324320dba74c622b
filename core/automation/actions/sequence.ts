import { z } from 'zod';
import { stepCommonShape } from '../schema-parts.js';
import type { RunAction } from './step-context.js';
import type { SequenceActionConfig } from './action-schema.js';

/** `sequence: [...]` groups steps. */
export function sequenceActionSchema<T extends z.ZodType>(steps: T) {
  return z.strictObject({ kind: z.literal('sequence'), sequence: steps, ...stepCommonShape });
}

export const runSequenceAction: RunAction<SequenceActionConfig> = (config, ctx, path) => ctx.runSteps(config.sequence, `${path}/sequence`);
