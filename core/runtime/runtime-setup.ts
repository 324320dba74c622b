/**
 * The validated config turned into what each part takes (units in names, defaults applied), so the
 * wiring in create-runtime.ts reads as wiring. Nothing here opens anything.
 */
import type { AutomationConfig, SceneConfig } from '../automation/config-schema.js';
import type { HomeZone } from '../vehicle/events/car-event.js';
import { loadConfig } from './config/load-config.js';
import type { HomewardConfig } from './config/schema.js';
import type { DeviceSetup } from './device-hub.js';
import type { SimulatedDeviceSetup } from './simulated-home.js';
import type { VehicleInputOptions } from './vehicle-input.js';
import { canSourceSpec } from './config/vehicle-schema.js';
import type { RuntimeDeps } from './create-runtime.js';

export interface RuntimeSetup {
  readonly config: HomewardConfig;
  readonly configFile: string | null;
  readonly home: HomeZone | null;
  readonly vehicle: VehicleInputOptions;
  readonly staleFactor: number;
  readonly etaThresholdsS: readonly number[];
  readonly batteryLowPct: number;
  readonly batteryLowClearPct: number;
  readonly devices: readonly DeviceSetup[];
  readonly simulated: readonly SimulatedDeviceSetup[];
  readonly automations: readonly AutomationConfig[];
  readonly scenes: readonly SceneConfig[];
  readonly traceLimit: number;
  reloadConfig(): Promise<HomewardConfig>;
}

export function runtimeSetup(config: HomewardConfig, deps: RuntimeDeps): RuntimeSetup {
  const home = config.home
    ? {
        name: config.home.name,
        latitude: config.home.latitude,
        longitude: config.home.longitude,
        radiusM: config.home.radius_m,
        ...(config.home.exit_radius_m !== undefined ? { exitRadiusM: config.home.exit_radius_m } : {}),
        ...(config.home.approach_radius_m !== undefined ? { approachRadiusM: config.home.approach_radius_m } : {}),
      }
    : null;
  const v = config.vehicle;
  const source = canSourceSpec(v.can);
  // The config schema lets only the four forms through.
  if (source === null) throw new TypeError(`unknown CAN source '${v.can}'`);
  const dbcFiles = v.dbc;
  const devices = config.devices.map((d) => ({
    id: d.id,
    name: d.name,
    model: d.model,
    host: d.host,
    port: d.port,
    token: String(d.token),
    pollIntervalMs: d.poll_interval_s * 1000,
  }));
  const configFile = deps.configFile ?? null;
  return {
    config,
    configFile,
    home,
    vehicle: {
      source,
      dbcFiles,
      mappingFile: v.mapping,
      strict: v.strict,
      allowTruncated: v.allow_truncated,
      speed: deps.speed ?? v.speed,
      home,
      ...(deps.frames$ ? { frames$: deps.frames$ } : {}),
      ...(deps.updates$ ? { updates$: deps.updates$ } : {}),
      ...(deps.onDecodeError ? { onDecodeError: deps.onDecodeError } : {}),
      ...(deps.onBadLine ? { onBadLine: deps.onBadLine } : {}),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    },
    staleFactor: v.stale_factor,
    etaThresholdsS: config.home?.eta_thresholds_s ?? [600, 300, 120, 60],
    batteryLowPct: v.battery_low_pct,
    batteryLowClearPct: v.battery_low_clear_pct,
    devices,
    simulated: config.devices.filter((d) => d.simulate).map((d) => ({ id: d.id, model: d.model, host: d.host, port: d.port, token: String(d.token) })),
    automations: config.automations ?? [],
    scenes: config.scenes ?? [],
    traceLimit: config.storage.trace_limit,
    reloadConfig: async () => {
      if (configFile === null) return config;
      return (await loadConfig(configFile)).config;
    },
  };
}
