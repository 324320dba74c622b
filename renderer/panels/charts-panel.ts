import uPlot from 'uplot';
import { describeError, type ApiClient } from '../api-client.js';
import type { DashboardState } from '../dashboard-state.js';
import { h } from '../dom.js';

/** Chartable paths and their short names (the chooser's chips). */
export const CHARTABLE: readonly (readonly [string, string])[] = [
  ['Vehicle.Speed', 'Speed'],
  ['Vehicle.Powertrain.TractionBattery.StateOfCharge.Current', 'Battery %'],
  ['Vehicle.Powertrain.Range', 'Range'],
  ['Vehicle.Powertrain.TractionBattery.CurrentCurrent', 'Current'],
  ['Vehicle.Powertrain.TractionBattery.Temperature.Average', 'Battery temp'],
  ['Vehicle.Exterior.AirTemperature', 'Outside temp'],
];
const HISTORY_S = 600;
const MAX_POINTS = 3000;

interface Series {
  path: string;
  xs: number[];
  ys: number[];
  plot: uPlot | null;
  holder: HTMLElement;
  dirty: boolean;
}

/**
 * Charts of chosen VSS paths (uPlot on canvas): the last ten minutes from the store's history, then
 * live samples appended; redrawn at most once a frame and only while visible.
 */
export function createChartsPanel(state: DashboardState, client: ApiClient): { element: HTMLElement; render(visible: boolean): void; retheme(): void; configure(paths: readonly string[]): void } {
  const chooser = h('div', { class: 'segmented chart-chooser', 'data-lock-panel': '' });
  const charts = h('div', { class: 'charts' });
  const element = h('section', { class: 'panel charts-panel', 'data-testid': 'charts-panel', 'aria-label': 'Charts' }, chooser, charts);
  const series = new Map<string, Series>();
  const choices: [string, string][] = CHARTABLE.map(([path, name]) => [path, name]);

  function add(path: string, name: string): void {
    const holder = h('div', { class: 'chart', 'data-testid': `chart-${path}` }, h('span', { class: 'label' }, `${name} · ${path}`));
    const entry: Series = { path, xs: [], ys: [], plot: null, holder, dirty: true };
    series.set(path, entry);
    charts.append(holder);
    const nowS = Date.now() / 1000;
    client.request('history.signals', { path, from_ts: nowS - HISTORY_S, to_ts: nowS, max_points: 600 }).then(
      (history) => {
        const liveFrom = entry.xs[0] ?? Infinity;
        const older = history.points.filter(([ts]) => ts < liveFrom);
        entry.xs.unshift(...older.map(([ts]) => ts));
        entry.ys.unshift(...older.map(([, v]) => v));
        entry.dirty = true;
      },
      // No history (no store) is not an alarm: the chart says so and runs live.
      (error: unknown) => holder.append(h('span', { class: 'label chart-note' }, ` · live only (${describeError(error).message})`)),
    );
  }

  function remove(path: string): void {
    const entry = series.get(path);
    entry?.plot?.destroy();
    entry?.holder.remove();
    series.delete(path);
  }

  function drawChooser(): void {
    chooser.replaceChildren(...choices.map(([path, name]) => {
      const button = h('button', { class: 'control chip', 'data-lock': '', 'aria-pressed': String(series.has(path)), 'data-testid': `chart-toggle-${path}` }, name);
      button.addEventListener('click', () => {
        chosenByUser = true;
        if (series.has(path)) remove(path);
        else add(path, name);
        drawChooser();
      });
      return button;
    }));
  }

  const nameOf = (path: string) => CHARTABLE.find(([p]) => p === path)?.[1] ?? path.split('.').slice(-1)[0];
  let chosenByUser = false;
  add(...CHARTABLE[0]);
  add(...CHARTABLE[1]);
  drawChooser();

  return {
    element,
    /** The config's `dashboard.charts`, until the user picks their own. */
    configure(paths) {
      if (chosenByUser || paths.length === 0) return;
      for (const path of [...series.keys()]) if (!paths.includes(path)) remove(path);
      for (const path of paths) {
        if (!choices.some(([p]) => p === path)) choices.push([path, nameOf(path)]);
        if (!series.has(path)) add(path, nameOf(path));
      }
      drawChooser();
    },
    /** Canvas colours come from the theme: redraw the plots after a theme change. */
    retheme() {
      for (const entry of series.values()) {
        entry.plot?.destroy();
        entry.plot = null;
        entry.dirty = true;
      }
    },
    render(visible) {
      for (const path of state.changedSignals) {
        const entry = series.get(path);
        const signal = state.signals.get(path);
        if (!entry || !signal || typeof signal.value !== 'number') continue;
        if (entry.xs.length > 0 && signal.ts <= entry.xs[entry.xs.length - 1]) continue;
        entry.xs.push(signal.ts);
        entry.ys.push(signal.value);
        if (entry.xs.length > MAX_POINTS) {
          entry.xs.splice(0, entry.xs.length - MAX_POINTS);
          entry.ys.splice(0, entry.ys.length - MAX_POINTS);
        }
        entry.dirty = true;
      }
      if (!visible) return;
      for (const entry of series.values()) {
        if (!entry.dirty || entry.xs.length < 2) continue;
        entry.dirty = false;
        const data: uPlot.AlignedData = [entry.xs, entry.ys];
        if (!entry.plot) {
          // A canvas has no currentColor: take the theme's colours from CSS.
          const style = getComputedStyle(entry.holder);
          const text = style.color;
          const line = style.getPropertyValue('--accent').trim() || text;
          const grid = { stroke: 'rgba(128,128,128,0.3)' };
          const width = Math.max(300, entry.holder.clientWidth - 16);
          entry.plot = new uPlot({
            width, height: 180, legend: { show: false }, cursor: { show: false },
            series: [{}, { stroke: line, width: 3 }],
            axes: [{ stroke: text, grid, ticks: grid, font: '16px system-ui' }, { stroke: text, grid, ticks: grid, font: '16px system-ui', size: 60 }],
          }, data, entry.holder);
        } else {
          entry.plot.setData(data);
        }
      }
    },
  };
}
