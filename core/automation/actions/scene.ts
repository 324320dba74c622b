import { z } from 'zod';
import { idSchema, stepCommonShape } from '../schema-parts.js';
import { map } from 'rxjs';
import { SceneStepError } from '../errors.js';
import type { RunAction } from './step-context.js';

/** `scene: arrive_home` runs a scene; the step fails when any of its device steps failed. */
export const sceneActionSchema = z.strictObject({ kind: z.literal('scene'), scene: idSchema, ...stepCommonShape });
export type SceneActionConfig = z.infer<typeof sceneActionSchema>;

export const runSceneAction: RunAction<SceneActionConfig> = (config, ctx) =>
  ctx.runScene(config.scene).pipe(
    map((run) => {
      const failed = run.steps.filter((s) => !s.ok).length;
      if (failed > 0) throw new SceneStepError(config.scene, failed, run);
      return run;
    }),
  );
