/**
 * One automation: its triggers attached while enabled, HA's modes deciding what a firing does, and
 * the last N runs (with their traces) kept in memory. Every firing leaves a run, started or not.
 */
import { catchError, defer, EMPTY, map, merge, type Subscription } from 'rxjs';
import type { AutomationInfo, RunInfo } from '../api/protocol.js';
import { describeError } from '../base/errors.js';
import type { EvidenceValue } from '../vehicle/events/car-event.js';
import type { StepContext } from './actions/step-context.js';
import { runSteps } from './actions/run-steps.js';
import { compileCondition, conditionContext } from './conditions/registry.js';
import type { AutomationConfig } from './config-schema.js';
import { RunStoppedError } from './errors.js';
import type { AutomationHost } from './host.js';
import { TraceRecorder } from './trace-recorder.js';
import { attachTrigger } from './triggers/registry.js';

export interface Firing {
  readonly path: string;
  /** The trigger's `id` (HA: its index as a string by default); null when run by hand. */
  readonly id: string | null;
  readonly description: string;
  readonly evidence: Record<string, EvidenceValue>;
}

export interface RunnerDeps {
  readonly host: AutomationHost;
  readonly dryRun: boolean;
  readonly traceLimit: number;
  nextRunId(automation: string): string;
  emitRun(run: RunInfo): void;
  log(level: string, message: string): void;
  /** The step context of one run (scenes and device commands go through the engine). */
  stepContext(base: Pick<StepContext, 'automation' | 'trace' | 'conditions'>): StepContext;
}

interface ActiveRun {
  readonly run: RunInfo;
  readonly trace: TraceRecorder;
  readonly triggerId: string | null;
  subscription: Subscription | null;
  done: boolean;
}

export type AutomationRunner = ReturnType<typeof createAutomationRunner>;

