import { describe, expect, it } from 'vitest';
import { bridgeTopics, checkPublishTopic, discoveryId, topicSegment } from './topics.js';

describe('topics', () => {
  it('lays the bridge out under one base', () => {
    const t = bridgeTopics('homeward');
    expect([t.status, t.vss('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen'), t.car('speed_kmh'), t.event('home.arrived'), t.automationRun('welcome'),
      t.automationEnabled('welcome'), t.deviceState('plug-1'), t.commandFilter, t.command('scene.run'), t.reply('scene.run')]).toEqual([
      'homeward/status', 'homeward/vss/Vehicle/Cabin/Door/Row1/DriverSide/IsOpen', 'homeward/car/speed_kmh', 'homeward/event/home.arrived',
      'homeward/automation/welcome/run', 'homeward/automation/welcome/enabled', 'homeward/device/plug-1/state', 'homeward/cmd/+',
      'homeward/cmd/scene.run', 'homeward/reply/scene.run',
    ]);
  });

  it('escapes ids that would break a topic level', () => {
    expect(topicSegment('a/b+c#d%e')).toBe('a%2Fb%2Bc%23d%25e');
    expect(bridgeTopics('hw').deviceState('kitchen/#')).toBe('hw/device/kitchen%2F%23/state');
  });

  it('makes discovery ids HA accepts, distinct for distinct inputs', () => {
    expect(discoveryId('arrive_home-2')).toBe('arrive_home-2');
    expect(discoveryId('Arrive home')).toMatch(/^Arrive_home_[0-9a-f]{6}$/);
    expect(discoveryId('a b')).not.toBe(discoveryId('a_b'));
    expect(discoveryId('homeward/car/ab12')).toMatch(/^[a-zA-Z0-9_-]+$/);
  });

  it.each(['', 'a/+', 'a/#', '$SYS', '/a', 'a/'])('refuses base topic %j', (topic) => {
    expect(() => checkPublishTopic('baseTopic', topic)).toThrow(/baseTopic/);
  });
});
