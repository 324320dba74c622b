import type { Signal } from '../../core/api/protocol.js';
import type { DashboardState } from '../dashboard-state.js';
import { h, setFlag, setText } from '../dom.js';
import { formatDistance, formatNumber } from '../format.js';

const PATHS = {
  speed: 'Vehicle.Speed',
  gear: 'Vehicle.Powertrain.Transmission.SelectedGear',
  soc: 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current',
  range: 'Vehicle.Powertrain.Range',
  charging: 'Vehicle.Powertrain.TractionBattery.Charging.IsCharging',
  ignition: 'Vehicle.LowVoltageSystemState',
};
const DOORS = [
  ['Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', 'FL'],
  ['Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen', 'FR'],
  ['Vehicle.Cabin.Door.Row2.DriverSide.IsOpen', 'RL'],
  ['Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen', 'RR'],
  ['Vehicle.Body.Trunk.Rear.IsOpen', 'Trunk'],
] as const;

/** VSS SelectedGear: 126 = Park, 127 = Drive, -1..-n reverse, 0 neutral (VSS 4.0). */
function gearText(value: Signal['value'] | undefined): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') return '—';
  if (value === 126) return 'P';
  if (value === 127) return 'D';
  if (value < 0) return 'R';
  if (value === 0) return 'N';
  return String(value);
}

interface Field {
  element: HTMLElement;
  value: HTMLElement;
}

function field(testId: string, label: string, big = false): Field {
  const value = h('span', { class: big ? 'value value-big' : 'value', 'data-testid': `${testId}-value` }, '—');
  const element = h('div', { class: 'field', 'data-testid': testId }, value, h('span', { class: 'label' }, label));
  return { element, value };
}

/** Speed, gear, state of charge and range, doors, ignition, charging; a stale signal is marked stale. */
export function createCarPanel(state: DashboardState): { element: HTMLElement; render(): void } {
  const speed = field('car-speed', 'km/h', true);
  const gear = field('car-gear', 'gear', true);
  const soc = field('car-soc', 'battery');
  const range = field('car-range', 'range');
  const ignition = field('car-ignition', 'ignition');
  const charging = field('car-charging', 'charging');
  const doors = DOORS.map(([path, label]) => ({ path, element: h('span', { class: 'door', 'data-testid': `door-${label}` }, label) }));
  speed.element.classList.add('span-2');
  const element = h('section', { class: 'panel car-panel', 'data-testid': 'car-panel', 'aria-label': 'Car' },
    speed.element, gear.element, soc.element, range.element, ignition.element, charging.element,
    h('div', { class: 'doors span-2', 'aria-label': 'Doors' }, ...doors.map((d) => d.element)),
  );

  const show = (f: Field, path: string, text: string) => {
    setText(f.value, text);
    setFlag(f.element, 'stale', state.signals.get(path)?.stale ?? true);
  };

  return {
    element,
    render() {
      const signal = (path: string) => state.signals.get(path)?.value;
      const d = state.derived;
      const speedKmh = d?.speed_kmh ?? (typeof signal(PATHS.speed) === 'number' ? (signal(PATHS.speed) as number) : null);
      show(speed, PATHS.speed, formatNumber(speedKmh));
      show(gear, PATHS.gear, d?.gear !== null && d?.gear !== undefined ? gearText(d.gear) : gearText(signal(PATHS.gear)));
      const socPct = d?.soc_pct ?? (signal(PATHS.soc) as number | undefined) ?? null;
      show(soc, PATHS.soc, socPct === null ? '—' : `${formatNumber(socPct)} %`);
      const rangeValue = signal(PATHS.range);
      // VSS Powertrain.Range is in metres.
      show(range, PATHS.range, typeof rangeValue === 'number' ? formatDistance(rangeValue) : '—');
      show(ignition, PATHS.ignition, d?.ignition ?? String(signal(PATHS.ignition) ?? '—'));
      const isCharging = d?.charging ?? (signal(PATHS.charging) as boolean | undefined) ?? null;
      show(charging, PATHS.charging, isCharging === null ? '—' : isCharging ? 'yes' : 'no');
      for (const door of doors) {
        const open = signal(door.path);
        setFlag(door.element, 'open', open === true);
        setFlag(door.element, 'stale', state.signals.get(door.path)?.stale ?? true);
        door.element.title = open === true ? 'open' : open === false ? 'closed' : 'unknown';
      }
    },
  };
}
