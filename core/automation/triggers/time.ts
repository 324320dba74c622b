import { z } from 'zod';
import { timeOfDaySchema, triggerCommonShape } from '../schema-parts.js';
import { defer, map, merge, repeat, timer } from 'rxjs';
import { parseTimeOfDayMs } from '../schema-parts.js';
import type { AttachTrigger } from './trigger-context.js';

/** `trigger: time`, `at: "07:30:00"` or a list; time of day in UTC (the scheduler's epoch), see README of the engine. */
export const timeTriggerSchema = z.strictObject({
  trigger: z.literal('time'),
  at: z.union([timeOfDaySchema, z.array(timeOfDaySchema).min(1)]),
  ...triggerCommonShape,
});
export type TimeTriggerConfig = z.infer<typeof timeTriggerSchema>;

const DAY_MS = 86_400_000;

/** Fires at each `at` every day; the day is the scheduler's epoch day (UTC). */
export const attachTimeTrigger: AttachTrigger<TimeTriggerConfig> = (config, host) => {
  const times = Array.isArray(config.at) ? config.at : [config.at];
  return merge(
    ...times.map((at) => {
      const offsetMs = parseTimeOfDayMs(at);
      return defer(() => {
        const now = host.scheduler.now();
        const today = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
        const next = today + offsetMs > now ? today + offsetMs : today + DAY_MS + offsetMs;
        return timer(next - now, host.scheduler);
      }).pipe(
        repeat(),
        map(() => ({ description: `time ${at}`, evidence: { at, ts: host.scheduler.now() / 1000 } })),
      );
    }),
  );
};
