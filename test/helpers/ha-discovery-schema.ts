/**
 * Home Assistant's documented MQTT discovery schema for the platforms the bridge announces, key by
 * key (home-assistant.io `source/_integrations/{sensor,binary_sensor,device_tracker,button,switch}.mqtt.markdown`,
 * `mqtt.markdown` for device/origin/availability; device classes, units and state classes from core
 * `components/sensor/const.py`, `components/binary_sensor/__init__.py`; see
 * ../shared/reference/automations-mqtt-store.md §3). A key HA does not document for the platform, a
 * missing required key or a value of the wrong kind is a problem.
 */
type Kind = 'string' | 'boolean' | 'number' | 'string|null' | 'list' | 'object';

const ENTITY_COMMON: Record<string, Kind> = {
  availability: 'list', availability_mode: 'string', availability_template: 'string', availability_topic: 'string',
  payload_available: 'string', payload_not_available: 'string', device: 'object', origin: 'object', enabled_by_default: 'boolean',
  entity_category: 'string', entity_picture: 'string', icon: 'string', json_attributes_template: 'string',
  json_attributes_topic: 'string', name: 'string|null', object_id: 'string', default_entity_id: 'string', unique_id: 'string',
  qos: 'number', encoding: 'string',
};

export const PLATFORMS: Record<string, { required: string[]; keys: Record<string, Kind> }> = {
  sensor: {
    required: ['state_topic'],
    keys: { state_topic: 'string', device_class: 'string', unit_of_measurement: 'string', state_class: 'string', value_template: 'string',
      expire_after: 'number', force_update: 'boolean', last_reset_value_template: 'string', suggested_display_precision: 'number', options: 'list' },
  },
  binary_sensor: {
    required: ['state_topic'],
    keys: { state_topic: 'string', device_class: 'string', expire_after: 'number', force_update: 'boolean', off_delay: 'number',
      payload_on: 'string', payload_off: 'string', value_template: 'string' },
  },
  device_tracker: {
    required: [],
    keys: { state_topic: 'string', payload_home: 'string', payload_not_home: 'string', payload_reset: 'string', source_type: 'string', value_template: 'string' },
  },
  button: {
    required: ['command_topic'],
    keys: { command_topic: 'string', command_template: 'string', device_class: 'string', payload_press: 'string', retain: 'boolean' },
  },
  switch: {
    required: ['command_topic'],
    keys: { command_topic: 'string', command_template: 'string', device_class: 'string', optimistic: 'boolean', payload_on: 'string',
      payload_off: 'string', state_on: 'string', state_off: 'string', state_topic: 'string', retain: 'boolean', value_template: 'string' },
  },
};

const DEVICE_KEYS: Record<string, Kind> = {
  configuration_url: 'string', connections: 'list', hw_version: 'string', identifiers: 'list', manufacturer: 'string', model: 'string',
  model_id: 'string', name: 'string', serial_number: 'string', suggested_area: 'string', sw_version: 'string', via_device: 'string',
};
const ORIGIN_KEYS: Record<string, Kind> = { name: 'string', sw_version: 'string', support_url: 'string' };
const AVAILABILITY_KEYS: Record<string, Kind> = { topic: 'string', payload_available: 'string', payload_not_available: 'string', value_template: 'string' };

/** Units HA accepts per sensor device class, and the state classes it allows with them. */
export const SENSOR_CLASSES: Record<string, { units: string[]; stateClasses: string[] }> = {
  speed: { units: ['ft/s', 'in/d', 'in/h', 'in/s', 'km/h', 'kn', 'm/s', 'mm/d', 'mm/h', 'mm/s', 'mph'], stateClasses: ['measurement'] },
  battery: { units: ['%'], stateClasses: ['measurement'] },
  distance: { units: ['km', 'm', 'cm', 'mm', 'mi', 'nmi', 'yd', 'in', 'ft'], stateClasses: ['measurement', 'total', 'total_increasing'] },
};
export const BINARY_SENSOR_CLASSES = ['battery', 'battery_charging', 'carbon_monoxide', 'cold', 'connectivity', 'door', 'garage_door', 'gas', 'heat',
  'light', 'lock', 'moisture', 'motion', 'moving', 'occupancy', 'opening', 'plug', 'power', 'presence', 'problem', 'running', 'safety',
  'smoke', 'sound', 'tamper', 'update', 'vibration', 'window'];
