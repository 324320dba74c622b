/**
 * A token bucket on a caller's clock (milliseconds): `ratePerS` messages a second on average,
 * bursts up to `burst`. Time comes from the caller so the core's scheduler (virtual in tests) drives it.
 */
export class RateLimiter {
  private tokens: number;
  private lastMs: number | null = null;

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number = Math.max(1, ratePerS * 2),
  ) {
    this.tokens = burst;
  }

  /** Takes one token; false when the bucket is empty (the message is refused). */
  take(nowMs: number): boolean {
    if (this.lastMs !== null) {
      const elapsedS = Math.max(0, nowMs - this.lastMs) / 1000;
      this.tokens = Math.min(this.burst, this.tokens + elapsedS * this.ratePerS);
    }
    this.lastMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
