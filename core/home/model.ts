/**
 * The typed model of a Mi Home device family: plain data that the simulator (core/sim) and the
 * client-side device streams both read. Names follow python-miio (did, siid, piid, aiid, get_prop).
 */

/** A property's typed value: booleans for on/off, enum labels ('auto'), numbers already scaled. */
export type PropertyValue = boolean | number | string;

export type ValueType = 'bool' | 'int' | 'float' | 'string' | 'enum';

/** One enum member: the value on the wire (MIoT int or miIO string) and the label the model uses. */
export interface Choice {
  readonly value: number | string;
  readonly label: string;
}

export interface Range {
  readonly min: number;
  readonly max: number;
  readonly step?: number;
}

interface PropertyBase {
  readonly name: string;
  readonly type: ValueType;
  readonly unit?: string;
  readonly range?: Range;
  /** For type 'enum'. */
  readonly choices?: readonly Choice[];
  /** Numbers the device accepts when they are not a plain range (swing angles 30/60/90/120/140). */
  readonly allowed?: readonly number[];
  readonly readable: boolean;
  readonly writable: boolean;
  /** Wire value = typed value / scale (temp_dec is tenths of °C: scale 0.1). */
  readonly scale?: number;
  readonly description?: string;
}

/** MIoT: addressed by service and property id. */
export interface MiotProperty extends PropertyBase {
  readonly siid: number;
  readonly piid: number;
  /** The per-item code a real device answers to a read of a write-only property (default -4001). */
  readonly readErrorCode?: number;
}

/**
 * miIO (legacy): read by `get_prop` (name in the batch) or by another method whose reply is
 * `[{key: value}]` (vacuum `get_status`) or `[value]` (plug `get_power`, key = index).
 */
export interface MiioRead {
  readonly method: string;
  readonly key: string | number;
}

/**
 * The setter: `params` is a template, '$value' marks where the wire value goes
 * (Yeelight `set_bright ['$value', 'smooth', 500]`). `method` may depend on the wire value
 * (chuangmi.plug.v1 `set_on` / `set_off`).
 */
export interface MiioSetter {
  readonly method: string | Readonly<Record<string, string>>;
  readonly params: readonly unknown[];
}

export interface MiioProperty extends PropertyBase {
  readonly get?: MiioRead;
  readonly set?: MiioSetter;
  /** The wire form of a bool: [true, false], e.g. ['on', 'off']. Default JSON booleans. */
  readonly boolWire?: readonly [string | number, string | number];
}

/** One argument of an action (MIoT `in` item or miIO param). */
export interface ActionArg {
  readonly name: string;
  readonly type: ValueType;
  readonly range?: Range;
  readonly choices?: readonly Choice[];
}

export interface MiotAction {
  readonly name: string;
  readonly siid: number;
  readonly aiid: number;
  readonly in: readonly ActionArg[];
  readonly description?: string;
}

export interface MiioAction {
  readonly name: string;
  readonly method: string;
  readonly params: readonly ActionArg[];
  readonly description?: string;
}

interface FamilyBase {
  /** Stable id, kebab-case: 'zhimi-airpurifier-miio'. */
  readonly id: string;
  readonly title: string;
  /** Model strings; a trailing '*' matches any suffix ('yeelink.light.*'). */
  readonly models: readonly string[];
}

export interface MiotFamily extends FamilyBase {
  readonly protocol: 'miot';
  readonly properties: readonly MiotProperty[];
  readonly actions: readonly MiotAction[];
}

export interface MiioFamily extends FamilyBase {
  readonly protocol: 'miio';
  readonly properties: readonly MiioProperty[];
  readonly actions: readonly MiioAction[];
  /** Yeelight answers get_prop with strings ("100"), and "" for unknown names; others use JSON types and null. */
  readonly getPropStrings?: boolean;
  /** What `get_prop` answers for a name the device does not know. */
  readonly unknownPropValue?: null | '';
}

export type DeviceFamily = MiotFamily | MiioFamily;
export type FamilyProperty = MiotProperty | MiioProperty;

/** Wire values for a request: the method and params a client sends. */
export interface DeviceRequest {
  readonly method: string;
  readonly params: unknown;
}

/** Builds enum choices from labels in wire order (MIoT ints 0..n-1) or from miIO strings (label = value). */
export function choicesOf(labels: readonly string[], wire: 'index' | 'same' = 'index'): Choice[] {
  return labels.map((label, index) => ({ value: wire === 'index' ? index : label, label }));
}
