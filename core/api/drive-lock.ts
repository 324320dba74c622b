import type { Derived, ParsedRequest } from './protocol.js';

/**
 * The core's half of the driving lockout (the page hiding controls is not the control): while the
 * car is not parked, or its state is unknown, a dashboard client may run scenes, switch power and
 * read; settings, automation edits and every other device command wait until it is parked.
 * Returns why a request is refused, or null.
 */
export function driveLockRefusal(request: ParsedRequest, derived: Derived | null | undefined): string | null {
  if (derived?.parked === true) return null;
  switch (request.method) {
    case 'automation.enable':
    case 'automation.trigger':
    case 'config.reload':
    case 'device.action':
      return `${request.method} is locked while the car is not parked`;
    case 'device.set':
      return request.params.property === 'power' ? null : `only power can be switched while the car is not parked (not ${request.params.property})`;
    default:
      return null;
  }
}
