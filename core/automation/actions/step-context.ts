import type { Observable } from 'rxjs';
import type { SceneRunInfo, StepResult } from '../../api/protocol.js';
import type { ConditionContext } from '../conditions/condition-context.js';
import type { AutomationHost, DeviceCommand } from '../host.js';
import type { TraceRecorder } from '../trace-recorder.js';
import type { ActionConfig } from './action-schema.js';

/** What an action step may use while its run is active. */
export interface StepContext {
  readonly host: AutomationHost;
  readonly automation: { readonly id: string; readonly alias: string } | null;
  readonly trace: TraceRecorder;
  /** Evaluates conditions, recording them into this run's trace. */
  readonly conditions: ConditionContext;
  /** Runs steps one after another at `${path}/${i}` (sequence, choose options, parallel branches). */
  runSteps(steps: readonly ActionConfig[], path: string): Observable<never>;
  runScene(id: string): Observable<SceneRunInfo>;
  /** Sends one command; never errors (a failure is a StepResult with ok: false); reported on actions$. */
  sendCommand(command: DeviceCommand): Observable<StepResult>;
}

/**
 * An action kind: its step as an Observable that emits the trace element's result (the last one
 * counts) and completes, or errors (the step failed; a RunStoppedError ends the run). Unsubscribing
 * cancels it (mode restart, disable, stop).
 */
export type RunAction<C> = (config: C, ctx: StepContext, path: string) => Observable<unknown>;
