import { Subject } from 'rxjs';
import type {
  AutomationInfo, CarEventInfo, Derived, DeviceInfo, Method, ParsedParams, Presence, RequestResult, SceneInfo, Snapshot, Update,
} from '../../core/api/protocol.js';
import { PROTOCOL_VERSION } from '../../core/api/protocol.js';
import type { RuntimeApi } from '../../core/api/runtime-api.js';
import { HomewardError } from '../../core/base/errors.js';

/**
 * A small real-ish runtime behind RuntimeApi for bridge tests: state in plain objects, updates on a
 * Subject, requests carried out on that state (scenes "run" by recording the call, device.set changes
 * a value and pushes the device). Device tokens exist here as they do in the real runtime and must
 * never reach a client; `secrets()` lists them for the leak checks.
 */
export class TestRuntime implements RuntimeApi {
  readonly updates$ = new Subject<Update>();
  readonly calls: { method: Method; params: unknown }[] = [];
  private readonly state: Snapshot;
  private readonly signals = new Map<string, Snapshot['vehicle']['signals'][number]>();
  private readonly tokens = new Map<string, string>([
    ['plug-1', '5a8f1c2e9b7d4e6fa0b1c2d3e4f50617'],
    ['light-1', 'c0ffee00deadbeef0123456789abcdef'],
  ]);

  constructor(private readonly nowS: () => number = () => 1_764_000_000) {
    this.state = {
      version: PROTOCOL_VERSION,
      ts: nowS(),
      home: { name: 'Home', latitude: 48.137, longitude: 11.575, radius_m: 100, exit_radius_m: 150, approach_radius_m: 1000 },
      vehicle: {
        signals: [],
        derived: { moving: false, parked: true, ignition: 'off', gear: 'P', speed_kmh: 0, soc_pct: 81, charging: false },
        presence: { state: 'home', distance_m: 0, eta_s: null, latitude: 48.137, longitude: 11.575, accuracy_m: 6, ts: nowS() },
      },
      devices: [plug('plug-1', 'Garage plug', false), plug('light-1', 'Porch light', true)],
      events: [],
      scenes: [
        { id: 'arrive', name: 'Arrive home', devices: ['plug-1', 'light-1'], steps: 2 },
        { id: 'leave', name: 'Leave home', devices: ['plug-1'], steps: 1 },
      ],
      automations: [automation('welcome', 'Welcome home'), automation('goodbye', 'Goodbye')],
      notifications: [],
      dry_run: false,
    };
  }

  snapshot(): Snapshot {
    return structuredClone({ ...this.state, vehicle: { ...this.state.vehicle, signals: [...this.signals.values()] } });
  }

  /** Device tokens: what must never appear on MQTT. */
  secrets(): string[] {
    return [...this.tokens.values()];
  }

  async request<M extends Method>(method: M, params: ParsedParams<M>): Promise<RequestResult<M>> {
    this.calls.push({ method, params });
    return this.handle(method, params as Record<string, unknown>) as Promise<RequestResult<M>>;
  }

  signal(path: string, value: number | boolean | string): void {
    const signal = { path, value, ts: this.nowS(), stale: false };
    this.signals.set(path, signal);
    this.updates$.next({ topic: 'signals', signals: [signal] });
  }

  vehicle(derived: Partial<Derived>, presence: Partial<Presence> = {}): void {
    this.state.vehicle.derived = { ...this.state.vehicle.derived, ...derived };
    this.state.vehicle.presence = { ...this.state.vehicle.presence, ...presence };
    this.updates$.next({ topic: 'vehicle', derived: this.state.vehicle.derived, presence: this.state.vehicle.presence });
  }

  event(name: string, evidence: CarEventInfo['evidence'] = {}): CarEventInfo {
    const event = { name, ts: this.nowS(), evidence };
    this.state.events.push(event);
    this.updates$.next({ topic: 'events', event });
    return event;
  }

  setScenes(scenes: SceneInfo[]): void {
    this.state.scenes = scenes;
  }

  /** Replaces the automations (a config reload) and pushes each remaining one. */
  setAutomations(automations: AutomationInfo[]): void {
    this.state.automations = automations;
    for (const a of automations) this.updates$.next({ topic: 'automations', automation: a });
  }

  private async handle(method: Method, params: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'scene.run': {
        const scene = this.state.scenes.find((s) => s.id === params.scene);
        if (scene === undefined) throw new HomewardError('not_found', `no scene '${String(params.scene)}'`);
        return { scene: scene.id, ok: true, steps: scene.devices.map((device) => ({ device, method: 'set_power', ok: true })) };
      }
      case 'device.set': {
        const device = this.device(params.device);
        const property = device.properties.find((p) => p.name === params.property);
        if (property === undefined || !property.writable) throw new HomewardError('bad_property', `${device.id} has no writable '${String(params.property)}'`);
        if (property.type === 'bool' && typeof params.value !== 'boolean') throw new HomewardError('bad_value', `${property.name} takes a boolean`);
        device.values = { ...device.values, [property.name]: params.value as boolean };
        this.updates$.next({ topic: 'devices', device: structuredClone(device) });
        return { ok: true };
      }
      case 'device.action': {
        const device = this.device(params.device);
        if (!device.actions.some((a) => a.name === params.action)) throw new HomewardError('not_found', `${device.id} has no action '${String(params.action)}'`);
        return { result: ['ok'] };
      }
      case 'automation.enable': {
        const found = this.state.automations.find((a) => a.id === params.automation);
        if (found === undefined) throw new HomewardError('not_found', `no automation '${String(params.automation)}'`);
        found.enabled = params.enabled as boolean;
        this.updates$.next({ topic: 'automations', automation: structuredClone(found) });
        return structuredClone(found);
      }
      default:
        throw new HomewardError('unsupported', `${method} is not part of the test runtime`);
    }
  }

  private device(id: unknown): DeviceInfo {
    const device = this.state.devices.find((d) => d.id === id);
    if (device === undefined) throw new HomewardError('not_found', `no device '${String(id)}'`);
    return device;
  }
}

function plug(id: string, name: string, power: boolean): DeviceInfo {
  return {
    id, name, model: 'chuangmi.plug.m1', family: 'chuangmi-plug', online: true, values: { power, temperature: 31 }, ts: 1_764_000_000,
    properties: [
      { name: 'power', type: 'bool', readable: true, writable: true },
      { name: 'temperature', type: 'float', unit: '°C', readable: true, writable: false },
    ],
    actions: [{ name: 'toggle', args: [] }],
  };
}

export function automation(id: string, alias: string, enabled = true): AutomationInfo {
  return { id, alias, mode: 'single', enabled, running: 0, last_run: null };
}
