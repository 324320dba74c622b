import { HomewardError } from '../base/errors.js';

/** A request named a device, scene, automation or run that does not exist. */
export class NotFoundError extends HomewardError {
  constructor(kind: string, id: string) {
    super('not_found', `no ${kind} '${id}'`);
  }
}

/** The runtime could not start: what failed is in the message and cause; nothing is left running. */
export class RuntimeStartError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('runtime.start', message, options);
  }
}
