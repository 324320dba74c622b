/**
 * The one wiring place: source → decoder → VSS mapping → vehicle state → car events → automations →
 * devices, with the store, the MQTT bridge and the API server beside them. The CLI, Electron's main
 * process and the web server call this and nothing below it. Every part it opens, stop() closes:
 * after it no socket, timer or subscription is left.
 */
import { BehaviorSubject, distinctUntilChanged, map, merge, skip, type Observable, type SchedulerLike, share, Subscription, catchError, connectable, EMPTY, Subject, takeUntil } from 'rxjs';
import type { CarEventInfo, Update } from '../api/protocol.js';
import type { RuntimeApi } from '../api/runtime-api.js';
import { createAutomationEngine, type AutomationEngine } from '../automation/create-automation-engine.js';
import { wallClock } from '../base/clock.js';
import { detectCarEvents } from '../vehicle/events/detect-car-events.js';
import type { CarEvent, HomePresence } from '../vehicle/events/car-event.js';
import { createVehicleState, type VehicleState } from '../vehicle/state/vehicle-state.js';
import type { SignalUpdate, SignalUpdateCounters } from '../vehicle/signal-updates.js';
import { createApiHandler } from './api-handler.js';
import { createLogger } from './logger.js';
import type { SocketcanStatus } from '../can/sources/socketcan.js';
import { createAutomationHost } from './automation-host.js';
import type { HomewardConfig } from './config/schema.js';
import { createDeviceHub, type DeviceHub } from './device-hub.js';
import { createNotifications, type Notifications } from './notifications.js';
import { startServices, type RuntimeServices, type ServiceOptions } from './services.js';
import { startSimulatedHome, type SimulatedHome } from './simulated-home.js';
import { runtimeSetup } from './runtime-setup.js';
import { openVehicleInput, type VehicleInputOptions } from './vehicle-input.js';
import { toWireEvent, toWireSample, wireDerived, wirePresence } from './to-wire.js';

export interface RuntimeDeps extends Partial<Pick<VehicleInputOptions, 'frames$' | 'updates$' | 'onDecodeError' | 'onBadLine' | 'onProgress'>> {
  readonly scheduler?: SchedulerLike;
  /** Overrides vehicle.speed (replay's --speed). */
  readonly speed?: number | 'max';
  /** Records intended device actions and sends nothing. */
  readonly dryRun?: boolean;
  /** Which of store, MQTT and the API server to start (default: what the config enables). */
  readonly services?: ServiceOptions;
  /** Start the simulated devices of `simulate: true` entries (default true). */
  readonly simulate?: boolean;
  readonly onUnexpectedError?: (error: unknown) => void;
  /** Structured log lines (level as pino's); default: warnings and worse to standard error. */
  readonly log?: (level: string, message: string) => void;
  /** The file the config came from: `config.reload` reads it again. */
  readonly configFile?: string;
}

