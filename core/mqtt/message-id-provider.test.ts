import { describe, expect, it } from 'vitest';
import { StoredIdsMessageIdProvider } from './message-id-provider.js';

describe('StoredIdsMessageIdProvider', () => {
  it('never hands out an id that waits in the store, also after a reconnect', () => {
    const stored = new Set([1, 2, 5]);
    const ids = new StoredIdsMessageIdProvider(() => stored);
    const first = [ids.allocate(), ids.allocate(), ids.allocate()];
    expect(first.some((id) => stored.has(id!))).toBe(false);
    ids.clear(); // CONNACK
    for (let i = 0; i < 100; i++) expect(stored.has(ids.allocate()!)).toBe(false);
  });

  it('reuses an id once deallocated, skips held ones after wrapping, and says when none is left', () => {
    const ids = new StoredIdsMessageIdProvider(() => [65535]);
    expect(ids.allocate()).toBe(1);
    expect(ids.getLastAllocated()).toBe(1);
    const all = new Set<number>([1]);
    for (let id = ids.allocate(); id !== null; id = ids.allocate()) all.add(id);
    expect(all.size).toBe(65534);
    ids.deallocate(42);
    expect(ids.allocate()).toBe(42);
  });

  it('accepts mqtt.js registering stored packets as it resends them', () => {
    const ids = new StoredIdsMessageIdProvider(() => [7]);
    expect(ids.register(7)).toBe(true);
    expect(ids.allocate()).toBe(8);
  });
});
