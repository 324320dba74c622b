import type { FamilyProperty, PropertyValue } from '../home/model.js';
import type { SimBehaviour, SimCallResult, SimState } from './behaviour.js';

/** What the protocol dispatchers may touch on a device. */
export interface DispatchContext {
  readonly state: SimState;
  readonly behaviour: SimBehaviour;
  readonly maxProperties: number | undefined;
  applySet(prop: FamilyProperty, value: PropertyValue): void;
}

export function deviceError(code: number, message: string): SimCallResult {
  return { error: { code, message } };
}

export const METHOD_NOT_FOUND = deviceError(-32601, 'Method not found.');
export const USER_ACK_TIMEOUT = deviceError(-9999, 'user ack timeout');
export const INVALID_ARG = deviceError(-5001, 'invalid_arg');
