import { DeviceOptionsError, DeviceValueError } from './errors.js';
import type { DeviceFamily, DeviceRequest, MiioAction, MiioProperty, MiioSetter, MiotAction, MiotProperty } from './model.js';
import { findProperty, validateAction, validateSet } from './values.js';

/** python-miio's default chunk for get_prop / get_properties. */
export const DEFAULT_MAX_PROPERTIES = 15;

/** The validated request that sets one property (miIO setter or MIoT set_properties). */
export function buildSetRequest(family: DeviceFamily, name: string, value: unknown): DeviceRequest {
  const wire = validateSet(family, name, value);
  if (family.protocol === 'miot') {
    const prop = findProperty(family, name) as MiotProperty;
    return { method: 'set_properties', params: [{ did: name, siid: prop.siid, piid: prop.piid, value: wire }] };
  }
  const prop = findProperty(family, name) as MiioProperty;
  if (!prop.set) throw new DeviceValueError(family.id, name, 'has no setter');
  return { method: setterMethod(prop.set, wire, family.id, name), params: fillSetterParams(prop.set, wire) };
}

/**
 * The requests that read the given properties (default: every readable one), in chunks of
 * maxProperties. miIO properties read by other methods (get_status, get_power) get one request each.
 */
export function buildGetRequests(
  family: DeviceFamily,
  names?: readonly string[],
  options: { maxProperties?: number } = {},
): DeviceRequest[] {
  const max = options.maxProperties ?? DEFAULT_MAX_PROPERTIES;
  if (!Number.isInteger(max) || max < 1) throw new DeviceOptionsError(`maxProperties must be a positive integer, got ${String(max)}`);
  const props = (names ?? family.properties.filter((p) => p.readable).map((p) => p.name)).map((name) => {
    const prop = findProperty(family, name);
    if (!prop) throw new DeviceValueError(family.id, name, 'no such property');
    if (!prop.readable) throw new DeviceValueError(family.id, name, 'is write-only');
    return prop;
  });
  if (family.protocol === 'miot') {
    const items = (props as MiotProperty[]).map((p) => ({ did: p.name, siid: p.siid, piid: p.piid }));
    return chunk(items, max).map((params) => ({ method: 'get_properties', params }));
  }
  const requests: DeviceRequest[] = [];
  const keys = (props as MiioProperty[]).filter((p) => p.get?.method === 'get_prop').map((p) => p.get?.key);
  for (const params of chunk(keys, max)) requests.push({ method: 'get_prop', params });
  const others = new Set((props as MiioProperty[]).map((p) => p.get?.method).filter((m) => m !== undefined && m !== 'get_prop'));
  for (const method of others) requests.push({ method: method as string, params: [] });
  return requests;
}

/** The validated request that runs an action (MIoT `action` or the miIO method). */
export function buildActionRequest(family: DeviceFamily, name: string, args: readonly unknown[] = []): DeviceRequest {
  const wire = validateAction(family, name, args);
  if (family.protocol === 'miot') {
    const action = family.actions.find((a) => a.name === name) as MiotAction;
    return { method: 'action', params: { did: `call-${action.siid}-${action.aiid}`, siid: action.siid, aiid: action.aiid, in: wire } };
  }
  const action = family.actions.find((a) => a.name === name) as MiioAction;
  return { method: action.method, params: wire };
}

/** The miIO method for this wire value; a per-value setter without an entry for it is a DeviceValueError. */
export function setterMethod(setter: MiioSetter, wire: unknown, family: string, property: string): string {
  if (typeof setter.method === 'string') return setter.method;
  const method = Object.hasOwn(setter.method, String(wire)) ? setter.method[String(wire)] : undefined;
  if (method === undefined) throw new DeviceValueError(family, property, `no setter method for value ${JSON.stringify(wire)}`);
  return method;
}

export function fillSetterParams(setter: MiioSetter, wire: unknown): unknown[] {
  return setter.params.map((p) => (p === '$value' ? wire : p));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
