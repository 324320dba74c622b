import { HomewardError } from '../base/errors.js';

/** An automation or scene id the engine does not know (API calls, `scene:` steps). */
export class AutomationNotFoundError extends HomewardError {
  constructor(readonly kind: 'automation' | 'scene' | 'run', readonly id: string) {
    super('not_found', `unknown ${kind} '${id}'`);
  }
}

/** The config lists the same id twice, or names a scene that does not exist. */
export class AutomationConfigError extends HomewardError {
  constructor(message: string, readonly key: string) {
    super('bad_config', `${key}: ${message}`);
  }
}

/** A condition could not be evaluated (no value yet, not a number): logged in the trace, counts as false (HA). */
export class ConditionError extends HomewardError {
  constructor(message: string) {
    super('condition_error', message);
  }
}

/** A device step answered ok:false or threw; carries the device's own `{code, message}`. */
export class DeviceStepError extends HomewardError {
  constructor(readonly device: string, code: string, message: string, readonly traceResult?: unknown) {
    super(code, `${device}: ${message}`);
  }
}

/** A scene step inside an automation where some device step failed. */
export class SceneStepError extends HomewardError {
  constructor(readonly scene: string, failed: number, readonly traceResult?: unknown) {
    super('scene_failed', `scene '${scene}': ${failed} step(s) failed`);
  }
}

/**
 * Ends a run early without being an error of the step: a `condition` step that is false, a
 * `wait_for_trigger` timing out with continue_on_timeout false, a `stop` step.
 */
export class RunStoppedError extends HomewardError {
  constructor(readonly result: 'finished' | 'condition_failed' | 'timeout' | 'error', readonly reason: string, readonly traceResult?: unknown) {
    super('run_stopped', reason);
  }
}
