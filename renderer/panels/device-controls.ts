import type { DeviceInfo } from '../../core/api/protocol.js';
import { h } from '../dom.js';
import { formatValue, humanize } from '../format.js';

type Property = DeviceInfo['properties'][number];
type Value = DeviceInfo['values'][string];

/** What a tile asks its panel to do when a control is used. */
export interface ControlIntent {
  kind: 'set' | 'action';
  name: string;
  value?: Value;
}

/** Sliders, in the order a tile shows them; everything else writable stays in the app's settings. */
const SLIDERS = ['bright', 'ct', 'fan_speed', 'target_position', 'favorite_rpm'];
const STEPPERS = ['fan_level'];
const LABELS: Record<string, string> = {
  bright: 'Brightness', ct: 'Colour temperature', fan_speed: 'Fan speed', target_position: 'Position',
  favorite_rpm: 'Favourite speed', fan_level: 'Fan level', mode: 'Mode',
};
/** Read-only values worth a glance, per property name. */
export const STATUS_PROPERTIES = ['current_position', 'status', 'state', 'battery', 'aqi', 'load_power', 'temperature', 'fan_power'];
const VACUUM_ACTIONS: [string, string][] = [['start', 'Start'], ['home', 'Dock']];

/**
 * The controls a device's model has, from its property table: a power toggle (glanceable, never
 * locked), mode buttons, sliders, steppers, curtain open/close, vacuum start/dock (locked while driving).
 */
export function deviceControls(device: DeviceInfo, value: (name: string) => Value | undefined, act: (intent: ControlIntent) => void): HTMLElement[] {
  const controls: HTMLElement[] = [];
  const writable = new Map(device.properties.filter((p) => p.writable).map((p) => [p.name, p]));
  const testId = (name: string) => `tile-${device.id}-${name}`;

  const power = writable.get('power');
  if (power) {
    const on = value('power') === true;
    const button = h('button', { class: 'control toggle', 'aria-pressed': String(on), 'data-testid': testId('power') }, on ? 'On' : 'Off');
    button.addEventListener('click', () => act({ kind: 'set', name: 'power', value: !on }));
    controls.push(button);
  }
  const mode = writable.get('mode');
  if (mode?.choices && mode.choices.length <= 5) {
    const current = value('mode');
    const group = h('div', { class: 'segmented', role: 'group', 'aria-label': LABELS.mode },
      ...mode.choices.map((choice) => {
        const button = h('button', { class: 'control', 'data-lock': '', 'aria-pressed': String(current === choice), 'data-testid': testId(`mode-${choice}`) }, humanize(choice));
        button.addEventListener('click', () => act({ kind: 'set', name: 'mode', value: choice }));
        return button;
      }));
    controls.push(group);
  }
  for (const name of STEPPERS) {
    const property = writable.get(name);
    if (property) controls.push(stepper(property, value(name), testId(name), act));
  }
  for (const name of SLIDERS) {
    const property = writable.get(name);
    if (property) controls.push(slider(property, value(name), testId(name), act));
  }
  if (writable.has('target_position')) {
    const row = h('div', { class: 'segmented' });
    for (const [label, target] of [['Open', 100], ['Close', 0]] as const) {
      const button = h('button', { class: 'control', 'data-lock': '', 'data-testid': testId(label.toLowerCase()) }, label);
      button.addEventListener('click', () => act({ kind: 'set', name: 'target_position', value: target }));
      row.append(button);
    }
    controls.push(row);
  }
  const actions = new Set(device.actions.map((a) => a.name));
  const vacuum = VACUUM_ACTIONS.filter(([name]) => actions.has(name));
  if (vacuum.length > 0) {
    controls.push(h('div', { class: 'segmented' }, ...vacuum.map(([name, label]) => {
      const button = h('button', { class: 'control', 'data-lock': '', 'data-testid': testId(`action-${name}`) }, label);
      button.addEventListener('click', () => act({ kind: 'action', name }));
      return button;
    })));
  }
  return controls;
}

function slider(property: Property, current: Value | undefined, testId: string, act: (intent: ControlIntent) => void): HTMLElement {
  const min = property.min ?? 0;
  const max = property.max ?? 100;
  const numeric = typeof current === 'number' ? current : min;
  const shown = h('span', { class: 'slider-value' }, formatValue(current, property.unit));
  const input = h('input', {
    type: 'range', class: 'control slider', min, max, step: property.step ?? (max - min > 1000 ? 50 : 1), value: numeric,
    'data-lock': '', 'data-testid': testId, 'aria-label': LABELS[property.name] ?? humanize(property.name),
  });
  input.addEventListener('input', () => { shown.textContent = formatValue(Number(input.value), property.unit); });
  input.addEventListener('change', () => act({ kind: 'set', name: property.name, value: Number(input.value) }));
  return h('label', { class: 'slider-row' }, h('span', { class: 'label' }, LABELS[property.name] ?? humanize(property.name)), input, shown);
}

function stepper(property: Property, current: Value | undefined, testId: string, act: (intent: ControlIntent) => void): HTMLElement {
  const level = typeof current === 'number' ? current : property.min ?? 1;
  const step = (delta: number) => {
    const next = Math.min(property.max ?? 100, Math.max(property.min ?? 0, level + delta));
    if (next !== level) act({ kind: 'set', name: property.name, value: next });
  };
  const minus = h('button', { class: 'control', 'data-lock': '', 'data-testid': `${testId}-down`, 'aria-label': 'less' }, '−');
  const plus = h('button', { class: 'control', 'data-lock': '', 'data-testid': `${testId}-up`, 'aria-label': 'more' }, '+');
  minus.addEventListener('click', () => step(-1));
  plus.addEventListener('click', () => step(1));
  return h('div', { class: 'stepper' }, h('span', { class: 'label' }, LABELS[property.name] ?? humanize(property.name)), minus, h('span', { class: 'slider-value' }, formatValue(current, property.unit)), plus);
}
