/**
 * zod pieces shared by the trigger, condition and action schemas: durations, values, the
 * "what to watch" source (a VSS path or a device property) and the keys every item may carry.
 */
import { z } from 'zod';

const HMS = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d(?:\.\d{1,3})?))?$/;

/** HA's duration forms: seconds, `HH:MM`, `HH:MM:SS[.mmm]` or `{days, hours, minutes, seconds, milliseconds}`; output in ms. */
export const durationSchema = z
  .union([
    z.number().finite().min(0),
    z.string().regex(HMS, 'expected seconds, "HH:MM" or "HH:MM:SS"'),
    z.strictObject({
      days: z.number().min(0).optional(),
      hours: z.number().min(0).optional(),
      minutes: z.number().min(0).optional(),
      seconds: z.number().min(0).optional(),
      milliseconds: z.number().min(0).optional(),
    }),
  ])
  .transform((value): number => {
    if (typeof value === 'number') return Math.round(value * 1000);
    if (typeof value === 'string') {
      const [, h = '0', m = '0', s = '0'] = HMS.exec(value) ?? [];
      return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
    }
    const { days = 0, hours = 0, minutes = 0, seconds = 0, milliseconds = 0 } = value;
    return Math.round(((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000 + milliseconds);
  });

/** Time of day `HH:MM[:SS]`, validated here, read by parseTimeOfDayMs. */
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'expected "HH:MM" or "HH:MM:SS"');

export function parseTimeOfDayMs(text: string): number {
  const [h = 0, m = 0, s = 0] = text.split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000;
}

export const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

/** What one device step sends, in scenes and in automations: exactly one of these keys is given. */
export const deviceCommandShape = {
  set: z.record(z.string().min(1).max(64), scalarSchema).optional(),
  action: z.string().min(1).max(64).optional(),
  args: z.array(z.unknown()).max(16).optional(),
  miot_action: z.strictObject({ siid: z.number().int().min(0), aiid: z.number().int().min(0), in: z.array(z.unknown()).max(16).optional() }).optional(),
  call: z.string().min(1).max(64).optional(),
  params: z.array(z.unknown()).max(16).optional(),
};
export type Scalar = z.infer<typeof scalarSchema>;
/** One value or a list (any of them matches), as HA's `from`/`to`/`state`. */
export const scalarsSchema = z.union([scalarSchema, z.array(scalarSchema).min(1)]);

export const idSchema = z.string().min(1).max(128);
export const vssPathSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/, 'expected a VSS path like Vehicle.Speed');

/** What a state/numeric_state trigger or condition watches: `path:` (VSS) or `device:` + `property:`. */
export const sourceShape = {
  path: vssPathSchema.optional(),
  device: idSchema.optional(),
  property: z.string().min(1).max(64).optional(),
};

export interface SourceFields {
  readonly path?: string | undefined;
  readonly device?: string | undefined;
  readonly property?: string | undefined;
}

/** Exactly `path`, or `device` with `property`. */
export function checkSource(value: SourceFields, ctx: z.RefinementCtx): void {
  const hasPath = value.path !== undefined;
  const hasDevice = value.device !== undefined || value.property !== undefined;
  if (hasPath === hasDevice) ctx.addIssue({ code: 'custom', message: 'give either path: (a VSS path) or device: with property:', path: [] });
  else if (hasDevice && (value.device === undefined || value.property === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'device: needs property: (and property: needs device:)', path: [] });
  }
}

export function checkBounds(value: { above?: number | undefined; below?: number | undefined }, ctx: z.RefinementCtx): void {
  if (value.above === undefined && value.below === undefined) ctx.addIssue({ code: 'custom', message: 'give above:, below: or both', path: [] });
}

/** Keys every trigger may carry (HA: `id` defaults to its index, `alias`, `enabled`). */
export const triggerCommonShape = { id: z.string().min(1).max(128).optional(), alias: z.string().optional(), enabled: z.boolean().optional() };
/** Keys every condition may carry. */
export const conditionCommonShape = { alias: z.string().optional(), enabled: z.boolean().optional() };
/** Keys every action step may carry. */
export const stepCommonShape = { alias: z.string().optional(), enabled: z.boolean().optional(), continue_on_error: z.boolean().optional() };

/** Copies `item` with `key` set to `value` and `drop` removed (the preprocess step that normalises shorthands). */
export function withKey(item: Record<string, unknown>, key: string, value: unknown, drop?: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...item, [key]: value };
  if (drop !== undefined) delete copy[drop];
  return copy;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
