import { DeviceValueError } from './errors.js';
import type { ActionArg, Choice, DeviceFamily, FamilyProperty, MiioProperty, PropertyValue, Range, ValueType } from './model.js';

/** What a value is checked against: a property or an action argument. */
interface ValueSpec {
  readonly name: string;
  readonly type: ValueType;
  readonly range?: Range;
  readonly choices?: readonly Choice[];
  readonly allowed?: readonly number[];
  readonly scale?: number;
  readonly boolWire?: MiioProperty['boolWire'];
}

export function findProperty(family: DeviceFamily, name: string): FamilyProperty | undefined {
  return (family.properties as readonly FamilyProperty[]).find((p) => p.name === name);
}

/** The property or a DeviceValueError naming it. */
export function requireProperty(family: DeviceFamily, name: string): FamilyProperty {
  const prop = findProperty(family, name);
  if (!prop) throw new DeviceValueError(family.id, name, 'no such property');
  return prop;
}

/**
 * Checks a value before it is sent: the property exists, is writable, and the value has the right type,
 * lies in its range or enum. Accepts the typed value (true, 'auto', 18.5) or the wire form ('on', 0).
 * Returns the wire value to put in the request.
 */
export function validateSet(family: DeviceFamily, name: string, value: unknown): unknown {
  const prop = requireProperty(family, name);
  if (!prop.writable) throw new DeviceValueError(family.id, name, 'is read-only');
  return toWire(family.id, prop, value);
}

/** Checks an action's arguments in order; returns them in wire form. */
export function validateAction(family: DeviceFamily, name: string, args: readonly unknown[]): unknown[] {
  const action = (family.actions as readonly { name: string; in?: readonly ActionArg[]; params?: readonly ActionArg[] }[]).find(
    (a) => a.name === name,
  );
  if (!action) throw new DeviceValueError(family.id, name, 'no such action');
  const specs = action.in ?? action.params ?? [];
  if (args.length !== specs.length) {
    throw new DeviceValueError(family.id, name, `takes ${specs.length} argument(s), got ${args.length}`);
  }
  return specs.map((spec, i) => toWire(family.id, { ...spec, name: `${name}(${spec.name})` }, args[i]));
}

/** A typed value → its wire form, checking type, range and enum. */
export function toWire(familyId: string, spec: ValueSpec, value: unknown): unknown {
  const fail = (reason: string): never => {
    throw new DeviceValueError(familyId, spec.name, reason);
  };
  switch (spec.type) {
    case 'bool': {
      const [onWire, offWire] = spec.boolWire ?? [true, false];
      if (value === true || value === onWire) return onWire;
      if (value === false || value === offWire) return offWire;
      return fail(`expected a boolean, got ${show(value)}`);
    }
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected a number, got ${show(value)}`);
      if (spec.type === 'int' && spec.scale === undefined && !Number.isInteger(value)) return fail(`expected an integer, got ${value}`);
      checkRange(spec.range, value, fail);
      if (spec.allowed && !spec.allowed.includes(value)) return fail(`${value} is not one of ${spec.allowed.join(', ')}`);
      return spec.scale === undefined ? value : Math.round(value / spec.scale);
    }
    case 'string':
      if (typeof value !== 'string') return fail(`expected a string, got ${show(value)}`);
      return value;
    case 'enum': {
      const choices = spec.choices ?? [];
      const hit = choices.find((c) => c.label === value) ?? choices.find((c) => c.value === value);
      if (!hit) return fail(`${show(value)} is not one of ${choices.map((c) => show(c.label)).join(', ')}`);
      return hit.value;
    }
  }
}

/** A typed value → wire form without checks: what a device (the simulator) reports. */
export function encodeValue(spec: ValueSpec, value: PropertyValue): unknown {
  switch (spec.type) {
    case 'bool': {
      const [onWire, offWire] = spec.boolWire ?? [true, false];
      return value ? onWire : offWire;
    }
    case 'int':
    case 'float':
      return spec.scale === undefined ? value : Math.round(Number(value) / spec.scale);
    case 'enum':
      return spec.choices?.find((c) => c.label === value || c.value === value)?.value ?? value;
    case 'string':
      return value;
  }
}

/**
 * A wire value a device returned → the typed value (label, boolean, scaled number). Lenient like the
 * devices are: numeric strings (Yeelight) and 0/1 booleans are accepted. Throws DeviceValueError.
 */
export function fromWire(familyId: string, spec: ValueSpec, wire: unknown): PropertyValue {
  const fail = (reason: string): never => {
    throw new DeviceValueError(familyId, spec.name, reason);
  };
  switch (spec.type) {
    case 'bool': {
      const [onWire, offWire] = spec.boolWire ?? [true, false];
      if (wire === true || wire === onWire || wire === 1 || wire === '1') return true;
      if (wire === false || wire === offWire || wire === 0 || wire === '0') return false;
      return fail(`device sent ${show(wire)}, not a boolean`);
    }
    case 'int':
    case 'float': {
      const n = typeof wire === 'string' && wire.trim() !== '' ? Number(wire) : wire;
      if (typeof n !== 'number' || !Number.isFinite(n)) return fail(`device sent ${show(wire)}, not a number`);
      return spec.scale === undefined ? n : Number((n * spec.scale).toFixed(10));
    }
    case 'string':
      if (typeof wire !== 'string') return fail(`device sent ${show(wire)}, not a string`);
      return wire;
    case 'enum': {
      // Yeelight sends "2" for the enum value 2.
      const hit = (spec.choices ?? []).find((c) => c.value === wire || String(c.value) === String(wire));
      if (!hit) return fail(`device sent ${show(wire)}, which is not a declared choice`);
      return hit.label;
    }
  }
}

function checkRange(range: Range | undefined, value: number, fail: (reason: string) => never): void {
  if (!range) return;
  if (value < range.min) fail(`${value} is below the minimum ${range.min}`);
  if (value > range.max) fail(`${value} is above the maximum ${range.max}`);
  if (range.step !== undefined) {
    const steps = (value - range.min) / range.step;
    if (Math.abs(steps - Math.round(steps)) > 1e-9) fail(`${value} is not a multiple of ${range.step} from ${range.min}`);
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
