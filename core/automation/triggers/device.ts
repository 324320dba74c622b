import { z } from 'zod';
import { durationSchema, idSchema, triggerCommonShape } from '../schema-parts.js';
import { map } from 'rxjs';
import { matchesAny } from './source-values.js';
import type { AttachTrigger } from './trigger-context.js';
import { watchChanges$ } from './watch-changes.js';

const reachability = z.enum(['online', 'offline']);

/** `trigger: device`, `device: purifier`, `to: offline` (and/or `from:`), `for` in ms after parsing. */
export const deviceTriggerSchema = z.strictObject({
  trigger: z.literal('device'),
  device: idSchema,
  from: reachability.optional(),
  to: reachability.optional(),
  for: durationSchema.optional(),
  ...triggerCommonShape,
});
export type DeviceTriggerConfig = z.infer<typeof deviceTriggerSchema>;

export const attachDeviceTrigger: AttachTrigger<DeviceTriggerConfig> = (config, host) => {
  const reach$ = host.deviceState$(config.device).pipe(map((s) => (s.online ? 'online' : 'offline')));
  return watchChanges$(reach$, {
    matches: (c) => c.from !== c.to && matchesAny(c.from, config.from) && matchesAny(c.to, config.to),
    keeps: (v) => (config.to !== undefined ? v === config.to : config.from !== undefined ? v !== config.from : false),
    forMs: config.for,
    hasValue: () => host.deviceState(config.device) !== undefined,
    // Not polled yet counts as online: the first poll coming back online is no change, one failing is `offline`.
    initial: 'online',
    scheduler: host.scheduler,
  }).pipe(
    map((change) => ({
      description: `device ${config.device} ${String(change.to)}`,
      evidence: { device: config.device, from: change.from ?? null, to: change.to ?? null, error: host.deviceState(config.device)?.error ?? null },
    })),
  );
};
