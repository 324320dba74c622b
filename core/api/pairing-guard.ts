/**
 * Per remote address: open connections (capped) and failed pairing attempts (after `maxFailures`
 * within `windowMs`, that address is refused until the window passes). Time is the caller's clock.
 */
export class PairingGuard {
  private readonly open = new Map<string, number>();
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxConnectionsPerAddress = 8,
    private readonly maxFailures = 5,
    private readonly windowMs = 60_000,
  ) {}

  /** Why this address may not try now, or null. */
  refusal(address: string, nowMs: number): string | null {
    const recent = this.recentFailures(address, nowMs);
    if (recent.length >= this.maxFailures) return 'too many failed pairing attempts; wait a minute';
    if ((this.open.get(address) ?? 0) >= this.maxConnectionsPerAddress) return 'too many connections from this address';
    return null;
  }

  failed(address: string, nowMs: number): void {
    this.failures.set(address, [...this.recentFailures(address, nowMs), nowMs]);
  }

  opened(address: string): void {
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
  }

  closed(address: string): void {
    const count = (this.open.get(address) ?? 1) - 1;
    if (count <= 0) this.open.delete(address);
    else this.open.set(address, count);
  }

  private recentFailures(address: string, nowMs: number): number[] {
    const recent = (this.failures.get(address) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (recent.length === 0) this.failures.delete(address);
    return recent;
  }
}
