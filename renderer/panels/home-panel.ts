import type { DeviceInfo } from '../../core/api/protocol.js';
import { describeError, type ApiClient } from '../api-client.js';
import type { DashboardState } from '../dashboard-state.js';
import { h } from '../dom.js';
import { formatValue, humanize } from '../format.js';
import { deviceControls, STATUS_PROPERTIES, type ControlIntent } from './device-controls.js';

type Value = DeviceInfo['values'][string];
/** An optimistic value waits this long for the device to confirm it, then the real state shows. */
const SETTLE_MS = 8000;

interface Pending {
  value: Value;
  untilMs: number;
}

/**
 * One tile per device with its live state and its model's controls. A change shows at once
 * (optimistic, marked pending) and settles to the device's reported state; failures are written on
 * the tile in plain words; offline devices are greyed and their controls disabled.
 */
export function createHomePanel(state: DashboardState, client: ApiClient): { element: HTMLElement; render(): void } {
  const grid = h('div', { class: 'tiles' });
  const element = h('section', { class: 'panel home-panel', 'data-testid': 'home-panel', 'aria-label': 'Home' }, grid);
  const pending = new Map<string, Pending>();
  const errors = new Map<string, string>();
  const rendered = new Map<string, { device: DeviceInfo; key: string; tile: HTMLElement }>();

  const pendingValue = (device: DeviceInfo, name: string): Value | undefined => {
    const entry = pending.get(`${device.id}/${name}`);
    if (!entry) return undefined;
    if (entry.value === device.values[name] || entry.untilMs < performance.now()) {
      pending.delete(`${device.id}/${name}`);
      return undefined;
    }
    return entry.value;
  };

  function act(device: DeviceInfo, intent: ControlIntent): void {
    errors.delete(device.id);
    const request = intent.kind === 'set'
      ? (pending.set(`${device.id}/${intent.name}`, { value: intent.value as Value, untilMs: performance.now() + SETTLE_MS }),
        client.request('device.set', { device: device.id, property: intent.name, value: intent.value as Value }))
      : client.request('device.action', { device: device.id, action: intent.name, args: [] });
    state.touch('devices');
    // Settle to the real state even if the device never reports a change.
    window.setTimeout(() => state.touch('devices'), SETTLE_MS + 100);
    request.catch((error: unknown) => {
      pending.delete(`${device.id}/${intent.name}`);
      const { message } = describeError(error);
      errors.set(device.id, `${humanize(intent.name)} failed: ${message}`);
      state.touch('devices');
    });
  }

  function tile(device: DeviceInfo): HTMLElement {
    const value = (name: string) => pendingValue(device, name) ?? device.values[name];
    const anyPending = Object.keys(device.values).some((name) => pendingValue(device, name) !== undefined) || [...pending.keys()].some((k) => k.startsWith(`${device.id}/`));
    const online = device.online !== false;
    const status = STATUS_PROPERTIES.filter((name) => device.values[name] !== undefined)
      .map((name) => {
        const property = device.properties.find((p) => p.name === name);
        return h('span', { class: 'status-item' }, `${humanize(name)} ${formatValue(device.values[name], property?.unit)}`);
      });
    const error = errors.get(device.id) ?? device.error;
    const node = h('article', {
      class: 'tile', 'data-testid': `tile-${device.id}`, 'data-online': String(online), 'data-pending': String(anyPending),
      'aria-label': device.name,
    },
      h('header', { class: 'tile-head' },
        h('span', { class: 'tile-name' }, device.name),
        h('span', { class: 'tile-state' }, device.online === null ? 'connecting…' : online ? (anyPending ? 'updating…' : '') : 'offline')),
      status.length > 0 ? h('div', { class: 'tile-status' }, ...status) : null,
      h('div', { class: 'tile-controls' }, ...deviceControls(device, value, (intent) => act(device, intent))),
      error ? h('p', { class: 'tile-error', role: 'alert', 'data-testid': `tile-${device.id}-error` }, error) : null,
    );
    if (!online) for (const control of node.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) control.disabled = true;
    return node;
  }

  return {
    element,
    render() {
      const seen = new Set<string>();
      for (const device of state.devices.values()) {
        seen.add(device.id);
        // Redraw a tile only when its device, its pending values or its error changed.
        const key = JSON.stringify([device.online, device.values, device.error ?? null, errors.get(device.id) ?? null,
          [...pending.entries()].filter(([k]) => k.startsWith(`${device.id}/`))]);
        const previous = rendered.get(device.id);
        if (previous && previous.key === key && previous.device === device) continue;
        const next = tile(device);
        if (previous) previous.tile.replaceWith(next);
        else grid.append(next);
        rendered.set(device.id, { device, key, tile: next });
      }
      for (const [id, entry] of rendered) {
        if (!seen.has(id)) {
          entry.tile.remove();
          rendered.delete(id);
        }
      }
      if (state.devices.size === 0 && !grid.querySelector('.empty')) grid.append(h('p', { class: 'empty' }, 'No devices configured.'));
      else if (state.devices.size > 0) grid.querySelector('.empty')?.remove();
    },
  };
}
