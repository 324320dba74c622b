/**
 * The runtime's one API (core/api/runtime-api.ts): a snapshot, the update stream and one handler per
 * request method. Params arrive validated (parseRequest); answers are wire shapes only.
 */
import type { Observable, SchedulerLike } from 'rxjs';
import { PROTOCOL_VERSION, type CarEventInfo, type Method, type ParsedParams, type RequestResult, type Snapshot, type Update } from '../api/protocol.js';
import type { RuntimeApi } from '../api/runtime-api.js';
import type { AutomationEngine } from '../automation/create-automation-engine.js';
import { HomewardError } from '../base/errors.js';
import type { HomePresence } from '../vehicle/events/car-event.js';
import type { VehicleState } from '../vehicle/state/vehicle-state.js';
import type { DeviceHub } from './device-hub.js';
import { NotFoundError } from './errors.js';
import type { Notifications } from './notifications.js';
import type { RuntimeSetup } from './runtime-setup.js';
import type { HistoryStore } from './services.js';
import { wireDerived, wirePresence, wireSample } from './to-wire.js';

export interface ApiParts {
  readonly config: RuntimeSetup;
  readonly scheduler: SchedulerLike;
  readonly vehicle: VehicleState;
  readonly presence: () => HomePresence;
  readonly devices: DeviceHub;
  readonly engine: AutomationEngine;
  readonly notifications: Notifications;
  readonly events: () => readonly CarEventInfo[];
  readonly isDryRun: () => boolean;
  readonly history: () => HistoryStore | null;
  readonly updates$: Observable<Update>;
  readonly reload: () => Promise<{ automations: number; scenes: number }>;
}

type Handlers = { [M in Method]: (params: ParsedParams<M>) => Promise<RequestResult<M>> | RequestResult<M> };

export function createApiHandler(parts: ApiParts): { api: RuntimeApi } {
  const snapshot = (): Snapshot => {
    const home = parts.config.home;
    return {
      version: PROTOCOL_VERSION,
      ts: parts.scheduler.now() / 1000,
      home: home
        ? { name: home.name, latitude: home.latitude, longitude: home.longitude, radius_m: home.radiusM, exit_radius_m: home.exitRadiusM ?? home.radiusM * 2, approach_radius_m: home.approachRadiusM ?? 2000 }
        : null,
      vehicle: { signals: Object.values(parts.vehicle.snapshot()).map(wireSample), derived: wireDerived(parts.vehicle.derived()), presence: wirePresence(parts.presence()) },
      devices: parts.devices.list(),
      events: [...parts.events()],
      scenes: parts.engine.scenes(),
      automations: parts.engine.list(),
      notifications: parts.notifications.list(),
      dry_run: parts.isDryRun(),
      dashboard: { theme: parts.config.config.dashboard.theme, charts: [...parts.config.config.dashboard.charts] },
    };
  };

  const handlers: Handlers = {
    snapshot: () => snapshot(),
    'device.action': async ({ device, action, args }) => {
      const result = await parts.devices.send({ device, kind: 'action', name: action, args }, { dryRun: parts.isDryRun() });
      if (!result.ok) throw new CommandError(result.error?.code ?? 'device', result.error?.message ?? 'device command failed');
      return { result: result.result ?? null };
    },
    'device.set': async ({ device, property, value }) => {
      const result = await parts.devices.send({ device, kind: 'set', name: property, value }, { dryRun: parts.isDryRun() });
      if (!result.ok) throw new CommandError(result.error?.code ?? 'device', result.error?.message ?? 'device command failed');
      return { ok: true as const };
    },
    'scene.run': ({ scene }) => parts.engine.runScene(scene),
    'automation.enable': ({ automation, enabled }) => parts.engine.setEnabled(automation, enabled),
    'automation.trigger': ({ automation, skip_condition }) => {
      const { trace: _trace, ...run } = parts.engine.trigger(automation, { skipCondition: skip_condition });
      return run;
    },
    'automation.runs': ({ automation, limit }) => {
      const inMemory = parts.engine.runs(automation, limit);
      const stored = inMemory.length < limit ? (parts.history()?.runs({ ...(automation ? { automation } : {}), limit }) ?? []) : [];
      const seen = new Set(inMemory.map((r) => r.run_id));
      const fresh = inMemory.map(({ trace: _trace, ...run }) => run);
      return [...fresh, ...stored.filter((r) => !seen.has(r.run_id))].slice(0, limit);
    },
    'run.trace': ({ run_id }) => {
      const run = parts.engine.trace(run_id) ?? parts.history()?.trace(run_id);
      if (!run) throw new NotFoundError('run', run_id);
      return run;
    },
    'history.events': ({ before_ts, limit }) => {
      const store = parts.history();
      if (store) return store.events({ ...(before_ts !== undefined ? { before_ts } : {}), limit });
      return parts.events().filter((e) => before_ts === undefined || e.ts < before_ts).slice(-limit).reverse();
    },
    'history.signals': (q) => {
      const store = parts.history();
      if (!store) throw new CommandError('no_store', 'signal history needs the store (storage is off)');
      return store.signalHistory(q);
    },
    'config.reload': () => parts.reload(),
    // Transports keep subscriptions per client; the runtime only says which topics exist.
    subscribe: ({ topics }) => ({ topics }),
  };

  return {
    api: {
      snapshot,
      updates$: parts.updates$,
      request: async (method, params) => (await (handlers[method] as (p: unknown) => unknown)(params)) as RequestResult<typeof method>,
    },
  };
}

/** A command the runtime refused or a device failed; `code` travels to the client. */
export class CommandError extends HomewardError {}
