import { catchError, concat, defer, EMPTY, finalize, ignoreElements, type Observable, tap, throwError } from 'rxjs';
import { RunStoppedError } from '../errors.js';
import type { ActionConfig } from './action-schema.js';
import { runAction } from './registry.js';
import type { StepContext } from './step-context.js';

function traceResultOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'traceResult' in error ? (error as { traceResult: unknown }).traceResult : undefined;
}

/**
 * One step with its trace element at `path`: start when reached, end with the step's last result,
 * its error, or `{cancelled: true}` when the run is cancelled under it. HA's continue_on_error
 * swallows a step's failure, never a RunStoppedError (condition false, stop, wait timeout).
 */
export function runStep(step: ActionConfig, path: string, ctx: StepContext): Observable<never> {
  return defer(() => {
    if (step.kind !== 'condition' && step.enabled === false) {
      ctx.trace.note(path, { enabled: false });
      return EMPTY;
    }
    if (step.kind === 'condition' && step.check.enabled === false) {
      ctx.trace.note(path, { result: true, enabled: false });
      return EMPTY;
    }
    const element = ctx.trace.start(path);
    let result: unknown;
    return runAction(step)(step, ctx, path).pipe(
      tap((value) => (result = value)),
      ignoreElements(),
      tap({ complete: () => element.end(result) }),
      catchError((error: unknown) => {
        if (error instanceof RunStoppedError) {
          if (error.result === 'condition_failed' || error.result === 'finished') element.end(error.traceResult);
          else element.fail(error, error.traceResult);
          return throwError(() => error);
        }
        element.fail(error, traceResultOf(error));
        const continueOnError = step.kind !== 'condition' && step.continue_on_error === true;
        return continueOnError ? EMPTY : throwError(() => error);
      }),
      finalize(() => element.end({ cancelled: true })),
    );
  });
}

/** Steps one after another at `${path}/${i}`. */
export function runSteps(steps: readonly ActionConfig[], path: string, ctx: StepContext): Observable<never> {
  return concat(...steps.map((step, i) => runStep(step, `${path}/${i}`, ctx)));
}
