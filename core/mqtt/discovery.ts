import type { AutomationInfo, SceneInfo } from '../api/protocol.js';
import type { CarField } from './car-fields.js';
import { discoveryId, type BridgeTopics } from './topics.js';

/** Home Assistant discovery config payloads (full key names, HA's documented MQTT schema). */
export type DiscoveryConfig = Record<string, unknown>;

export interface DiscoveryContext {
  readonly prefix: string;
  /** The car's id in Home Assistant: the node id of every topic and the device identifier. */
  readonly nodeId: string;
  readonly topics: BridgeTopics;
}

const ORIGIN = { name: 'homeward' };

function common(ctx: DiscoveryContext, objectId: string): DiscoveryConfig {
  return {
    unique_id: `${ctx.nodeId}_${objectId}`,
    availability: [{ topic: ctx.topics.status, payload_available: 'online', payload_not_available: 'offline' }],
    device: { identifiers: [ctx.nodeId], name: 'Homeward car', manufacturer: 'Homeward', model: 'Homeward head unit' },
    origin: ORIGIN,
  };
}

function sensor(ctx: DiscoveryContext, field: CarField, name: string, deviceClass: string, unit: string): DiscoveryConfig {
  return {
    ...common(ctx, field), name, state_topic: ctx.topics.car(field),
    device_class: deviceClass, unit_of_measurement: unit, state_class: 'measurement',
  };
}

function binarySensor(ctx: DiscoveryContext, field: CarField, name: string, deviceClass: string): DiscoveryConfig {
  return { ...common(ctx, field), name, state_topic: ctx.topics.car(field), device_class: deviceClass, payload_on: 'ON', payload_off: 'OFF' };
}

/**
 * Every entity of the car, keyed by its config topic `<prefix>/<platform>/<nodeId>/<objectId>/config`:
 * a GPS device_tracker, speed / state-of-charge / range sensors, doors / charging / ignition binary
 * sensors, a button per scene and a switch per automation (enable/disable). One device groups them.
 */
export function discoveryConfigs(ctx: DiscoveryContext, scenes: readonly SceneInfo[], automations: readonly AutomationInfo[]): Map<string, DiscoveryConfig> {
  const configs = new Map<string, DiscoveryConfig>();
  const add = (platform: string, objectId: string, config: DiscoveryConfig): void => {
    configs.set(`${ctx.prefix}/${platform}/${ctx.nodeId}/${objectId}/config`, config);
  };
  add('device_tracker', 'location', {
    ...common(ctx, 'location'), name: null,
    state_topic: ctx.topics.car('presence'), json_attributes_topic: ctx.topics.car('location'),
    source_type: 'gps', payload_home: 'home', payload_not_home: 'not_home', payload_reset: 'None',
  });
  add('sensor', 'speed_kmh', sensor(ctx, 'speed_kmh', 'Speed', 'speed', 'km/h'));
  add('sensor', 'soc_pct', sensor(ctx, 'soc_pct', 'State of charge', 'battery', '%'));
  add('sensor', 'range_km', sensor(ctx, 'range_km', 'Range', 'distance', 'km'));
  add('binary_sensor', 'doors', binarySensor(ctx, 'doors', 'Doors', 'door'));
  add('binary_sensor', 'charging', binarySensor(ctx, 'charging', 'Charging', 'battery_charging'));
  add('binary_sensor', 'ignition', binarySensor(ctx, 'ignition', 'Ignition', 'power'));
  for (const scene of scenes) {
    const objectId = `scene_${discoveryId(scene.id)}`;
    add('button', objectId, {
      ...common(ctx, objectId), name: scene.name,
      command_topic: ctx.topics.command('scene.run'), payload_press: JSON.stringify({ scene: scene.id }), qos: 1, retain: false,
    });
  }
  for (const automation of automations) {
    const objectId = `automation_${discoveryId(automation.id)}`;
    add('switch', objectId, {
      ...common(ctx, objectId), name: automation.alias,
      command_topic: ctx.topics.command('automation.enable'),
      payload_on: JSON.stringify({ automation: automation.id, enabled: true }),
      payload_off: JSON.stringify({ automation: automation.id, enabled: false }),
      state_topic: ctx.topics.automationEnabled(automation.id), state_on: 'ON', state_off: 'OFF', qos: 1, retain: false,
    });
  }
  return configs;
}

/** Whether a topic is one of this car's discovery config topics (for removing stale ones). */
export function isOwnConfigTopic(ctx: DiscoveryContext, topic: string): boolean {
  const parts = topic.split('/');
  const prefixParts = ctx.prefix.split('/');
  return parts.length === prefixParts.length + 4 && topic.startsWith(`${ctx.prefix}/`) &&
    parts[prefixParts.length + 1] === ctx.nodeId && parts[parts.length - 1] === 'config';
}
