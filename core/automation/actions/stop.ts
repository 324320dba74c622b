import { z } from 'zod';
import { stepCommonShape } from '../schema-parts.js';
import { throwError } from 'rxjs';
import { RunStoppedError } from '../errors.js';
import type { RunAction } from './step-context.js';

/** `stop: "reason"` ends the whole run; `error: true` marks it failed (HA). */
export const stopActionSchema = z.strictObject({ kind: z.literal('stop'), stop: z.string(), error: z.boolean().optional(), ...stepCommonShape });
export type StopActionConfig = z.infer<typeof stopActionSchema>;

export const runStopAction: RunAction<StopActionConfig> = (config) =>
  throwError(() => new RunStoppedError(config.error === true ? 'error' : 'finished', `stopped: ${config.stop}`, { stop: config.stop, error: config.error === true }));
