import { describe, expect, it } from 'vitest';
import { discoveryConfigs, type DiscoveryContext } from '../../core/mqtt/discovery.js';
import { bridgeTopics } from '../../core/mqtt/topics.js';
import { checkDiscoveryConfig, PLATFORMS } from '../helpers/ha-discovery-schema.js';
import { automation } from '../helpers/test-runtime.js';

/**
 * Every discovery payload, key by key, against Home Assistant's documented MQTT schema
 * (test/helpers/ha-discovery-schema.ts) and against the values the entity needs to work.
 */
const ctx: DiscoveryContext = { prefix: 'homeassistant', nodeId: 'homeward', topics: bridgeTopics('homeward') };
const configs = discoveryConfigs(ctx, [{ id: 'arrive', name: 'Arrive home', devices: ['plug-1'], steps: 1 }, { id: 'Movie night', name: 'Movie night', devices: [], steps: 0 }],
  [automation('welcome', 'Welcome home')]);
const config = (platform: string, objectId: string): Record<string, unknown> => {
  const found = configs.get(`homeassistant/${platform}/homeward/${objectId}/config`);
  if (found === undefined) throw new Error(`no ${platform}/${objectId} among ${[...configs.keys()].join(', ')}`);
  return found;
};
const common = (objectId: string) => ({
  unique_id: `homeward_${objectId}`,
  availability: [{ topic: 'homeward/status', payload_available: 'online', payload_not_available: 'offline' }],
  device: { identifiers: ['homeward'], name: 'Homeward car', manufacturer: 'Homeward', model: 'Homeward head unit' },
  origin: { name: 'homeward' },
});

describe('Home Assistant discovery payloads', () => {
  it('passes HA\'s documented schema for every entity, platform by platform', () => {
    expect(configs.size).toBe(10);
    for (const [topic, payload] of configs) expect(checkDiscoveryConfig(topic, 'homeassistant', payload), topic).toEqual([]);
    expect(new Set([...configs.keys()].map((t) => t.split('/')[1]))).toEqual(new Set(Object.keys(PLATFORMS)));
  });

  it('the GPS device_tracker: home/not_home state, coordinates and accuracy as JSON attributes', () => {
    expect(config('device_tracker', 'location')).toEqual({
      ...common('location'), name: null, state_topic: 'homeward/car/presence', json_attributes_topic: 'homeward/car/location',
      source_type: 'gps', payload_home: 'home', payload_not_home: 'not_home', payload_reset: 'None',
    });
  });

  it('sensors: speed (km/h), state of charge (%), range (km), each a measurement', () => {
    expect(config('sensor', 'speed_kmh')).toEqual({ ...common('speed_kmh'), name: 'Speed', state_topic: 'homeward/car/speed_kmh', device_class: 'speed', unit_of_measurement: 'km/h', state_class: 'measurement' });
    expect(config('sensor', 'soc_pct')).toEqual({ ...common('soc_pct'), name: 'State of charge', state_topic: 'homeward/car/soc_pct', device_class: 'battery', unit_of_measurement: '%', state_class: 'measurement' });
    expect(config('sensor', 'range_km')).toEqual({ ...common('range_km'), name: 'Range', state_topic: 'homeward/car/range_km', device_class: 'distance', unit_of_measurement: 'km', state_class: 'measurement' });
  });

  it('binary sensors: doors, charging, ignition with ON/OFF payloads', () => {
    const binary = (id: string, name: string, deviceClass: string) => ({ ...common(id), name, state_topic: `homeward/car/${id}`, device_class: deviceClass, payload_on: 'ON', payload_off: 'OFF' });
    expect(config('binary_sensor', 'doors')).toEqual(binary('doors', 'Doors', 'door'));
    expect(config('binary_sensor', 'charging')).toEqual(binary('charging', 'Charging', 'battery_charging'));
    // HA has no ignition class: power is the closest documented one.
    expect(config('binary_sensor', 'ignition')).toEqual(binary('ignition', 'Ignition', 'power'));
  });

  it('a button per scene whose press is the scene.run command', () => {
    expect(config('button', 'scene_arrive')).toEqual({ ...common('scene_arrive'), name: 'Arrive home', command_topic: 'homeward/cmd/scene.run', payload_press: '{"scene":"arrive"}', qos: 1, retain: false });
    const odd = [...configs.keys()].find((t) => t.includes('/button/') && t.includes('Movie_night'));
    expect(odd).toMatch(/^homeassistant\/button\/homeward\/scene_Movie_night_[0-9a-f]{6}\/config$/);
    expect(configs.get(odd!)?.payload_press).toBe('{"scene":"Movie night"}');
  });

  it('a switch per automation: on/off send automation.enable, state from the retained ON/OFF topic', () => {
    expect(config('switch', 'automation_welcome')).toEqual({
      ...common('automation_welcome'), name: 'Welcome home', command_topic: 'homeward/cmd/automation.enable',
      payload_on: '{"automation":"welcome","enabled":true}', payload_off: '{"automation":"welcome","enabled":false}',
      state_topic: 'homeward/automation/welcome/enabled', state_on: 'ON', state_off: 'OFF', qos: 1, retain: false,
    });
  });

  it('the schema check itself catches an undocumented key, a wrong unit and a missing required key', () => {
    expect(checkDiscoveryConfig('homeassistant/sensor/homeward/x/config', 'homeassistant', { ...config('sensor', 'speed_kmh'), unit_of_measurement: 'kph', speed: 1 }))
      .toEqual(['speed: not a documented key', 'unit_of_measurement kph: not valid for speed']);
    const { command_topic: _omit, ...noCommand } = config('button', 'scene_arrive');
    expect(checkDiscoveryConfig('homeassistant/button/homeward/x/config', 'homeassistant', noCommand)).toEqual(['command_topic: required']);
  });
});
