/**
 * `homeward run`'s terminal status: on a terminal a panel redrawn in place (car, devices, the last
 * events, runs and actions); otherwise plain lines, one per car event, automation run and device
 * action, for logs and pipes.
 */
import type { DeviceInfo, RunInfo, Snapshot } from '../api/protocol.js';
import type { CarEvent } from '../vehicle/events/car-event.js';
import { formatAction, formatEvent, formatRun, type ActionLine } from './format-replay.js';

export interface StatusView {
  event(event: CarEvent): void;
  run(run: RunInfo): void;
  action(line: ActionLine): void;
  /** Redraws the panel (terminal only). */
  refresh(snapshot: Snapshot): void;
  close(): void;
}

const KEEP = 6;

export function createStatusView(write: (text: string) => void, options: { isTty: boolean; header: string }): StatusView {
  if (!options.isTty) {
    return {
      event: (e) => write(formatEvent(e, 'text')),
      run: (r) => r.result !== 'running' && write(formatRun(r, 'text')),
      action: (a) => write(formatAction(a, 'text')),
      refresh: () => undefined,
      close: () => undefined,
    };
  }
  const recent: string[] = [];
  const remember = (line: string): void => {
    recent.push(line.trimEnd());
    if (recent.length > KEEP * 2) recent.shift();
  };
  let lastHeight = 0;
  return {
    event: (e) => remember(formatEvent(e, 'text')),
    run: (r) => r.result !== 'running' && remember(formatRun(r, 'text')),
    action: (a) => remember(formatAction(a, 'text')),
    refresh: (snapshot) => {
      const lines = [options.header, ...carLines(snapshot), '', 'devices:', ...snapshot.devices.map(deviceLine), '', 'recent:', ...recent.slice(-KEEP * 2)];
      // Up to the panel's first line, clear to the end of the screen, draw again.
      write(`${lastHeight > 0 ? `\x1b[${lastHeight}F` : ''}\x1b[0J${lines.join('\n')}\n`);
      lastHeight = lines.length;
    },
    close: () => write('\n'),
  };
}

function carLines(s: Snapshot): string[] {
  const d = s.vehicle.derived;
  const p = s.vehicle.presence;
  const num = (v: number | null, unit: string, digits = 0): string => (v === null ? '–' : `${v.toFixed(digits)} ${unit}`);
  return [
    `car:  ${num(d.speed_kmh, 'km/h')}  gear ${d.gear ?? '–'}  ignition ${d.ignition}  SoC ${num(d.soc_pct, '%')}${d.charging ? '  charging' : ''}${d.parked ? '  parked' : ''}`,
    `home: ${p.state}  ${num(p.distance_m, 'm')}${p.eta_s !== null ? `  ETA ${Math.round(p.eta_s)} s` : ''}`,
  ];
}

function deviceLine(d: DeviceInfo): string {
  const state = d.online === null ? 'connecting' : d.online ? 'online' : `offline${d.error ? ` (${d.error})` : ''}`;
  const values = Object.entries(d.values)
    .slice(0, 5)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `  ${d.id.padEnd(12)} ${d.model.padEnd(22)} ${state.padEnd(10)} ${values}`;
}