export function createAutomationRunner(config: AutomationConfig, deps: RunnerDeps, initiallyEnabled = config.initial_state ?? true) {
  const { host } = deps;
  const alias = config.alias ?? config.id;
  const nowS = (): number => host.scheduler.now() / 1000;
  const history: RunInfo[] = [];
  const active = new Map<string, ActiveRun>();
  const queue: ActiveRun[] = [];
  const startsMs: number[] = [];
  let enabled = initiallyEnabled;
  let triggers: Subscription | null = null;

  const snapshot = (run: RunInfo): RunInfo => ({ ...run, trigger: { ...run.trigger }, trace: run.trace.map((e) => ({ ...e })) });
  const isActive = (run: RunInfo): boolean => active.has(run.run_id) || queue.some((q) => q.run === run);

  const keep = (run: RunInfo): void => {
    history.push(run);
    while (history.length > deps.traceLimit) {
      const index = history.findIndex((r) => !isActive(r));
      if (index < 0) break;
      history.splice(index, 1);
    }
  };

  const end = (entry: ActiveRun, result: RunInfo['result'], reason?: string): void => {
    if (entry.done) return;
    entry.done = true;
    active.delete(entry.run.run_id);
    const index = queue.indexOf(entry);
    if (index >= 0) queue.splice(index, 1);
    entry.run.result = result;
    entry.run.end_ts = nowS();
    if (reason !== undefined) entry.run.reason = reason;
    else delete entry.run.reason;
    deps.emitRun(snapshot(entry.run));
  };

  const start = (entry: ActiveRun): void => {
    active.set(entry.run.run_id, entry);
    delete entry.run.reason;
    entry.run.ts = nowS();
    deps.emitRun(snapshot(entry.run));
    const conditions = conditionContext({ host, triggerId: entry.triggerId }, entry.trace);
    const ctx = deps.stepContext({ automation: { id: config.id, alias }, trace: entry.trace, conditions });
    const subscription = runSteps(config.actions, 'action', ctx).subscribe({
      complete: () => settle(entry, 'finished'),
      error: (error: unknown) => {
        if (error instanceof RunStoppedError) settle(entry, error.result, error.reason);
        else {
          const failed = [...entry.trace.elements].reverse().find((e) => e.error !== undefined);
          settle(entry, 'error', `${failed?.path ?? 'action'}: ${describeError(error)}`);
        }
      },
    });
    if (entry.done) subscription.unsubscribe();
    else entry.subscription = subscription;
  };

  /** A run ended by itself: record it, then let the next queued run go (mode queued). */
  const settle = (entry: ActiveRun, result: RunInfo['result'], reason?: string): void => {
    end(entry, result, reason);
    const next = queue.shift();
    if (next !== undefined) start(next);
  };

  const reject = (entry: ActiveRun, reason: string, logIt: boolean): RunInfo => {
    if (logIt && config.max_exceeded !== 'silent') deps.log(config.max_exceeded, `${alias}: ${reason}`);
    end(entry, 'not_started', reason);
    return entry.run;
  };

  const fireLive = (firing: Firing, options: { skipCondition?: boolean } = {}): RunInfo => {
    const trace = new TraceRecorder(host.scheduler);
    const run: RunInfo = {
      run_id: deps.nextRunId(config.id),
      automation: config.id,
      alias,
      ts: nowS(),
      end_ts: null,
      result: 'running',
      trigger: { path: firing.path, description: firing.description, evidence: firing.evidence },
      ...(deps.dryRun ? { dry_run: true } : {}),
      trace: trace.elements,
    };
    const entry: ActiveRun = { run, trace, triggerId: firing.id, subscription: null, done: false };
    trace.note(firing.path, { description: firing.description, evidence: firing.evidence, ...(firing.id !== null ? { id: firing.id } : {}) });
    keep(run);
    // HA: conditions are checked before the mode, so a failing trigger neither queues nor restarts.
    if (options.skipCondition !== true) {
      const ctx = conditionContext({ host, triggerId: firing.id }, trace);
      const failed = config.conditions.findIndex((c, i) => !ctx.evaluate(compileCondition(c), `condition/${i}`));
      if (failed >= 0) {
        end(entry, 'condition_failed', `condition/${failed} false`);
        return run;
      }
    }
    if (config.rate_limit !== undefined) {
      const windowMs = config.rate_limit.per_s * 1000;
      while (startsMs.length > 0 && (startsMs[0] as number) <= host.scheduler.now() - windowMs) startsMs.shift();
      if (startsMs.length >= config.rate_limit.max_runs) return reject(entry, `rate limit: ${config.rate_limit.max_runs} runs per ${config.rate_limit.per_s} s`, false);
    }
    const busy = active.size + queue.length;
    switch (config.mode) {
      case 'single':
        if (busy > 0) return reject(entry, 'mode single: already running', true);
        break;
      case 'parallel':
        if (busy >= config.max) return reject(entry, `mode parallel: max ${config.max} runs exceeded`, true);
        break;
      case 'queued':
        if (busy >= config.max) return reject(entry, `mode queued: max ${config.max} runs exceeded`, true);
        break;
      case 'restart':
        cancelAll(`restarted by ${run.run_id}`);
        break;
    }
    startsMs.push(host.scheduler.now());
    if (config.mode === 'queued' && active.size > 0) {
      queue.push(entry);
      run.reason = `queued behind ${busy} run(s)`;
      deps.emitRun(snapshot(run));
    } else start(entry);
    return run;
  };

  /** The run as it stands when the firing was handled (a copy: the live one keeps changing). */
  const fire = (firing: Firing, options?: { skipCondition?: boolean }): RunInfo => snapshot(fireLive(firing, options));

  const cancelAll = (reason: string): void => {
    for (const entry of [...queue, ...active.values()]) {
      entry.subscription?.unsubscribe();
      end(entry, 'cancelled', reason);
    }
    queue.length = 0;
  };

  const attach = (): void => {
    if (triggers !== null || !enabled) return;
    const firings = config.triggers.map((t, i) =>
      t.enabled === false
        ? EMPTY
        : defer(() => attachTrigger(t, host)).pipe(
            map((f): Firing => ({ path: `trigger/${i}`, id: t.id ?? String(i), ...f })),
            catchError((error: unknown) => {
              host.onUnexpectedError(error);
              return EMPTY;
            }),
          ),
    );
    triggers = merge(...firings).subscribe((firing) => {
      try {
        fireLive(firing);
      } catch (error) {
        host.onUnexpectedError(error);
      }
    });
  };

  const detach = (): void => {
    triggers?.unsubscribe();
    triggers = null;
  };

  return {
    config,
    fire,
    attach,
    detach,
    cancelAll,
    get enabled(): boolean {
      return enabled;
    },
    set enabled(value: boolean) {
      enabled = value;
    },
    runs: (): RunInfo[] => history.map(snapshot),
    find: (runId: string): RunInfo | undefined => {
      const run = history.find((r) => r.run_id === runId);
      return run === undefined ? undefined : snapshot(run);
    },
    info: (): AutomationInfo => {
      const started = [...history].reverse().find((r) => r.result !== 'not_started' && r.result !== 'condition_failed') ?? history.at(-1);
      const last = started === undefined ? null : (({ trace: _trace, ...rest }) => ({ ...rest, trigger: { ...rest.trigger } }))(started);
      return { id: config.id, alias, ...(config.description !== undefined ? { description: config.description } : {}), mode: config.mode, enabled, running: active.size + queue.length, last_run: last };
    },
  };
}
