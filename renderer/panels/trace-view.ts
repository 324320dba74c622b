import type { RunInfo } from '../../core/api/protocol.js';
import { h } from '../dom.js';
import { formatTime, humanize } from '../format.js';

/** One run's trace, step by step: the config path of each element, its timing, result or error. */
export function renderTrace(run: RunInfo, close: () => void): HTMLElement[] {
  const closeButton = h('button', { class: 'control', 'data-testid': 'trace-close' }, 'Close');
  closeButton.addEventListener('click', close);
  const steps = run.trace.map((step, index) => {
    const durationMs = step.end_ts === null ? null : Math.round((step.end_ts - step.start_ts) * 1000);
    const outcome = step.error ? `error ${step.error.code}: ${step.error.message}` : step.result === undefined ? '' : compact(step.result);
    return h('li', { class: 'trace-step', 'data-error': String(Boolean(step.error)), 'data-testid': `trace-step-${index}` },
      h('span', { class: 'trace-path' }, step.path),
      h('span', { class: 'label' }, `${formatTime(step.start_ts)}${durationMs === null ? ' · running' : ` · ${durationMs} ms`}`),
      outcome ? h('span', { class: 'trace-result' }, outcome) : null);
  });
  return [
    h('header', { class: 'trace-head' },
      h('h2', {}, run.alias ?? run.automation),
      closeButton),
    h('p', { class: 'label', 'data-testid': 'trace-summary' },
      `${humanize(run.result)}${run.reason ? `: ${run.reason}` : ''} · triggered by ${run.trigger.description} at ${formatTime(run.ts)}`),
    h('ol', { class: 'trace-steps' }, ...steps),
  ];
}

function compact(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
