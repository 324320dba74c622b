import { Subject } from 'rxjs';
import { HomewardError } from '../../base/errors.js';
import type { DeviceInfo, Method, ParsedParams, RequestResult, Snapshot, Update } from '../protocol.js';
import type { RuntimeApi } from '../runtime-api.js';

/**
 * A FAKE RuntimeApi for transport tests (server, sessions, fuzz): a fixed snapshot, a Subject of
 * updates the test pushes, requests answered from a table. It drives no devices (the browser e2e
 * uses the real demo runtime). Tests only: nothing outside tests imports core/api/testing/.
 */
export class FakeRuntimeApi implements RuntimeApi {
  readonly updatesSubject = new Subject<Update>();
  readonly updates$ = this.updatesSubject.asObservable();
  readonly calls: { method: Method; params: unknown }[] = [];
  state: Snapshot = fakeSnapshot();

  snapshot(): Snapshot {
    return this.state;
  }

  push(update: Update): void {
    this.updatesSubject.next(update);
  }

  async request<M extends Method>(method: M, params: ParsedParams<M>): Promise<RequestResult<M>> {
    this.calls.push({ method, params });
    switch (method) {
      case 'snapshot':
        return this.state as RequestResult<M>;
      case 'device.set': {
        const p = params as ParsedParams<'device.set'>;
        const device = this.state.devices.find((d) => d.id === p.device);
        if (!device) throw new HomewardError('not_found', `no device '${p.device}'`);
        device.values[p.property] = p.value;
        this.push({ topic: 'devices', device: structuredClone(device) });
        return { ok: true } as RequestResult<M>;
      }
      case 'scene.run':
        return { scene: (params as ParsedParams<'scene.run'>).scene, ok: true, steps: [] } as RequestResult<M>;
      case 'history.signals': {
        const p = params as ParsedParams<'history.signals'>;
        return { path: p.path, points: [[p.from_ts, 1], [p.to_ts, 2]] } as RequestResult<M>;
      }
      default:
        if ((params as { explode?: boolean }).explode) throw new TypeError('a bug in the fake');
        throw new HomewardError('unsupported', `the fake runtime does not do ${method}`);
    }
  }
}

function device(id: string, model: string, family: string, values: DeviceInfo['values'], properties: DeviceInfo['properties']): DeviceInfo {
  return { id, name: id.replace(/_/g, ' '), model, family, online: true, values, ts: 0, properties, actions: [] };
}

export function fakeSnapshot(): Snapshot {
  const bool = (name: string) => ({ name, type: 'bool' as const, readable: true, writable: true });
  return {
    version: 1,
    ts: 1_700_000_000,
    home: { name: 'home', latitude: 52.52, longitude: 13.405, radius_m: 100, exit_radius_m: 150, approach_radius_m: 1000 },
    vehicle: {
      signals: [{ path: 'Vehicle.Speed', value: 0, ts: 1_700_000_000, stale: false }],
      derived: { moving: false, parked: true, ignition: 'off', gear: 'P', speed_kmh: 0, soc_pct: 80, charging: false },
      presence: { state: 'home', distance_m: 0, eta_s: null, latitude: 52.52, longitude: 13.405, accuracy_m: 5, ts: 1_700_000_000 },
    },
    devices: [
      device('hall_light', 'yeelink.light.color1', 'yeelight', { power: false, bright: 50, ct: 4000 }, [
        bool('power'),
        { name: 'bright', type: 'int', unit: '%', min: 1, max: 100, readable: true, writable: true },
      ]),
    ],
    events: [],
    scenes: [{ id: 'welcome_home', name: 'Welcome home', devices: ['hall_light'], steps: 1 }],
    automations: [],
    notifications: [],
    dry_run: false,
  };
}
