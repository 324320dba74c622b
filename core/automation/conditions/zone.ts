import { z } from 'zod';
import { conditionCommonShape } from '../schema-parts.js';
import type { CompileCondition } from './condition-context.js';

/** `condition: zone`, `zone: home` (the car inside the home zone, as presence says) or `zone: not_home`. */
export const zoneConditionSchema = z.strictObject({ condition: z.literal('zone'), zone: z.enum(['home', 'not_home']), ...conditionCommonShape });
export type ZoneConditionConfig = z.infer<typeof zoneConditionSchema>;

/** From the presence detector's filtered state; `unknown` is in no zone. */
export const compileZoneCondition: CompileCondition<ZoneConditionConfig> = (config) => (ctx) => {
  const presence = ctx.host.presence();
  return { result: presence.state === config.zone, state: presence.state, distance_m: presence.distanceM };
};
