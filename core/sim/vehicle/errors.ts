import { HomewardError } from '../../base/errors.js';

/** An option of the simulated car that makes no sense (a speed of 0, a negative parked time). */
export class VehicleSimOptionError extends HomewardError {
  constructor(message: string) {
    super('sim.vehicle_option', message);
  }
}
