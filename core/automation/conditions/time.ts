import { z } from 'zod';
import { conditionCommonShape, timeOfDaySchema } from '../schema-parts.js';
import { parseTimeOfDayMs } from '../schema-parts.js';
import type { CompileCondition } from './condition-context.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const weekday = z.enum(WEEKDAYS);

/** `condition: time`, `after`/`before` (may wrap midnight), `weekday` one or a list; UTC like the time trigger. */
export const timeConditionSchema = z
  .strictObject({
    condition: z.literal('time'),
    after: timeOfDaySchema.optional(),
    before: timeOfDaySchema.optional(),
    weekday: z.union([weekday, z.array(weekday).min(1)]).optional(),
    ...conditionCommonShape,
  })
  .superRefine((value, ctx) => {
    if (value.after === undefined && value.before === undefined && value.weekday === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give after:, before: or weekday:', path: [] });
    }
  });
export type TimeConditionConfig = z.infer<typeof timeConditionSchema>;

const DAY_MS = 86_400_000;

/** HA: only `before` = from midnight, only `after` = until midnight; after > before wraps midnight. UTC. */
export const compileTimeCondition: CompileCondition<TimeConditionConfig> = (config) => {
  const after = config.after !== undefined ? parseTimeOfDayMs(config.after) : 0;
  const before = config.before !== undefined ? parseTimeOfDayMs(config.before) : DAY_MS;
  const weekdays = config.weekday === undefined ? null : Array.isArray(config.weekday) ? config.weekday : [config.weekday];
  return (ctx) => {
    const now = ctx.host.scheduler.now();
    const ofDay = ((now % DAY_MS) + DAY_MS) % DAY_MS;
    const weekday = WEEKDAYS[new Date(now).getUTCDay()];
    const inWindow = after <= before ? ofDay >= after && ofDay < before : ofDay >= after || ofDay < before;
    const dayOk = weekdays === null || weekdays.includes(weekday);
    return { result: inWindow && dayOk, time: new Date(now).toISOString().slice(11, 19), weekday };
  };
};
