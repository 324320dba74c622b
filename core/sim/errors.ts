import { HomewardError } from '../base/errors.js';

/** A simulator config that does not validate: says file, line and key. */
export class SimConfigError extends HomewardError {
  readonly file: string;
  readonly line: number;
  readonly key: string;
  readonly reason: string;

  constructor(file: string, line: number, key: string, reason: string, options?: { cause?: unknown }) {
    super('sim.config', `${file}:${line}: ${key || '(root)'}: ${reason}`, options);
    this.file = file;
    this.line = line;
    this.key = key;
    this.reason = reason;
  }
}

/** A simulated device could not bind its address and port (in use, or not a local address). */
export class SimBindError extends HomewardError {
  readonly address: string;
  readonly port: number;

  constructor(address: string, port: number, reason: string, options?: { cause?: unknown }) {
    super('sim.bind', `cannot bind simulated device to ${address}:${port}: ${reason}`, options);
    this.address = address;
    this.port = port;
  }
}

/** A family the registry (core/home/registry.ts) does not list, or one without a simulated behaviour. */
export class SimUnknownFamilyError extends HomewardError {
  constructor(readonly familyId: string) {
    super('sim.unknown_family', `no simulated behaviour for family '${familyId}': it is not in core/home/registry.ts, or has no entry in core/sim/behaviour-for.ts`);
  }
}
