/**
 * The wire protocol between the runtime and its clients (the dashboard over Electron IPC or a
 * WebSocket, the MQTT bridge's commands, the CLI). zod only: this is the renderer's one core import,
 * so it must never pull in Node code. Times on the wire are seconds since the epoch (`ts`), keys in
 * the field's style (`eta_s`, `distance_m`). Internals map onto these shapes in core/runtime.
 */
import { z } from 'zod';

/** Largest message either side accepts (bytes of JSON text). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const PROTOCOL_VERSION = 1;
/** WebSocket transport: the path, the one subprotocol the server selects, and the prefix of the
 * second subprotocol entry that carries the pairing token (never the query string: logs keep it). */
export const WS_PATH = '/ws';
export const WS_SUBPROTOCOL = 'homeward.v1';
export const WS_TOKEN_PREFIX = 'homeward-token.';

const id = z.string().min(1).max(128);
const ts = z.number().finite();
export const errorInfoSchema = z.object({ code: z.string(), message: z.string() });
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

// ── Vehicle ────────────────────────────────────────────────────────────────────────────────────────
export const vssValueSchema = z.union([z.number(), z.boolean(), z.string()]);
export const signalSchema = z.object({ path: z.string(), value: vssValueSchema, ts, stale: z.boolean() });
export type Signal = z.infer<typeof signalSchema>;

export const gearSchema = z.union([z.enum(['P', 'R', 'N', 'D']), z.number()]);
export const derivedSchema = z.object({
  moving: z.boolean(),
  parked: z.boolean(),
  ignition: z.string(),
  gear: gearSchema.nullable(),
  speed_kmh: z.number().nullable(),
  soc_pct: z.number().nullable(),
  charging: z.boolean().nullable(),
});
export type Derived = z.infer<typeof derivedSchema>;

export const presenceSchema = z.object({
  state: z.enum(['home', 'not_home', 'unknown']),
  distance_m: z.number().nullable(),
  eta_s: z.number().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  accuracy_m: z.number().nullable(),
  ts,
});
export type Presence = z.infer<typeof presenceSchema>;

export const homeZoneSchema = z.object({
  name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  radius_m: z.number(),
  exit_radius_m: z.number(),
  approach_radius_m: z.number(),
});
export type HomeZoneInfo = z.infer<typeof homeZoneSchema>;

export const evidenceSchema = z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()]));
export const carEventSchema = z.object({ name: z.string(), ts, evidence: evidenceSchema });
export type CarEventInfo = z.infer<typeof carEventSchema>;

// ── Home devices ───────────────────────────────────────────────────────────────────────────────────
export const propertyValueSchema = z.union([z.boolean(), z.number(), z.string()]);
export const propertyInfoSchema = z.object({
  name: z.string(),
  type: z.enum(['bool', 'int', 'float', 'string', 'enum']),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  choices: z.array(z.string()).optional(),
  readable: z.boolean(),
  writable: z.boolean(),
});
export const actionInfoSchema = z.object({ name: z.string(), args: z.array(z.object({ name: z.string(), type: z.string() })) });
export const deviceSchema = z.object({
  id,
  name: z.string(),
  model: z.string(),
  family: z.string(),
  /** null until the first poll settles. */
  online: z.boolean().nullable(),
  values: z.record(z.string(), propertyValueSchema),
  error: z.string().optional(),
  ts: ts.nullable(),
  properties: z.array(propertyInfoSchema),
  actions: z.array(actionInfoSchema),
});
export type DeviceInfo = z.infer<typeof deviceSchema>;

// ── Scenes, automations, runs, notifications ──────────────────────────────────────────────────────
export const stepResultSchema = z.object({
  device: z.string(),
  method: z.string(),
  params: z.unknown().optional(),
  ok: z.boolean(),
  dry_run: z.boolean().optional(),
  result: z.unknown().optional(),
  error: errorInfoSchema.optional(),
});
export type StepResult = z.infer<typeof stepResultSchema>;
export const sceneSchema = z.object({ id, name: z.string(), devices: z.array(z.string()), steps: z.number().int() });
export type SceneInfo = z.infer<typeof sceneSchema>;
export const sceneRunSchema = z.object({ scene: z.string(), ok: z.boolean(), steps: z.array(stepResultSchema) });
export type SceneRunInfo = z.infer<typeof sceneRunSchema>;

