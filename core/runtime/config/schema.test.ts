import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../base/repo-root.js';
import { knownKeysAt } from './schema-keys.js';
import { createConfigSchema } from './schema.js';

const schema = createConfigSchema({ resolvePath: (p) => p, defaultDatabasePath: '/db' });

describe('the configuration schema', () => {
  it('knows the keys of each section, through preprocessing, transforms and lists', () => {
    expect(knownKeysAt(schema, [])).toEqual(['home', 'vehicle', 'devices', 'scenes', 'automations', 'storage', 'mqtt', 'web', 'dashboard', 'logging']);
    expect(knownKeysAt(schema, ['home'])).toContain('radius_m');
    expect(knownKeysAt(schema, ['devices', 3])).toContain('poll_interval_s');
    expect(knownKeysAt(schema, ['mqtt', 'tls'])).toEqual(['ca', 'cert', 'key', 'reject_unauthorized']);
    expect(knownKeysAt(schema, ['devices', 'x'])).toEqual([]);
  });

  it('every key is documented in docs/configuration.md', () => {
    const docs = readFileSync(path.join(findRepoRoot(import.meta.dirname), 'docs', 'configuration.md'), 'utf8');
    const sections: (string | number)[][] = [[], ['home'], ['vehicle'], ['devices', 0], ['scenes', 0], ['automations', 0], ['storage'], ['mqtt'], ['mqtt', 'tls'], ['mqtt', 'embedded'], ['web'], ['dashboard'], ['logging']];
    const undocumented = sections.flatMap((at) =>
      knownKeysAt(schema, at)
        .filter((key) => !new RegExp(`\`([a-z_]+\\.)?${key}\``).test(docs))
        .map((key) => [...at, key].join('.')),
    );
    expect(undocumented).toEqual([]);
  });
});
