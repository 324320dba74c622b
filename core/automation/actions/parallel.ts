import { z } from 'zod';
import { stepCommonShape } from '../schema-parts.js';
import { catchError, concat, defer, EMPTY, merge, throwError } from 'rxjs';
import type { RunAction } from './step-context.js';
import type { ParallelActionConfig } from './action-schema.js';

/** `parallel: [...]`: branches start together; a branch is one step or `sequence: [...]`, normalised to a list. */
export function parallelActionSchema<T extends z.ZodType>(steps: T) {
  return z.strictObject({ kind: z.literal('parallel'), parallel: z.array(steps).min(1), ...stepCommonShape });
}

/** HA: a failing branch does not stop its siblings; once all are done the first failure (in branch order) fails the step. */
export const runParallelAction: RunAction<ParallelActionConfig> = (config, ctx, path) =>
  defer(() => {
    const failures: { index: number; error: unknown }[] = [];
    const branches = config.parallel.map((steps, index) =>
      ctx.runSteps(steps, `${path}/parallel/${index}/sequence`).pipe(
        catchError((error: unknown) => {
          failures.push({ index, error });
          return EMPTY;
        }),
      ),
    );
    return concat(
      merge(...branches),
      defer(() => {
        if (failures.length === 0) return EMPTY;
        const first = failures.reduce((a, b) => (b.index < a.index ? b : a));
        return throwError(() => first.error);
      }),
    );
  });
