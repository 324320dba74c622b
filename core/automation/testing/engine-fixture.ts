import type { RunInfo } from '../../api/protocol.js';
import { automationConfigSchema, sceneConfigSchema } from '../config-schema.js';
import { type ActionRecord, type AutomationEngine, createAutomationEngine } from '../create-automation-engine.js';
import { createTestHost, type TestHost } from './test-host.js';

export interface EngineFixture {
  host: TestHost;
  engine: AutomationEngine;
  /** Every runs$ emission, in order. */
  runs: RunInfo[];
  actions: ActionRecord[];
  logs: { level: string; message: string }[];
  /** `result` of each runs$ emission as `runId:result`. */
  timeline(): string[];
}

/** An engine over a test host, from raw (YAML-shaped) automations and scenes, started. */
export function engineFixture(raw: { automations?: unknown[]; scenes?: unknown[]; dryRun?: boolean; traceLimit?: number; host?: TestHost }): EngineFixture {
  const host = raw.host ?? createTestHost();
  const logs: EngineFixture['logs'] = [];
  const engine = createAutomationEngine({
    host,
    automations: (raw.automations ?? []).map((a) => automationConfigSchema.parse(a)),
    scenes: (raw.scenes ?? []).map((s) => sceneConfigSchema.parse(s)),
    ...(raw.dryRun !== undefined ? { dryRun: raw.dryRun } : {}),
    ...(raw.traceLimit !== undefined ? { traceLimit: raw.traceLimit } : {}),
    runIdPrefix: '',
    onLog: (level, message) => logs.push({ level, message }),
  });
  const runs: RunInfo[] = [];
  const actions: ActionRecord[] = [];
  engine.runs$.subscribe((r) => runs.push(r));
  engine.actions$.subscribe((a) => actions.push(a));
  engine.start();
  return { host, engine, runs, actions, logs, timeline: () => runs.map((r) => `${r.run_id}:${r.result}`) };
}
