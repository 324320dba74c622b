/**
 * The client's retry schedule in one place: the back-off before each retry and the longest a call
 * can take through every attempt, so a deadline set from it lets the transport's own verdict
 * (unreachable, wrong token, device error) come first.
 */
export interface RetrySchedule {
  /** Wait for one hello or request reply. */
  timeoutMs: number;
  /** Extra attempts after a timeout, each with a fresh hello. */
  retries: number;
  /** Extra attempts after -9999 / -30001, without a hello. */
  recoverableRetries: number;
  /** First back-off; doubles per retry, capped at 8×. */
  backoffMs: number;
}

/** The wait before retry `retryIndex` (0-based): doubling from `baseMs`, capped at 8×. */
export function backoffDelayMs(baseMs: number, retryIndex: number): number {
  return baseMs * 2 ** Math.min(retryIndex, 3);
}

/**
 * Every attempt's hello and request wait plus every back-off, and one more wait of slack: the
 * longest a call runs before the transport settles it by itself.
 */
export function worstCaseMs(schedule: RetrySchedule): number {
  const retries = schedule.retries + schedule.recoverableRetries;
  let backoffs = 0;
  for (let i = 0; i < retries; i++) backoffs += backoffDelayMs(schedule.backoffMs, i);
  return (retries + 1) * 2 * schedule.timeoutMs + backoffs + schedule.timeoutMs;
}
