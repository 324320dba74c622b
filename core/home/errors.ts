import { HomewardError } from '../base/errors.js';

/** A value the family's declaration rejects, or a property/action it does not have. Says which and why. */
export class DeviceValueError extends HomewardError {
  readonly family: string;
  readonly property: string;
  readonly reason: string;

  constructor(family: string, property: string, reason: string) {
    super('home.device_value', `${family}.${property}: ${reason}`);
    this.family = family;
    this.property = property;
    this.reason = reason;
  }
}

/** No family declares this model string. */
export class UnknownModelError extends HomewardError {
  readonly model: string;

  constructor(model: string) {
    super('home.unknown_model', `no device family declares model "${model}"`);
    this.model = model;
  }
}

/** A property the device did not report: a MIoT per-item code, an unknown-name null, a value off the declaration. */
export class DeviceReadError extends HomewardError {
  readonly family: string;
  readonly property: string;
  readonly reason: string;
  /** The MIoT per-item code, when the device gave one. */
  readonly deviceCode: number | undefined;

  constructor(family: string, property: string, reason: string, options: { deviceCode?: number; cause?: unknown } = {}) {
    super('home.device_read', `${family}.${property}: ${reason}`, { cause: options.cause });
    this.family = family;
    this.property = property;
    this.reason = reason;
    this.deviceCode = options.deviceCode;
  }
}

/** The device refused a validated set or action (MIoT per-item code, or an unexpected reply). */
export class DeviceCommandError extends HomewardError {
  readonly family: string;
  /** The property set or the action run. */
  readonly target: string;
  readonly reason: string;
  readonly deviceCode: number | undefined;

  constructor(family: string, target: string, reason: string, deviceCode?: number) {
    super('home.device_command', `${family}.${target}: ${reason}`);
    this.family = family;
    this.target = target;
    this.reason = reason;
    this.deviceCode = deviceCode;
  }
}

/** A device option out of range (poll interval, failure count). */
export class DeviceOptionsError extends HomewardError {
  constructor(message: string) {
    super('home.device_options', message);
  }
}
