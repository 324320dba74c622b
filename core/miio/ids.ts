import { randomInt } from 'node:crypto';
import { MiioOptionsError } from './errors.js';

/** Valid request ids are 1..9999: a Philips bulb crashed on 0 (python-miio PR #211). */
export const MAX_ID = 9999;
/** After a timeout the device may have executed the id; jump well past it (python-miio, npm miio). */
export const RETRY_ID_STEP = 100;

/** id + step, wrapped into 1..9999; never 0. */
export function advanceId(id: number, step: number): number {
  return ((((id - 1 + step) % MAX_ID) + MAX_ID) % MAX_ID) + 1;
}

/**
 * The per-device id counter. `seed` is the last id used (e.g. a persisted `current`), so the first
 * id is seed + 1; without a seed the first id is random in 1..9999, so a restart does not replay ids a
 * vacuum remembers as "repeated msg".
 */
export class MessageIds {
  private last: number;

  constructor(seed?: number) {
    if (seed === undefined) this.last = randomInt(1, MAX_ID + 1) - 1;
    else if (!Number.isInteger(seed) || seed < 0) throw new MiioOptionsError('idSeed must be a non-negative integer');
    else this.last = seed % (MAX_ID + 1);
  }

  /** The last id handed out (persist it and pass it back as idSeed). 0 before the first. */
  get current(): number {
    return this.last;
  }

  /** The id of a new request: +1. */
  next(): number {
    this.last = advanceId(this.last, 1);
    return this.last;
  }

  /** The id of a retry after a timeout: +100. */
  nextAfterTimeout(): number {
    this.last = advanceId(this.last, RETRY_ID_STEP);
    return this.last;
  }
}