export const SOURCE_TYPES = ['gps', 'router', 'bluetooth', 'bluetooth_le'];

function kindOf(value: unknown): Kind | 'other' {
  if (value === null) return 'string|null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value === '' ? 'other' : typeof value as Kind;
  if (typeof value === 'object') return 'object';
  return 'other';
}

function checkKeys(where: string, value: Record<string, unknown>, keys: Record<string, Kind>, problems: string[]): void {
  for (const [key, v] of Object.entries(value)) {
    const want = keys[key];
    if (want === undefined) problems.push(`${where}${key}: not a documented key`);
    else if (!(want === 'string|null' ? v === null || typeof v === 'string' : kindOf(v) === want)) problems.push(`${where}${key}: expected ${want}, got ${JSON.stringify(v)}`);
  }
}

const ID = /^[a-zA-Z0-9_-]+$/;

/** Problems with one config payload published on `topic` (empty list: HA accepts it as documented). */
export function checkDiscoveryConfig(topic: string, prefix: string, config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const parts = topic.slice(prefix.length + 1).split('/');
  const [platform, nodeId, objectId, last] = parts;
  if (!topic.startsWith(`${prefix}/`) || parts.length !== 4 || last !== 'config') return [`${topic}: not <prefix>/<platform>/<node_id>/<object_id>/config`];
  if (!ID.test(nodeId) || !ID.test(objectId)) problems.push(`${topic}: node_id/object_id must match [a-zA-Z0-9_-]+`);
  const schema = PLATFORMS[platform];
  if (schema === undefined) return [`${topic}: platform ${platform} is not one the bridge should announce`];
  checkKeys('', config, { ...ENTITY_COMMON, ...schema.keys }, problems);
  for (const key of schema.required) if (config[key] === undefined) problems.push(`${key}: required`);
  if (platform === 'device_tracker' && config.state_topic === undefined && config.json_attributes_topic === undefined) problems.push('device_tracker: needs state_topic or json_attributes_topic');
  const device = config.device as Record<string, unknown> | undefined;
  if (device === undefined) problems.push('device: missing (the car is one device)');
  else {
    checkKeys('device.', device, DEVICE_KEYS, problems);
    if (!Array.isArray(device.identifiers) || device.identifiers.length === 0) problems.push('device.identifiers: required for grouping');
  }
  const origin = config.origin as Record<string, unknown> | undefined;
  if (origin !== undefined) {
    checkKeys('origin.', origin, ORIGIN_KEYS, problems);
    if (typeof origin.name !== 'string') problems.push('origin.name: required');
  }
  for (const [i, a] of ((config.availability as Record<string, unknown>[] | undefined) ?? []).entries()) {
    checkKeys(`availability.${i}.`, a, AVAILABILITY_KEYS, problems);
    if (typeof a.topic !== 'string') problems.push(`availability.${i}.topic: required`);
  }
  if (typeof config.unique_id !== 'string') problems.push('unique_id: needed so the entity can be edited and removed');
  if (config.qos !== undefined && ![0, 1, 2].includes(config.qos as number)) problems.push('qos: 0, 1 or 2');
  if (platform === 'sensor' && config.device_class !== undefined) {
    const rule = SENSOR_CLASSES[config.device_class as string];
    if (rule === undefined) problems.push(`device_class ${String(config.device_class)}: not checked here`);
    else {
      if (!rule.units.includes(config.unit_of_measurement as string)) problems.push(`unit_of_measurement ${String(config.unit_of_measurement)}: not valid for ${String(config.device_class)}`);
      if (config.state_class !== undefined && !rule.stateClasses.includes(config.state_class as string)) problems.push(`state_class ${String(config.state_class)}: not valid for ${String(config.device_class)}`);
    }
  }
  if (platform === 'binary_sensor' && config.device_class !== undefined && !BINARY_SENSOR_CLASSES.includes(config.device_class as string)) problems.push(`device_class ${String(config.device_class)}: not a binary_sensor class`);
  if (platform === 'device_tracker' && config.source_type !== undefined && !SOURCE_TYPES.includes(config.source_type as string)) problems.push(`source_type ${String(config.source_type)}: not a source type`);
  return problems;
}
