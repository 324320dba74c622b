import { z } from 'zod';
import { durationSchema, stepCommonShape } from '../schema-parts.js';
import { triggersSchema } from '../triggers/trigger-schema.js';
import { first, map, merge, race, timer } from 'rxjs';
import { RunStoppedError } from '../errors.js';
import { attachTrigger } from '../triggers/registry.js';
import type { RunAction } from './step-context.js';

/** `wait_for_trigger: [...]` (one or a list), `timeout` (ms after parsing), `continue_on_timeout` (default true, as HA). */
export const waitForTriggerActionSchema = z.strictObject({
  kind: z.literal('wait_for_trigger'),
  wait_for_trigger: triggersSchema,
  timeout: durationSchema.optional(),
  continue_on_timeout: z.boolean().optional(),
  ...stepCommonShape,
});
export type WaitForTriggerActionConfig = z.infer<typeof waitForTriggerActionSchema>;

/**
 * Attaches its triggers when reached, so it sees only changes after it starts (HA). On timeout:
 * continue (result `completed: false`) or, with continue_on_timeout false, end the run as `timeout`.
 */
export const runWaitForTriggerAction: RunAction<WaitForTriggerActionConfig> = (config, ctx, path) => {
  const startMs = ctx.host.scheduler.now();
  const fired$ = merge(...config.wait_for_trigger.filter((t) => t.enabled !== false).map((t, i) => attachTrigger(t, ctx.host).pipe(map((f) => ({ i, f }))))).pipe(
    first(),
    map(({ i, f }) => ({ wait: { completed: true, trigger: { idx: i, id: config.wait_for_trigger[i]?.id ?? String(i), description: f.description, evidence: f.evidence }, waited_s: (ctx.host.scheduler.now() - startMs) / 1000 } })),
  );
  if (config.timeout === undefined) return fired$;
  const timeoutMs = config.timeout;
  const timedOut$ = timer(timeoutMs, ctx.host.scheduler).pipe(
    map(() => {
      if (config.continue_on_timeout === false) throw new RunStoppedError('timeout', `${path} wait_for_trigger timed out after ${timeoutMs / 1000} s`, { wait: { completed: false, remaining: 0 } });
      return { wait: { completed: false, remaining: 0 } };
    }),
  );
  return race(fired$, timedOut$);
};
