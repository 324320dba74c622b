import { z } from 'zod';
import { conditionCommonShape } from '../schema-parts.js';
import type { CompileCondition } from './condition-context.js';

/** `condition: vehicle`, `state: parked|moving|charging` (or a list, any matches), from the derived vehicle state. */
const vehicleState = z.enum(['parked', 'moving', 'charging']);
export const vehicleConditionSchema = z.strictObject({
  condition: z.literal('vehicle'),
  state: z.union([vehicleState, z.array(vehicleState).min(1)]),
  ...conditionCommonShape,
});
export type VehicleConditionConfig = z.infer<typeof vehicleConditionSchema>;

export const compileVehicleCondition: CompileCondition<VehicleConditionConfig> = (config) => {
  const wanted = Array.isArray(config.state) ? config.state : [config.state];
  return (ctx) => {
    const v = ctx.host.vehicle();
    const has = { parked: v.parked, moving: v.moving, charging: v.charging === true };
    return { result: wanted.some((s) => has[s]), parked: v.parked, moving: v.moving, speed_kmh: v.speedKmh };
  };
};