export interface Runtime {
  readonly api: RuntimeApi;
  /** The scheduler everything runs on (a ManualClock for `--speed max` replays). */
  readonly scheduler: SchedulerLike;
  readonly events$: Observable<CarEvent>;
  readonly runs$: AutomationEngine['runs$'];
  readonly actions$: AutomationEngine['actions$'];
  readonly vehicle: VehicleState;
  readonly devices: DeviceHub;
  readonly counters: SignalUpdateCounters;
  readonly services: RuntimeServices | null;
  /** Resolves when the vehicle source completes (a replayed log's end); never for live sources. */
  readonly sourceDone: Promise<void>;
  start(): Promise<void>;
  /** Settles once no device command is in flight (a replay waits for it before stopping). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function createRuntime(config: HomewardConfig, deps: RuntimeDeps = {}): Promise<Runtime> {
  const setup = runtimeSetup(config, deps);
  const baseScheduler = deps.scheduler ?? wallClock;
  // Structured logs (pino, tokens redacted) on standard error unless the caller takes them.
  const logger = createLogger({ level: config.logging.level, scheduler: baseScheduler, destination: process.stderr, name: 'homeward' });
  // At 'max' the log waits for device commands in flight; the host is made below, asked lazily.
  const late: { host?: ReturnType<typeof createAutomationHost> } = {};
  const onCanStatus = (status: SocketcanStatus): void => logger[status.state === 'up' ? 'info' : 'warn']({ iface: status.iface }, status.message);
  const input = await openVehicleInput({ ...setup.vehicle, onCanStatus, hold: { busy: () => late.host?.busy() ?? false, idle: () => late.host?.idle() ?? Promise.resolve() } }, baseScheduler);
  const scheduler: SchedulerLike = input.clock ?? baseScheduler;
  const onUnexpectedError = deps.onUnexpectedError ?? ((error: unknown) => logger.error({ err: error }, 'unexpected error'));
  const dryRun = deps.dryRun ?? false;

  // A source error is reported once, here, and ends the vehicle side; it never reaches a client.
  // Connected by start() only: a client listening before start() must not play the source (a log
  // played early ends before start(), and share() would then play it a second time).
  const source$ = connectable(input.updates$.pipe(
    catchError((error: unknown) => {
      onUnexpectedError(error);
      return EMPTY;
    }),
  ), { connector: () => new Subject<SignalUpdate>(), resetOnDisconnect: false });
  // stop() completes every stream a client may hold, so none keeps the source subscribed.
  const stopped$ = new Subject<void>();
  const vehicle = createVehicleState(source$, { scheduler, expectedCycleMs: input.cycleMs, staleFactor: setup.staleFactor });
  const detector = detectCarEvents(source$, { home: setup.home ?? FAR_AWAY, scheduler, etaThresholdsS: setup.etaThresholdsS, batteryLowPct: setup.batteryLowPct, batteryLowClearPct: setup.batteryLowClearPct });
  const events$ = detector.events$.pipe(takeUntil(stopped$), share());
  const presence$ = new BehaviorSubject<HomePresence>({ state: 'unknown', distanceM: null, etaS: null, latitude: null, longitude: null, accuracyM: null, ts: 0 });
  const presence = (): HomePresence => presence$.value;
  const recentEvents: CarEventInfo[] = [];

  const devices = createDeviceHub(setup.devices, { scheduler: baseScheduler });
  const notifications: Notifications = createNotifications(scheduler);
  const host = createAutomationHost({
    scheduler, carEvents$: events$, vehicle, presence, home: setup.home, devices, notifications,
    isDryRun: () => dryRun, onUnexpectedError,
  });
  const log = deps.log ?? ((level: string, message: string) => logger[PINO_LEVEL[level] ?? 'info'](message));
  late.host = host;
  const engine = createAutomationEngine({ host, automations: setup.automations, scenes: setup.scenes, traceLimit: setup.traceLimit, dryRun, onLog: log });

  const updates$: Observable<Update> = merge(
    vehicle.samples$.pipe(toWireSample()),
    merge(vehicle.derived$, presence$.pipe(skip(1), distinctUntilChanged(samePresence))).pipe(map((): Update => ({ topic: 'vehicle', derived: wireDerived(vehicle.derived()), presence: wirePresence(presence$.value) }))),
    devices.changes$.pipe(map((device): Update => ({ topic: 'devices', device }))),
    events$.pipe(map((event): Update => ({ topic: 'events', event: toWireEvent(event) }))),
    engine.runs$.pipe(map(({ trace: _trace, ...run }): Update => ({ topic: 'runs', run }))),
    notifications.added$.pipe(map((notification): Update => ({ topic: 'notifications', notification }))),
  ).pipe(takeUntil(stopped$), share());

  const handler = createApiHandler({
    config: setup, scheduler, vehicle, presence, devices, engine, notifications,
    events: () => recentEvents, isDryRun: () => dryRun, history: () => services?.store ?? null, updates$,
    reload: async () => {
      const next = runtimeSetup(await setup.reloadConfig(), deps);
      engine.reload(next.automations, next.scenes);
      return { automations: next.automations.length, scenes: next.scenes.length };
    },
  });

  const subscription = new Subscription();
  let simulated: SimulatedHome | null = null;
  let services: RuntimeServices | null = null;
  let sourceDoneResolve!: () => void;
  const sourceDone = new Promise<void>((resolve) => (sourceDoneResolve = resolve));
  let started = false;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    stopped$.next();
    stopped$.complete();
    subscription.unsubscribe();
    engine.stop();
    vehicle.stop();
    await services?.stop();
    await devices.stop();
    await simulated?.stop();
    notifications.close();
    presence$.complete();
    sourceDoneResolve();
  };

  return {
    api: handler.api,
    scheduler,
    events$,
    runs$: engine.runs$.pipe(takeUntil(stopped$)),
    actions$: engine.actions$.pipe(takeUntil(stopped$)),
    vehicle,
    devices,
    counters: input.counters,
    get services() {
      return services;
    },
    sourceDone,
    start: async () => {
      if (started) return;
      started = true;
      try {
        if (deps.simulate !== false && setup.simulated.length > 0) simulated = await startSimulatedHome(setup.simulated, baseScheduler, onUnexpectedError);
        services = await startServices(setup, deps.services, { api: handler.api, scheduler, onUnexpectedError });
      } catch (error) {
        await stop();
        throw error;
      }
      vehicle.start();
      subscription.add(detector.presence$.subscribe({ next: (p) => presence$.next(p), error: onUnexpectedError }));
      subscription.add(events$.subscribe({
        next: (event) => {
          const wire = toWireEvent(event);
          recentEvents.push(wire);
          if (recentEvents.length > 50) recentEvents.shift();
          try {
            services?.store?.appendEvent(wire);
          } catch (error) {
            onUnexpectedError(error); // the store failing must not end the event stream
          }
        },
        error: onUnexpectedError,
      }));
      if (services) subscription.add(services.record({ signals$: vehicle.samples$, devices$: devices.changes$, runs$: engine.runs$ }));
      engine.start();
      devices.start();
      // The source last: every consumer is listening when the first frame arrives.
      subscription.add(source$.subscribe({ complete: () => sourceDoneResolve() }));
      subscription.add(source$.connect());
    },
    idle: () => host.idle(),
    stop,
  };
}

/** Presence worth a push: the state, the distance to the metre, the ETA to the second. */
function samePresence(a: HomePresence, b: HomePresence): boolean {
  const round = (v: number | null): number | null => (v === null ? null : Math.round(v));
  return a.state === b.state && round(a.distanceM) === round(b.distanceM) && round(a.etaS) === round(b.etaS);
}

/** Home Assistant's log level names (the automations' `max_exceeded`) as pino's. */
const PINO_LEVEL: Record<string, 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'> = {
  critical: 'fatal', fatal: 'fatal', error: 'error', warning: 'warn', warn: 'warn', info: 'info', debug: 'debug', notset: 'trace',
};

/** Without a home, no zone is near: the car is never home, and home.* events never fire. */
const FAR_AWAY = { name: 'none', latitude: 0, longitude: -179.9, radiusM: 1 };

