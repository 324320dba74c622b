import { z } from 'zod';
import { durationSchema, stepCommonShape } from '../schema-parts.js';
import { map, timer } from 'rxjs';
import type { RunAction } from './step-context.js';

/** `delay: "00:00:05"` (or seconds, or `{seconds: 5}`), on the scheduler; ms after parsing. */
export const delayActionSchema = z.strictObject({ kind: z.literal('delay'), delay: durationSchema, ...stepCommonShape });
export type DelayActionConfig = z.infer<typeof delayActionSchema>;

export const runDelayAction: RunAction<DelayActionConfig> = (config, ctx) =>
  timer(config.delay, ctx.host.scheduler).pipe(map(() => ({ delay_s: config.delay / 1000, done: true })));
