/**
 * The automation engine: automations (HA semantics) and scenes over an AutomationHost. Everything
 * timed runs on host.scheduler; runs$ and actions$ report what happened, list()/runs()/trace() tell.
 */
import { catchError, defer, firstValueFrom, from, type Observable, of, Subject, tap } from 'rxjs';
import type { AutomationInfo, RunInfo, SceneInfo, SceneRunInfo, StepResult } from '../api/protocol.js';
import type { StepContext } from './actions/step-context.js';
import { runSteps } from './actions/run-steps.js';
import { type AutomationRunner, createAutomationRunner } from './automation-runner.js';
import type { AutomationConfig, SceneConfig } from './config-schema.js';
import { AutomationNotFoundError } from './errors.js';
import type { AutomationHost, DeviceCommand } from './host.js';
import { runScene$, sceneInfo } from './scene-runner.js';
import { toErrorInfo } from './trace-recorder.js';
import { checkEngineConfig } from './check-engine-config.js';

export interface AutomationEngineOptions {
  host: AutomationHost;
  automations: readonly AutomationConfig[];
  scenes: readonly SceneConfig[];
  /** Runs (traces) kept per automation, rejected ones included (HA keeps 5 by default; we 20). */
  traceLimit?: number;
  /** Marks every run dry_run (the host's sendDeviceCommand applies dry-run itself). */
  dryRun?: boolean;
  /**
   * Run ids are `${runIdPrefix}${automation}-${n}`; the default prefix is the engine's start time
   * (base 36) so ids stay unique across restarts in a persisted store.
   */
  runIdPrefix?: string;
  /** `max_exceeded` messages at their configured level (HA logs them); default: dropped. */
  onLog?: (level: string, message: string) => void;
}

export interface ActionRecord {
  ts: number;
  automation: string | null;
  scene: string | null;
  result: StepResult;
}

export interface AutomationEngine {
  start(): void;
  stop(): void;
  readonly runs$: Observable<RunInfo>;
  readonly actions$: Observable<ActionRecord>;
  list(): AutomationInfo[];
  scenes(): SceneInfo[];
  setEnabled(id: string, enabled: boolean): AutomationInfo;
  trigger(id: string, options?: { skipCondition?: boolean }): RunInfo;
  runs(id?: string, limit?: number): RunInfo[];
  trace(runId: string): RunInfo | undefined;
  runScene(id: string): Promise<SceneRunInfo>;
  reload(automations: readonly AutomationConfig[], scenes: readonly SceneConfig[]): void;
}

export function createAutomationEngine(options: AutomationEngineOptions): AutomationEngine {
  const { host } = options;
  const traceLimit = options.traceLimit ?? 20;
  const dryRun = options.dryRun ?? false;
  const runs$ = new Subject<RunInfo>();
  const actions$ = new Subject<ActionRecord>();
  let runners = new Map<string, AutomationRunner>();
  let scenes = new Map<string, SceneConfig>();
  let started = false;
  let runCounter = 0;
  const runIdPrefix = options.runIdPrefix ?? `${Math.round(host.scheduler.now()).toString(36)}-`;

  const send$ = (command: DeviceCommand, automation: string | null, scene: string | null): Observable<StepResult> =>
    defer(() => from(host.sendDeviceCommand(command))).pipe(
      catchError((error: unknown) => of<StepResult>({ device: command.device, method: command.name, ok: false, error: toErrorInfo(error) })),
      tap((result) => actions$.next({ ts: host.scheduler.now() / 1000, automation, scene, result })),
    );

  const scene$ = (id: string, automation: string | null): Observable<SceneRunInfo> =>
    defer(() => {
      const scene = scenes.get(id);
      if (scene === undefined) throw new AutomationNotFoundError('scene', id);
      return runScene$(scene, (command) => send$(command, automation, id));
    });

  const makeRunner = (config: AutomationConfig, enabled?: boolean): AutomationRunner =>
    createAutomationRunner(
      config,
      {
        host,
        dryRun,
        traceLimit,
        nextRunId: (automation) => `${runIdPrefix}${automation}-${++runCounter}`,
        emitRun: (run) => runs$.next(run),
        log: (level, message) => options.onLog?.(level, message),
        stepContext: (base) => {
          const automation = base.automation?.id ?? null;
          const ctx: StepContext = {
            ...base,
            host,
            runSteps: (steps, path) => runSteps(steps, path, ctx),
            runScene: (id) => scene$(id, automation),
            sendCommand: (command) => send$(command, automation, null),
          };
          return ctx;
        },
      },
      enabled,
    );

  const runner = (id: string): AutomationRunner => {
    const found = runners.get(id);
    if (found === undefined) throw new AutomationNotFoundError('automation', id);
    return found;
  };

  const load = (automations: readonly AutomationConfig[], sceneList: readonly SceneConfig[]): void => {
    checkEngineConfig(automations, sceneList);
    const next = new Map<string, AutomationRunner>();
    for (const config of automations) {
      const old = runners.get(config.id);
      // HA re-creates only automations whose config changed; unchanged ones keep their runs and `for` timers.
      if (old !== undefined && JSON.stringify(old.config) === JSON.stringify(config)) next.set(config.id, old);
      else next.set(config.id, makeRunner(config, old?.enabled));
    }
    for (const [id, old] of runners) {
      if (next.get(id) === old) continue;
      old.detach();
      old.cancelAll(next.has(id) ? 'config reloaded' : 'removed by config reload');
    }
    runners = next;
    scenes = new Map(sceneList.map((s) => [s.id, s]));
    if (started) for (const r of runners.values()) r.attach();
  };

  load(options.automations, options.scenes);

  return {
    start: () => {
      if (started) return;
      started = true;
      for (const r of runners.values()) r.attach();
    },
    stop: () => {
      started = false;
      for (const r of runners.values()) {
        r.detach();
        r.cancelAll('engine stopped');
      }
    },
    runs$: runs$.asObservable(),
    actions$: actions$.asObservable(),
    list: () => [...runners.values()].map((r) => r.info()),
    scenes: () => [...scenes.values()].map(sceneInfo),
    setEnabled: (id, enabled) => {
      const r = runner(id);
      r.enabled = enabled;
      if (!enabled) {
        // HA's automation.turn_off stops running actions too (stop_actions defaults to true).
        r.detach();
        r.cancelAll('disabled');
      } else if (started) r.attach();
      return r.info();
    },
    trigger: (id, triggerOptions) =>
      // HA's automation.trigger: skip_condition defaults to true.
      runner(id).fire({ path: 'trigger', id: null, description: 'manual trigger', evidence: {} }, { skipCondition: triggerOptions?.skipCondition ?? true }),
    runs: (id, limit = 50) => {
      const all = id !== undefined ? runner(id).runs() : [...runners.values()].flatMap((r) => r.runs());
      return all.reverse().sort((a, b) => b.ts - a.ts).slice(0, limit);
    },
    trace: (runId) => {
      for (const r of runners.values()) {
        const run = r.find(runId);
        if (run !== undefined) return run;
      }
      return undefined;
    },
    runScene: (id) => firstValueFrom(scene$(id, null)),
    reload: (automations, sceneList) => load(automations, sceneList),
  };
}
