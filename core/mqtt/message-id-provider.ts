/**
 * mqtt.js's IMessageIdProvider that never hands out an id still waiting in the outgoing store. A
 * persistent store keeps packets across restarts; mqtt.js's default provider starts at a random id
 * and would let a new packet overwrite a stored one with the same id (mcollina/mqtt-level-store#19).
 */
export class StoredIdsMessageIdProvider {
  private readonly held = new Set<number>();
  private next = 1;
  private last: number | null = null;

  /** `storedIds` reads the ids in the outgoing store now (a synchronous SQLite query). */
  constructor(private readonly storedIds: () => Iterable<number>) {
    this.clear();
    let max = 0;
    for (const id of this.held) max = Math.max(max, id);
    this.next = max >= 65535 ? 1 : max + 1;
  }

  allocate(): number | null {
    for (let tries = 0; tries < 65535; tries += 1) {
      const id = this.next;
      this.next = id === 65535 ? 1 : id + 1;
      if (!this.held.has(id)) {
        this.held.add(id);
        this.last = id;
        return id;
      }
    }
    return null;
  }

  getLastAllocated(): number | null {
    return this.last;
  }

  /** mqtt.js registers stored packets as it resends them; they are already held. */
  register(id: number): boolean {
    this.held.add(id);
    return true;
  }

  deallocate(id: number): void {
    this.held.delete(id);
  }

  /** At each CONNACK: forget ids of packets that died with the connection, keep the stored ones. */
  clear(): void {
    this.held.clear();
    for (const id of this.storedIds()) this.held.add(id);
  }
}
