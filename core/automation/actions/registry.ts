/**
 * The action kinds, registered explicitly: kind → run. The file name is the key
 * (`wait-for-trigger.ts` ↔ `wait_for_trigger`); action-schema.ts tells a step's kind by its keys.
 */
import type { ActionConfig } from './action-schema.js';
import { runChooseAction } from './choose.js';
import { runConditionAction } from './condition.js';
import { runDelayAction } from './delay.js';
import { runDeviceAction } from './device.js';
import { runNotifyAction } from './notify.js';
import { runParallelAction } from './parallel.js';
import { runSceneAction } from './scene.js';
import { runSequenceAction } from './sequence.js';
import type { RunAction } from './step-context.js';
import { runStopAction } from './stop.js';
import { runWaitForTriggerAction } from './wait-for-trigger.js';

type Registry = { [K in ActionConfig['kind']]: RunAction<Extract<ActionConfig, { kind: K }>> };

export const ACTIONS: Registry = {
  device: runDeviceAction,
  scene: runSceneAction,
  delay: runDelayAction,
  wait_for_trigger: runWaitForTriggerAction,
  choose: runChooseAction,
  condition: runConditionAction,
  notify: runNotifyAction,
  sequence: runSequenceAction,
  parallel: runParallelAction,
  stop: runStopAction,
};

export function runAction(config: ActionConfig): RunAction<ActionConfig> {
  return ACTIONS[config.kind] as RunAction<ActionConfig>;
}
