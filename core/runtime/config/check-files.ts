/** The files a configuration names exist: a typo in a DBC path is a config error, not a failed start. */
import type { KeyPath } from './read-config-tree.js';
import type { HomewardConfig } from './schema.js';
import { canSourceSpec } from './vehicle-schema.js';

export interface FileProblem {
  readonly path: KeyPath;
  readonly message: string;
}

export async function checkFiles(config: HomewardConfig, input: unknown, exists: (file: string) => Promise<boolean>): Promise<FileProblem[]> {
  const wanted: { path: KeyPath; file: string }[] = [];
  const dbcIsList = Array.isArray((input as { vehicle?: { dbc?: unknown } } | null)?.vehicle?.dbc);
  config.vehicle.dbc.forEach((file, index) => wanted.push({ path: dbcIsList ? ['vehicle', 'dbc', index] : ['vehicle', 'dbc'], file }));
  wanted.push({ path: ['vehicle', 'mapping'], file: config.vehicle.mapping });
  const can = canSourceSpec(config.vehicle.can);
  if (can?.kind === 'candump') wanted.push({ path: ['vehicle', 'can'], file: can.file });
  for (const key of ['ca', 'cert', 'key'] as const) {
    const file = config.mqtt.tls?.[key];
    if (file !== undefined) wanted.push({ path: ['mqtt', 'tls', key], file });
  }
  const problems: FileProblem[] = [];
  for (const { path, file } of wanted) if (!(await exists(file))) problems.push({ path, message: `no such file: ${file}` });
  return problems;
}
