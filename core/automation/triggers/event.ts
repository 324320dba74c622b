import { z } from 'zod';
import { CAR_EVENT_NAMES } from '../../vehicle/events/car-event.js';
import { triggerCommonShape } from '../schema-parts.js';
import { filter, map } from 'rxjs';
import type { AttachTrigger } from './trigger-context.js';

const eventName = z.enum(CAR_EVENT_NAMES);

/** `trigger: event` + `event_type: home.arrived` (HA), or the shorthand `event: home.arrived`; `event_data` must match evidence. */
export const eventTriggerSchema = z
  .strictObject({
    trigger: z.literal('event'),
    event_type: eventName.optional(),
    event: eventName.optional(),
    event_data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    ...triggerCommonShape,
  })
  .superRefine((value, ctx) => {
    if ((value.event_type === undefined) === (value.event === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give event_type: (or the shorthand event:), once', path: [] });
    }
  });
export type EventTriggerConfig = z.infer<typeof eventTriggerSchema>;

export const attachEventTrigger: AttachTrigger<EventTriggerConfig> = (config, host) => {
  const name = config.event_type ?? config.event;
  const data = Object.entries(config.event_data ?? {});
  return host.carEvents$.pipe(
    filter((event) => event.name === name && data.every(([key, value]) => event.evidence[key] === value)),
    map((event) => ({ description: `event ${event.name}`, evidence: { event: event.name, event_ts: event.ts, ...event.evidence } })),
  );
};
