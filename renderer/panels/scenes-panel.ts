import type { AutomationInfo } from '../../core/api/protocol.js';
import { describeError, type ApiClient } from '../api-client.js';
import type { DashboardState, RunSummary } from '../dashboard-state.js';
import { h } from '../dom.js';
import { formatTime, humanize } from '../format.js';

/**
 * Scenes (one tap each, allowed while driving) and automations (on/off and last run; switching them
 * is a setting, so it locks while driving).
 */
export function createScenesPanel(state: DashboardState, client: ApiClient, report: (message: string) => void): { element: HTMLElement; render(): void } {
  const scenes = h('div', { class: 'scene-grid' });
  const automations = h('div', { class: 'automation-list', 'data-lock-panel': '' });
  const element = h('section', { class: 'panel scenes-panel', 'data-testid': 'scenes-panel', 'aria-label': 'Scenes and automations' },
    h('h2', {}, 'Scenes'), scenes, h('h2', {}, 'Automations'), automations);
  const sceneResults = new Map<string, { text: string; ok: boolean | null }>();

  function runScene(id: string, name: string): void {
    sceneResults.set(id, { text: 'running…', ok: null });
    state.touch('scenes');
    client.request('scene.run', { scene: id }).then(
      (run) => {
        const failed = run.steps.filter((s) => !s.ok);
        sceneResults.set(id, run.ok
          ? { text: `done, ${run.steps.length} step${run.steps.length === 1 ? '' : 's'}`, ok: true }
          : { text: `${failed.length} of ${run.steps.length} failed: ${failed.map((s) => `${s.device} ${s.error?.message ?? ''}`).join('; ')}`, ok: false });
        state.touch('scenes');
      },
      (error: unknown) => {
        sceneResults.set(id, { text: `${name} failed: ${describeError(error).message}`, ok: false });
        state.touch('scenes');
      },
    );
  }

  function setEnabled(automation: AutomationInfo, enabled: boolean): void {
    client.request('automation.enable', { automation: automation.id, enabled }).then(
      (next) => {
        state.automations.set(next.id, next);
        state.touch('automations');
      },
      (error: unknown) => report(`${automation.alias}: ${describeError(error).message}`),
    );
  }

  return {
    element,
    render() {
      scenes.replaceChildren(...state.scenes.map((scene) => {
        const result = sceneResults.get(scene.id);
        const button = h('button', { class: 'control scene', 'data-testid': `scene-${scene.id}` },
          h('span', { class: 'scene-name' }, scene.name),
          h('span', { class: 'scene-result', 'data-ok': result ? String(result.ok) : undefined, 'data-testid': `scene-${scene.id}-result` }, result?.text ?? `${scene.steps} steps`));
        button.addEventListener('click', () => runScene(scene.id, scene.name));
        return button;
      }));
      if (state.scenes.length === 0) scenes.append(h('p', { class: 'empty' }, 'No scenes configured.'));
      // The newest run seen (pushed runs arrive before, or instead of, a new automation state).
      const latest = new Map<string, RunSummary>();
      for (const run of state.runs.values()) {
        const seen = latest.get(run.automation);
        if (!seen || run.ts >= seen.ts) latest.set(run.automation, run);
      }
      automations.replaceChildren(...[...state.automations.values()].map((automation) => {
        const pushed = latest.get(automation.id);
        const last = pushed && (!automation.last_run || pushed.ts >= automation.last_run.ts) ? pushed : automation.last_run;
        const toggle = h('button', {
          class: 'control toggle', 'data-lock': '', 'aria-pressed': String(automation.enabled), 'data-testid': `automation-${automation.id}-toggle`,
        }, automation.enabled ? 'On' : 'Off');
        toggle.addEventListener('click', () => setEnabled(automation, !automation.enabled));
        return h('div', { class: 'automation', 'data-testid': `automation-${automation.id}` },
          h('div', { class: 'automation-text' },
            h('span', { class: 'automation-name' }, automation.alias),
            h('span', { class: 'label' }, last ? `last run ${formatTime(last.ts)}: ${humanize(last.result)}${last.reason ? ` (${last.reason})` : ''}` : 'never run')),
          toggle);
      }));
      if (state.automations.size === 0) automations.append(h('p', { class: 'empty' }, 'No automations configured.'));
    },
  };
}
