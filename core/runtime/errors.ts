import { HomewardError } from '../base/errors.js';

/** A request named a device, scene, automation or run that does not exist. */
export class NotFoundError extends HomewardError {
  constructor(kind: string, id: string) {
    super('not_found', `no ${kind} '${id}'`);
  }
}
