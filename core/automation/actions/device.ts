import { z } from 'zod';
import { deviceCommandShape, idSchema, stepCommonShape } from '../schema-parts.js';
import { concatMap, from, map, toArray } from 'rxjs';
import { deviceCommands } from '../device-commands.js';
import { DeviceStepError } from '../errors.js';
import type { RunAction } from './step-context.js';

/**
 * A device step: `device: purifier` with exactly one of
 *   `set: {mode: auto, power: true}` (properties, set in the order written),
 *   `action: start` + `args: [...]` (a family action),
 *   `miot_action: {siid: 2, aiid: 1, in: [...]}` (a raw MIoT action),
 *   `call: set_power` + `params: [...]` (a raw miIO method).
 */
export const deviceActionSchema = z
  .strictObject({
    kind: z.literal('device'),
    device: idSchema,
    ...deviceCommandShape,
    ...stepCommonShape,
  })
  .superRefine((value, ctx) => {
    const given = (['set', 'action', 'miot_action', 'call'] as const).filter((k) => value[k] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: 'a device step needs exactly one of set:, action:, miot_action:, call:', path: [] });
    if (value.set !== undefined && Object.keys(value.set).length === 0) ctx.addIssue({ code: 'custom', message: 'set: needs a property', path: ['set'] });
    if (value.args !== undefined && value.action === undefined) ctx.addIssue({ code: 'custom', message: 'args: goes with action:', path: ['args'] });
    if (value.params !== undefined && value.call === undefined) ctx.addIssue({ code: 'custom', message: 'params: goes with call:', path: ['params'] });
  });
export type DeviceActionConfig = z.infer<typeof deviceActionSchema>;

/** Sends the step's commands in order; a failed one fails the step (HA stops the run unless continue_on_error). */
export const runDeviceAction: RunAction<DeviceActionConfig> = (config, ctx) =>
  from(deviceCommands(config)).pipe(
    concatMap((command) => ctx.sendCommand(command)),
    toArray(),
    map((commands) => {
      const failed = commands.find((c) => !c.ok);
      if (failed !== undefined) throw new DeviceStepError(config.device, failed.error?.code ?? 'device_error', failed.error?.message ?? `${failed.method} failed`, { commands });
      return { commands };
    }),
  );
