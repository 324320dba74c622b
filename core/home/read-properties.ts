import { concatMap, defer, from, map, type Observable, reduce, take } from 'rxjs';
import { describeMiotCode, parseMiotItems, type MiotItemRef } from '../miio/miot.js';
import { buildGetRequests } from './commands.js';
import { DeviceReadError, DeviceValueError } from './errors.js';
import type { DeviceFamily, DeviceRequest, FamilyProperty, MiioFamily, MiioProperty, PropertyValue } from './model.js';
import { fromWire } from './values.js';

/** One request to the device as a cold Observable (MiioClient.send$, or a Promise-based send deferred). */
export type CallFn = (method: string, params: unknown) => Observable<unknown>;

/** What one read got: typed values, and per property why it is missing. */
export interface DeviceReading {
  readonly values: Readonly<Record<string, PropertyValue>>;
  readonly errors: Readonly<Record<string, DeviceReadError>>;
}

export interface ReadOptions {
  /** Properties per get_prop / get_properties request. Default 15 (python-miio). */
  readonly maxProperties?: number;
}

/**
 * Reads properties (default: every readable one) with the family's requests, one after another, and
 * decodes each reply by the declaration. A transport or device error errors the Observable; a property
 * the device answered for but did not report lands in `errors`. Unknown or write-only names are a
 * DeviceValueError before anything is sent.
 */
export function readProperties$(
  family: DeviceFamily,
  call$: CallFn,
  names?: readonly string[],
  options: ReadOptions = {},
): Observable<DeviceReading> {
  return defer(() => {
    const requests = buildGetRequests(family, names, { maxProperties: options.maxProperties });
    const wanted = new Set(names ?? family.properties.filter((p) => p.readable).map((p) => p.name));
    const empty: DeviceReading = { values: {}, errors: {} };
    return from(requests).pipe(
      concatMap((request) => call$(request.method, request.params).pipe(take(1), map((reply) => decodeReply(family, request, reply, wanted)))),
      reduce((all, one) => ({ values: { ...all.values, ...one.values }, errors: { ...all.errors, ...one.errors } }), empty),
    );
  });
}

type Slot = { prop: FamilyProperty; wire: unknown } | { prop: FamilyProperty; missing: string; deviceCode?: number };

function decodeReply(family: DeviceFamily, request: DeviceRequest, reply: unknown, wanted: ReadonlySet<string>): DeviceReading {
  const slots =
    request.method === 'get_properties'
      ? miotSlots(family, request, reply)
      : request.method === 'get_prop'
        ? getPropSlots(family as MiioFamily, request, reply)
        : readMethodSlots(family as MiioFamily, request, reply, wanted);
  const values: Record<string, PropertyValue> = {};
  const errors: Record<string, DeviceReadError> = {};
  for (const slot of slots) {
    const name = slot.prop.name;
    if ('missing' in slot) {
      errors[name] = new DeviceReadError(family.id, name, slot.missing, { deviceCode: slot.deviceCode });
      continue;
    }
    try {
      values[name] = fromWire(family.id, slot.prop, slot.wire);
    } catch (error) {
      if (!(error instanceof DeviceValueError)) throw error;
      errors[name] = new DeviceReadError(family.id, name, error.reason, { cause: error });
    }
  }
  return { values, errors };
}

/** get_properties: the miio parser matches items (did is our property name); here only the declaration's view. */
function miotSlots(family: DeviceFamily, request: DeviceRequest, reply: unknown): Slot[] {
  const asked = request.params as MiotItemRef[];
  return parseMiotItems(reply, asked).map((result): Slot => {
    const prop = family.properties.find((p) => p.name === result.did) as FamilyProperty;
    if (result.missing) return { prop, missing: 'no item for it in the get_properties reply' };
    if (!result.ok) return { prop, missing: `device answered code ${result.code} (${describeMiotCode(result.code)})`, deviceCode: result.code };
    if (!('value' in result)) return { prop, missing: 'the item has no value' };
    return { prop, wire: result.value };
  });
}

/** get_prop: one reply value per asked key, in order; null (or "" on Yeelight) means "not known". */
function getPropSlots(family: MiioFamily, request: DeviceRequest, reply: unknown): Slot[] {
  const keys = request.params as (string | number)[];
  const list = Array.isArray(reply) ? reply : [];
  return keys.map((key, index) => {
    const prop = family.properties.find((p) => p.get?.method === 'get_prop' && p.get.key === key) as MiioProperty;
    const wire = list[index];
    if (wire === undefined || wire === null) return { prop, missing: `get_prop answered ${index < list.length ? 'null' : 'nothing'} for "${String(key)}"` };
    if (wire === '' && family.unknownPropValue === '' && prop.type !== 'string') return { prop, missing: `get_prop answered "" for "${String(key)}"` };
    return { prop, wire };
  });
}

/** Other read methods: get_status answers [{key: value}], get_power answers [value] (numeric key = index). */
function readMethodSlots(family: MiioFamily, request: DeviceRequest, reply: unknown, wanted: ReadonlySet<string>): Slot[] {
  const list = Array.isArray(reply) ? reply : [];
  const record = typeof list[0] === 'object' && list[0] !== null ? (list[0] as Record<string, unknown>) : {};
  return family.properties
    .filter((p) => p.get?.method === request.method && wanted.has(p.name))
    .map((prop) => {
      const key = prop.get?.key as string | number;
      const wire = typeof key === 'number' ? list[key] : record[key];
      if (wire === undefined || wire === null) return { prop, missing: `${request.method} did not report "${String(key)}"` };
      return { prop, wire };
    });
}
