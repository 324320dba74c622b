import { z } from 'zod';
import { stepCommonShape } from '../schema-parts.js';
import { defer, of } from 'rxjs';
import type { RunAction } from './step-context.js';

const body = z.strictObject({ message: z.string().min(1), title: z.string().optional(), level: z.enum(['info', 'warning', 'error']).optional() });

/** `notify: "Battery low"` or `notify: {title, message, level}`: a dashboard notification. */
export const notifyActionSchema = z.strictObject({
  kind: z.literal('notify'),
  notify: z.union([z.string().min(1), body]).transform((n): z.infer<typeof body> => (typeof n === 'string' ? { message: n } : n)),
  ...stepCommonShape,
});
export type NotifyActionConfig = z.infer<typeof notifyActionSchema>;

export const runNotifyAction: RunAction<NotifyActionConfig> = (config, ctx) =>
  defer(() => {
    const n = {
      level: config.notify.level ?? 'info',
      title: config.notify.title ?? ctx.automation?.alias ?? 'Homeward',
      message: config.notify.message,
      ...(ctx.automation !== null ? { source: `automation.${ctx.automation.id}` } : {}),
    };
    ctx.host.notify(n);
    return of(n);
  });