export const traceElementSchema = z.object({
  /** Config path: `trigger/0`, `condition/1`, `action/2/sequence/0`. */
  path: z.string(),
  start_ts: ts,
  end_ts: ts.nullable(),
  result: z.unknown().optional(),
  error: errorInfoSchema.optional(),
});
export type TraceElement = z.infer<typeof traceElementSchema>;
export const runResultSchema = z.enum(['running', 'finished', 'error', 'condition_failed', 'not_started', 'cancelled', 'timeout']);
export const runSchema = z.object({
  run_id: z.string(),
  automation: z.string(),
  alias: z.string().optional(),
  ts,
  end_ts: ts.nullable(),
  result: runResultSchema,
  /** Why a run stopped or did not start: `condition/0 false`, `mode single: already running`, `rate limit`. */
  reason: z.string().optional(),
  trigger: z.object({ path: z.string(), description: z.string(), evidence: evidenceSchema.optional() }),
  dry_run: z.boolean().optional(),
  trace: z.array(traceElementSchema),
});
export type RunInfo = z.infer<typeof runSchema>;
export const automationSchema = z.object({
  id,
  alias: z.string(),
  description: z.string().optional(),
  mode: z.enum(['single', 'restart', 'queued', 'parallel']),
  enabled: z.boolean(),
  running: z.number().int(),
  last_run: runSchema.omit({ trace: true }).nullable(),
});
export type AutomationInfo = z.infer<typeof automationSchema>;
export const notificationSchema = z.object({
  id: z.string(),
  ts,
  level: z.enum(['info', 'warning', 'error']),
  title: z.string(),
  message: z.string(),
  source: z.string().optional(),
});
export type NotificationInfo = z.infer<typeof notificationSchema>;

// ── The dashboard's settings (config `dashboard:`) ────────────────────────────────────────────────
export const dashboardInfoSchema = z.object({
  theme: z.enum(['auto', 'day', 'night']),
  /** VSS paths the Charts tab shows first. */
  charts: z.array(z.string().max(256)).max(16),
});
export type DashboardInfo = z.infer<typeof dashboardInfoSchema>;

