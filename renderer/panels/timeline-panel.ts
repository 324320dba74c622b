import type { RunInfo } from '../../core/api/protocol.js';
import { describeError, type ApiClient } from '../api-client.js';
import type { DashboardState, RunSummary } from '../dashboard-state.js';
import { h } from '../dom.js';
import { formatTime, humanize } from '../format.js';
import { renderTrace } from './trace-view.js';

type Entry =
  | { kind: 'event'; ts: number; title: string; detail: string }
  | { kind: 'run'; ts: number; title: string; detail: string; run: RunSummary }
  | { kind: 'notification'; ts: number; title: string; detail: string; level: string };

/**
 * Car events, automation runs and notifications, newest first; tapping a run opens its trace step by
 * step. A scrolling list is reading: it locks while driving (the panel says so).
 */
export function createTimelinePanel(state: DashboardState, client: ApiClient): { element: HTMLElement; render(): void } {
  const list = h('ol', { class: 'timeline', 'data-testid': 'timeline' });
  const trace = h('div', { class: 'trace', 'data-testid': 'trace', hidden: true });
  const element = h('section', { class: 'panel timeline-panel', 'data-testid': 'timeline-panel', 'data-lock-panel': '', 'aria-label': 'Timeline' },
    h('div', { class: 'timeline-columns' }, list, trace));

  function openRun(run: RunSummary): void {
    trace.hidden = false;
    trace.replaceChildren(h('p', { class: 'label' }, `Loading the trace of ${run.alias ?? run.automation}…`));
    client.request('run.trace', { run_id: run.run_id }).then(
      (full: RunInfo) => trace.replaceChildren(...renderTrace(full, () => { trace.hidden = true; })),
      (error: unknown) => trace.replaceChildren(h('p', { class: 'tile-error', role: 'alert' }, `Could not load the trace: ${describeError(error).message}`)),
    );
  }

  return {
    element,
    render() {
      const entries: Entry[] = [
        ...state.events.map((e): Entry => ({ kind: 'event', ts: e.ts, title: humanize(e.name), detail: Object.entries(e.evidence).slice(0, 3).map(([k, v]) => `${k} ${String(v)}`).join(' · ') })),
        ...[...state.runs.values()].map((run): Entry => ({
          kind: 'run', ts: run.ts, run, title: run.alias ?? run.automation,
          detail: `${humanize(run.result)}${run.reason ? `: ${run.reason}` : ''} · ${run.trigger.description}${run.dry_run ? ' · dry run' : ''}`,
        })),
        ...state.notifications.map((n): Entry => ({ kind: 'notification', ts: n.ts, title: n.title, detail: n.message, level: n.level })),
      ].sort((a, b) => b.ts - a.ts).slice(0, 100);
      list.replaceChildren(...entries.map((entry) => {
        const body = [h('span', { class: 'time' }, formatTime(entry.ts)), h('span', { class: 'entry-title' }, entry.title), h('span', { class: 'label' }, entry.detail)];
        if (entry.kind === 'run') {
          const button = h('button', { class: 'control entry', 'data-lock': '', 'data-testid': `run-${entry.run.run_id}`, 'data-automation': entry.run.automation }, ...body);
          button.addEventListener('click', () => openRun(entry.run));
          return h('li', { 'data-kind': 'run' }, button);
        }
        return h('li', { class: 'entry', 'data-kind': entry.kind, 'data-level': entry.kind === 'notification' ? entry.level : undefined, 'data-testid': entry.kind === 'event' ? `event-${entry.title}` : undefined }, ...body);
      }));
      if (entries.length === 0) list.append(h('li', { class: 'empty' }, 'Nothing yet: car events, automation runs and notifications appear here.'));
    },
  };
}
