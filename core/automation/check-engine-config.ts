import type { ActionConfig } from './actions/action-schema.js';
import type { AutomationConfig, SceneConfig } from './config-schema.js';
import { AutomationConfigError } from './errors.js';

function* sceneRefs(actions: readonly ActionConfig[], path: string): Generator<{ scene: string; path: string }> {
  for (const [i, a] of actions.entries()) {
    const at = `${path}/${i}`;
    if (a.kind === 'scene') yield { scene: a.scene, path: at };
    else if (a.kind === 'sequence') yield* sceneRefs(a.sequence, `${at}/sequence`);
    else if (a.kind === 'parallel') for (const [j, b] of a.parallel.entries()) yield* sceneRefs(b, `${at}/parallel/${j}/sequence`);
    else if (a.kind === 'choose') {
      for (const [j, o] of a.choose.entries()) yield* sceneRefs(o.sequence, `${at}/choose/${j}/sequence`);
      if (a.default !== undefined) yield* sceneRefs(a.default, `${at}/default`);
    }
  }
}

/** What zod cannot see one item at a time: unique ids, and `scene:` steps naming a scene that exists. */
export function checkEngineConfig(automations: readonly AutomationConfig[], scenes: readonly SceneConfig[]): void {
  const sceneIds = new Set<string>();
  for (const [i, s] of scenes.entries()) {
    if (sceneIds.has(s.id)) throw new AutomationConfigError(`duplicate scene id '${s.id}'`, `scenes.${i}.id`);
    sceneIds.add(s.id);
  }
  const ids = new Set<string>();
  for (const [i, a] of automations.entries()) {
    if (ids.has(a.id)) throw new AutomationConfigError(`duplicate automation id '${a.id}'`, `automations.${i}.id`);
    ids.add(a.id);
    for (const ref of sceneRefs(a.actions, 'action')) {
      if (!sceneIds.has(ref.scene)) throw new AutomationConfigError(`unknown scene '${ref.scene}' at ${ref.path}`, `automations.${i}`);
    }
  }
}
