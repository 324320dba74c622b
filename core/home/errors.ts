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
