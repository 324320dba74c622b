/**
 * A loaded configuration in a few lines, for `homeward config check` and start-up logs. No token,
 * password or other `!secret` value is ever shown: values from secrets print as [secret], a broker
 * URL loses its user and password.
 */
import path from 'node:path';
import type { LoadedConfig } from './load-config.js';
import { isLoopbackHost } from './web-schema.js';
import { canSourceSpec } from './vehicle-schema.js';

const SECRET = '[secret]';

export function describeConfig(loaded: LoadedConfig): string[] {
  const { config } = loaded;
  const show = (keyPath: readonly (string | number)[], value: string | number): string => (loaded.fromSecret(keyPath) ? SECRET : String(value));
  const lines: string[] = [];

  const home = config.home;
  lines.push(
    home
      ? `home: ${show(['home', 'name'], home.name)} at ${show(['home', 'latitude'], home.latitude)}, ${show(['home', 'longitude'], home.longitude)} (radius ${home.radius_m} m, approach ${home.approach_radius_m} m)`
      : 'home: not set (no home.* events)',
  );

  const v = config.vehicle;
  const can = canSourceSpec(v.can);
  const source =
    can?.kind === 'demo' ? 'the demo car (simulated, on the in-process bus)'
    : can?.kind === 'socketcan' ? `SocketCAN interface ${can.iface}`
    : can?.kind === 'candump' ? `candump log ${can.file}`
    : 'none';
  const decode = can?.kind === 'none' ? '' : `; DBC ${v.dbc.map((f) => path.basename(f)).join(', ')}; mapping ${path.basename(v.mapping)}`;
  lines.push(`vehicle: ${source}${decode}${v.speed !== 1 ? `; speed ×${v.speed}` : ''}`);

  const simulated = config.devices.filter((d) => d.simulate).length;
  lines.push(`devices: ${config.devices.length}${simulated > 0 ? ` (${simulated} simulated)` : ''}`);
  config.devices.forEach((d, i) => {
    lines.push(`  ${d.id}: ${d.model} at ${show(['devices', i, 'host'], d.host)}:${d.port}, polled every ${d.poll_interval_s} s${d.simulate ? ', simulated' : ''}`);
  });
  lines.push(`scenes: ${config.scenes.length}${list(config.scenes.map((s) => s.id))}`);
  lines.push(`automations: ${config.automations.length}${list(config.automations.map((a) => a.id))}`);
  lines.push(`storage: ${show(['storage', 'path'], config.storage.path)} (keeps ${config.storage.retention_days} days, at most ${config.storage.max_size_mb} MB)`);

  const m = config.mqtt;
  const version = m.protocol_version === 5 ? 'MQTT 5' : 'MQTT 3.1.1';
  lines.push(
    !m.enabled ? 'mqtt: disabled'
    : m.url === undefined ? `mqtt: embedded broker (aedes, ${version}) on 127.0.0.1:${m.embedded.port === 0 ? 'any free port' : m.embedded.port}`
    : `mqtt: external broker ${loaded.fromSecret(['mqtt', 'url']) ? SECRET : withoutCredentials(m.url)} (${version}${m.tls ? ', TLS' : ''}${m.username !== undefined ? ', with login' : ''})`,
  );

  const w = config.web;
  const host = w.host.includes(':') ? `[${w.host}]` : w.host;
  lines.push(!w.enabled ? 'web: disabled' : `web: http://${host}:${w.port}${isLoopbackHost(w.host) ? '' : ` (pairing ${w.pairing_token === undefined ? 'token generated at start' : 'token from the config'})`}`);
  return lines;
}

function list(ids: readonly string[]): string {
  return ids.length === 0 ? '' : ` (${ids.join(', ')})`;
}

/** mqtt://user:pass@host:1883 → mqtt://host:1883. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1');
}
