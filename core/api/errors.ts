import { HomewardError } from '../base/errors.js';

/** The API server could not start (bad options, address in use, missing static files). */
export class ApiServerError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('api.server', message, options);
  }
}