// ── The snapshot ───────────────────────────────────────────────────────────────────────────────────
export const snapshotSchema = z.object({
  version: z.literal(PROTOCOL_VERSION),
  ts,
  home: homeZoneSchema.nullable(),
  vehicle: z.object({ signals: z.array(signalSchema), derived: derivedSchema, presence: presenceSchema }),
  devices: z.array(deviceSchema),
  events: z.array(carEventSchema),
  scenes: z.array(sceneSchema),
  automations: z.array(automationSchema),
  notifications: z.array(notificationSchema),
  dry_run: z.boolean(),
  /** Absent from runtimes that do not pass the config's dashboard section on. */
  dashboard: dashboardInfoSchema.optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

// ── Requests: method → params and result ──────────────────────────────────────────────────────────
const topicSchema = z.enum(['signals', 'vehicle', 'devices', 'events', 'runs', 'automations', 'notifications']);
export type Topic = z.infer<typeof topicSchema>;
export const historyPointSchema = z.tuple([ts, z.number()]);

export const REQUESTS = {
  snapshot: { params: z.object({}).strict(), result: snapshotSchema },
  'device.action': {
    params: z.object({ device: id, action: z.string().min(1).max(64), args: z.array(z.unknown()).max(16).default([]) }).strict(),
    result: z.object({ result: z.unknown() }),
  },
  'device.set': {
    params: z.object({ device: id, property: z.string().min(1).max(64), value: propertyValueSchema }).strict(),
    result: z.object({ ok: z.literal(true) }),
  },
  'scene.run': { params: z.object({ scene: id }).strict(), result: sceneRunSchema },
  'automation.enable': { params: z.object({ automation: id, enabled: z.boolean() }).strict(), result: automationSchema },
  'automation.trigger': { params: z.object({ automation: id, skip_condition: z.boolean().default(true) }).strict(), result: runSchema.omit({ trace: true }) },
  'automation.runs': {
    params: z.object({ automation: id.optional(), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    result: z.array(runSchema.omit({ trace: true })),
  },
  'run.trace': { params: z.object({ run_id: z.string().min(1).max(128) }).strict(), result: runSchema },
  'history.events': {
    params: z.object({ before_ts: ts.optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.array(carEventSchema),
  },
  'history.signals': {
    params: z.object({ path: z.string().min(1).max(256), from_ts: ts, to_ts: ts, max_points: z.number().int().min(2).max(5000).default(500) }).strict(),
    result: z.object({ path: z.string(), points: z.array(historyPointSchema) }),
  },
  'config.reload': { params: z.object({}).strict(), result: z.object({ automations: z.number().int(), scenes: z.number().int() }) },
  subscribe: {
    params: z.object({ topics: z.array(topicSchema).min(1), signals: z.array(z.string().max(256)).max(500).optional() }).strict(),
    result: z.object({ topics: z.array(topicSchema) }),
  },
} as const;

export type Method = keyof typeof REQUESTS;
export const METHODS = Object.keys(REQUESTS) as Method[];
export type RequestParams<M extends Method> = z.input<(typeof REQUESTS)[M]['params']>;
export type ParsedParams<M extends Method> = z.output<(typeof REQUESTS)[M]['params']>;
export type RequestResult<M extends Method> = z.infer<(typeof REQUESTS)[M]['result']>;

/** A client → runtime message. `id` pairs the response; params are checked per method by parseRequest. */
export const clientMessageSchema = z.object({ id: z.number().int().min(0).max(2 ** 31), method: z.string(), params: z.unknown().optional() }).strict();
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ── Runtime → client: responses and pushed updates ────────────────────────────────────────────────
export const updateSchema = z.discriminatedUnion('topic', [
  /** Coalesced: the latest sample of each path changed since the last push. */
  z.object({ topic: z.literal('signals'), signals: z.array(signalSchema) }),
  z.object({ topic: z.literal('vehicle'), derived: derivedSchema, presence: presenceSchema }),
  z.object({ topic: z.literal('devices'), device: deviceSchema }),
  z.object({ topic: z.literal('events'), event: carEventSchema }),
  z.object({ topic: z.literal('runs'), run: runSchema.omit({ trace: true }) }),
  z.object({ topic: z.literal('automations'), automation: automationSchema }),
  z.object({ topic: z.literal('notifications'), notification: notificationSchema }),
]);
export type Update = z.infer<typeof updateSchema>;

export const serverMessageSchema = z.union([
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: errorInfoSchema }),
  z.object({ type: z.literal('update'), update: updateSchema }),
  /** Pushed updates were lost (a client's bounded queue overflowed, or the core restarted): fetch a
   * new snapshot and subscribe again. */
  z.object({ type: z.literal('resync'), reason: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export type ParsedRequest = { [M in Method]: { id: number; method: M; params: ParsedParams<M> } }[Method];

/** Parses raw text (or an already-decoded value from IPC) into a request, or says why not. */
export function parseRequest(raw: unknown): { ok: true; request: ParsedRequest } | { ok: false; id: number | null; error: ErrorInfo } {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_MESSAGE_BYTES) return { ok: false, id: null, error: { code: 'too_large', message: `message over ${MAX_MESSAGE_BYTES} bytes` } };
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, id: null, error: { code: 'bad_json', message: 'message is not JSON' } };
    }
  }
  const envelope = clientMessageSchema.safeParse(value);
  if (!envelope.success) return { ok: false, id: null, error: { code: 'bad_message', message: describeIssues(envelope.error) } };
  const { id: requestId, method } = envelope.data;
  if (!Object.hasOwn(REQUESTS, method)) return { ok: false, id: requestId, error: { code: 'unknown_method', message: `unknown method '${method.slice(0, 64)}'` } };
  const params = REQUESTS[method as Method].params.safeParse(envelope.data.params ?? {});
  if (!params.success) return { ok: false, id: requestId, error: { code: 'bad_params', message: `${method}: ${describeIssues(params.error)}` } };
  return { ok: true, request: { id: requestId, method, params: params.data } as ParsedRequest };
}

/** zod issues in one line: `device: expected string; value: invalid input`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
}
