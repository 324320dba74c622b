import { describe, expect, it } from 'vitest';
import { DiscoveryAnnouncer } from './discovery-announcer.js';
import { bridgeTopics } from './topics.js';

const scene = (id: string) => ({ id, name: id, devices: [], steps: 0 });
const context = { prefix: 'ha', nodeId: 'car', topics: bridgeTopics('hw') };

function announcer(enabled = true) {
  const sent: [string, string][] = [];
  let connected = true;
  const a = new DiscoveryAnnouncer({ context, enabled, publish: (t, p) => sent.push([t, p]), isConnected: () => connected });
  return { a, sent, setConnected: (c: boolean) => { connected = c; } };
}

describe('DiscoveryAnnouncer', () => {
  it('sends only what changed and removes what left, with an empty retained payload', () => {
    const { a, sent } = announcer();
    a.update([scene('x'), scene('y')], []);
    expect(sent).toHaveLength(9);
    sent.length = 0;
    a.update([scene('x'), scene('y')], []);
    expect(sent).toEqual([]);
    a.update([scene('x')], []);
    expect(sent).toEqual([['ha/button/car/scene_y/config', '']]);
  });

  it('while offline only remembers; on reconnect announces all and removes what left meanwhile', () => {
    const { a, sent, setConnected } = announcer();
    a.update([scene('x')], []);
    setConnected(false);
    sent.length = 0;
    a.update([], []);
    expect(sent).toEqual([]);
    setConnected(true);
    a.announceAll();
    expect(sent.filter(([, p]) => p === '')).toEqual([['ha/button/car/scene_x/config', '']]);
    expect(sent.filter(([, p]) => p !== '')).toHaveLength(7);
  });

  it('removes a retained config of this car that the current config lacks, and ignores others', () => {
    const { a, sent } = announcer();
    a.update([], []);
    sent.length = 0;
    a.onConfigMessage('ha/button/car/scene_old/config', Buffer.from('{}'));
    a.onConfigMessage('ha/button/car/scene_gone/config', Buffer.alloc(0)); // already removed
    a.onConfigMessage('ha/button/other_car/scene_old/config', Buffer.from('{}'));
    a.onConfigMessage('ha/sensor/car/speed_kmh/config', Buffer.from('{}')); // still configured
    expect(sent).toEqual([['ha/button/car/scene_old/config', '']]);
  });

  it('disabled: announces nothing and clears what an earlier run left', () => {
    const { a, sent } = announcer(false);
    a.update([scene('x')], []);
    a.announceAll();
    expect(sent).toEqual([]);
    a.onConfigMessage('ha/sensor/car/speed_kmh/config', Buffer.from('{}'));
    expect(sent).toEqual([['ha/sensor/car/speed_kmh/config', '']]);
  });
});
