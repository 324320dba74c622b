/**
 * How often each VSS path is refreshed, for the vehicle state's staleness: the message's
 * GenMsgCycleTime, but never less than the mapping's interval_ms (a 20 ms frame gated to 1,000 ms
 * gives an update a second). on_change entries have none: an unchanged value sends no update, so
 * silence says nothing about freshness.
 */
import { frameKey } from '../dbc/frame-key.js';
import type { Database, Message } from '../dbc/model.js';
import type { BoundVssMapping } from './bind-vss-mapping.js';

/** path → expected milliseconds between updates; paths with no periodic refresh are absent. */
export function cycleTimesByPath(bound: BoundVssMapping, database?: Database): Map<string, number> {
  const messages = new Map<number, Message>();
  for (const message of database?.messages ?? []) messages.set(frameKey(message.frameId, message.isExtendedFrame), message);
  const cycles = new Map<string, number>();
  for (const [key, plan] of bound.plans) {
    const cycleMs = (messages.get(key) ?? plan.message).cycleTime ?? 0;
    for (const { entry } of plan.mapped) {
      if (entry.onChange) continue;
      const expectedMs = Math.max(cycleMs, entry.intervalMs);
      if (expectedMs <= 0) continue;
      // A path fed by several entries is as fresh as its slowest feed promises.
      cycles.set(entry.path, Math.max(cycles.get(entry.path) ?? 0, expectedMs));
    }
  }
  return cycles;
}
