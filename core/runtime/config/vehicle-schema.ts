/**
 * `vehicle:` where CAN frames come from, how they are decoded (DBC files) and mapped to VSS (a
 * kuksa-can-provider mapping file), and the thresholds of the car's state and events.
 */
import { z } from 'zod';
import { homewardEvDbcPath, homewardEvVssMappingPath } from '../../vehicle/demo/paths.js';
import { filePathSchema, type SchemaContext } from './schema-context.js';

/** `demo`, `none`, `socketcan:IFACE` or `candump:FILE` (FILE made absolute). */
export type CanSource = 'demo' | 'none' | `socketcan:${string}` | `candump:${string}`;
export type CanSourceSpec = { kind: 'demo' } | { kind: 'socketcan'; iface: string } | { kind: 'candump'; file: string } | { kind: 'none' };

const CAN_FORMS = 'demo, none, socketcan:IFACE or candump:FILE';
/** Linux interface names: at most 15 characters (IFNAMSIZ 16 with the NUL). */
const IFACE = /^[A-Za-z0-9_.:-]{1,15}$/;

/** The parts of a valid `can:` value; null if it is none of the four forms. */
export function canSourceSpec(text: string): CanSourceSpec | null {
  if (text === 'demo' || text === 'none') return { kind: text };
  if (text.startsWith('socketcan:')) {
    const iface = text.slice('socketcan:'.length);
    return IFACE.test(iface) ? { kind: 'socketcan', iface } : null;
  }
  if (text.startsWith('candump:')) {
    const file = text.slice('candump:'.length);
    return file.trim() === '' ? null : { kind: 'candump', file };
  }
  return null;
}

function canSchema(ctx: SchemaContext) {
  return z.string({ error: `expected ${CAN_FORMS}` }).transform((text, check): CanSource => {
    const spec = canSourceSpec(text.trim());
    if (spec?.kind === 'candump') return `candump:${ctx.resolvePath(spec.file.trim())}`;
    if (spec?.kind === 'socketcan') return `socketcan:${spec.iface}`;
    if (spec) return spec.kind;
    const hint = text.startsWith('socketcan') ? ' (an interface name of at most 15 characters, e.g. socketcan:vcan0)' : text.startsWith('candump') ? ' (a log file, e.g. candump:drive.log)' : '';
    check.addIssue({ code: 'custom', message: `expected ${CAN_FORMS}${hint}` });
    return z.NEVER;
  });
}

export function vehicleSchema(ctx: SchemaContext) {
  const file = filePathSchema(ctx);
  return z
    .strictObject({
      can: canSchema(ctx).default('none'),
      /** One DBC or a list; their messages are merged. Default (except with socketcan/candump): the demo EV's. */
      dbc: z.union([file, z.array(file).min(1)]).optional(),
      /** The DBC→VSS mapping (kuksa-can-provider vspec overlay or VSS JSON). */
      mapping: file.optional(),
      /** DBC parsing: strict rejects overlapping signals and bad multiplexing, as cantools does. */
      strict: z.boolean().default(true),
      /** Decode frames shorter than their message's length (missing signals are skipped). */
      allow_truncated: z.boolean().default(false),
      /** A signal is stale after its expected cycle times this factor. */
      stale_factor: z.number().min(1).max(100).default(3),
      battery_low_pct: z.number().min(0).max(100).default(15),
      /** `vehicle.battery_low` re-arms only above this (hysteresis). */
      battery_low_clear_pct: z.number().min(0).max(100).default(20),
      /** Time factor of the demo car and of candump replays: 1 = real time, 10 = ten times faster. */
      speed: z.number().positive().max(10_000).default(1),
    })
    .transform((vehicle, check) => {
      const { dbc, mapping, ...rest } = vehicle;
      // A real bus needs its own DBC and mapping; demo and none (a replay of the demo log) use the demo EV's.
      const kind = canSourceSpec(vehicle.can)?.kind;
      const needsOwn = kind === 'socketcan' || kind === 'candump';
      if (needsOwn && dbc === undefined) check.addIssue({ code: 'custom', path: ['dbc'], message: `required with can: ${kind}: the DBC file(s) that decode the frames` });
      if (needsOwn && mapping === undefined) check.addIssue({ code: 'custom', path: ['mapping'], message: `required with can: ${kind}: the DBC→VSS mapping file` });
      const dbcFiles = dbc === undefined ? [homewardEvDbcPath()] : typeof dbc === 'string' ? [dbc] : dbc;
      const mappingFile = mapping ?? homewardEvVssMappingPath();
      if (vehicle.battery_low_clear_pct <= vehicle.battery_low_pct) {
        check.addIssue({ code: 'custom', path: ['battery_low_clear_pct'], message: `must be above battery_low_pct (${vehicle.battery_low_pct})` });
      }
      return { ...rest, dbc: dbcFiles, mapping: mappingFile };
    });
}

export type VehicleConfig = z.output<ReturnType<typeof vehicleSchema>>;
