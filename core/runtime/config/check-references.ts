/**
 * What no single entry can check: scenes and automations name devices and scenes that exist; device,
 * scene and automation ids and device addresses are unique. It reads the file's own data (even when
 * an entry is invalid), so every problem has the key path where it was written.
 */
import { MIIO_PORT } from '../../sim/config.js';
import { closestName } from './closest-name.js';
import type { KeyPath } from './read-config-tree.js';

export interface ReferenceProblem {
  readonly path: KeyPath;
  readonly message: string;
}

/** `failed`: a key path already reported (an include that could not be read): its ids are unknown, not absent. */
export function checkReferences(root: unknown, failed: (path: KeyPath) => boolean = () => false): ReferenceProblem[] {
  if (!isObject(root)) return [];
  const problems: ReferenceProblem[] = [];
  const deviceIds = uniqueIds(root.devices, 'devices', 'device', problems);
  uniqueAddresses(root.devices, problems);
  const sceneIds = uniqueIds(root.scenes, 'scenes', 'scene', problems);
  uniqueIds(root.automations, 'automations', 'automation', problems);
  for (const sectionName of ['scenes', 'automations'] as const) {
    walk(root[sectionName], [sectionName], (object, path) => {
      if (typeof object.device === 'string' && !deviceIds.has(object.device) && !failed(['devices'])) {
        problems.push({ path: [...path, 'device'], message: unknown('device', object.device, deviceIds) });
      }
      if (sectionName === 'automations' && typeof object.scene === 'string' && !sceneIds.has(object.scene) && !failed(['scenes'])) {
        problems.push({ path: [...path, 'scene'], message: unknown('scene', object.scene, sceneIds) });
      }
    });
  }
  return problems;
}

function unknown(kind: string, id: string, known: ReadonlySet<string>): string {
  const near = closestName(id, [...known]);
  return `no ${kind} has the id '${id}'${near ? `; did you mean '${near}'?` : known.size === 0 ? ` (no ${kind}s are configured)` : ''}`;
}

/** The ids of a list of entries; a repeated id is a problem naming both entries. */
function uniqueIds(list: unknown, section: string, kind: string, problems: ReferenceProblem[]): Set<string> {
  const ids = new Map<string, number>();
  if (!Array.isArray(list)) return new Set();
  list.forEach((entry: unknown, index) => {
    if (!isObject(entry) || typeof entry.id !== 'string') return;
    const first = ids.get(entry.id);
    if (first === undefined) ids.set(entry.id, index);
    else problems.push({ path: [section, index, 'id'], message: `${kind} id '${entry.id}' is used twice: ${section}[${first}] and ${section}[${index}]` });
  });
  return new Set(ids.keys());
}

/** One miIO device per address and port (the port defaults to 54321). */
function uniqueAddresses(list: unknown, problems: ReferenceProblem[]): void {
  const places = new Map<string, number>();
  if (!Array.isArray(list)) return;
  list.forEach((entry: unknown, index) => {
    if (!isObject(entry) || typeof entry.host !== 'string') return;
    const place = `${entry.host}:${typeof entry.port === 'number' ? entry.port : MIIO_PORT}`;
    const first = places.get(place);
    if (first === undefined) places.set(place, index);
    else problems.push({ path: ['devices', index, 'host'], message: `${place} is also devices[${first}]: one miIO device per address and port` });
  });
}

function walk(value: unknown, path: KeyPath, visit: (object: Record<string, unknown>, path: KeyPath) => void, depth = 0): void {
  if (depth > 64) return;
  if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index], visit, depth + 1));
  else if (isObject(value)) {
    visit(value, path);
    for (const [key, item] of Object.entries(value)) walk(item, [...path, key], visit, depth + 1);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
