import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/runtime-fixture.js';

// electron-builder's own JSON schema (app-builder-lib, shipped with electron-builder) and its own
// validator options (out/util/config/schemaValidator.js): the Electron binary and fpm cannot be
// fetched here, so the config is checked the way builder checks it before building.
const require = createRequire(import.meta.url);
const Ajv = require('ajv') as new (options: object) => { compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null } };
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as unknown;
const validate = new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema);

type Config = Record<string, unknown> & {
  linux: { target: { target: string; arch: string[] }[]; executableArgs: string[] };
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  files: string[];
  electronFuses: Record<string, boolean>;
  deb: { fpm: string[]; depends: string[] };
};
const config = parse(readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as Config;

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s schema', () => {
    const ok = validate(structuredClone(config));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema catches a misspelt key (so the check above means something)', () => {
    expect(validate({ ...structuredClone(config), asarUnpak: ['**/*.node'] })).toBe(false);
    expect(validate({ ...structuredClone(config), linux: { ...config.linux, target: [{ target: 'deb', arch: ['x86_64'] }] } })).toBe(false);
  });

  it('builds AppImage and deb for x64 and arm64', () => {
    const targets = Object.fromEntries(config.linux.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(targets).toEqual({ AppImage: ['arm64', 'x64'], deb: ['arm64', 'x64'] });
  });

  it('packs the built dashboard, unpacks native modules, ships demo config and DBC as resources', () => {
    expect(config.files).toContain('dist/**/*');
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/node_modules/better-sqlite3/**', '**/node_modules/socketcan/**']));
    expect(config.extraResources.map((r) => r.from)).toEqual(expect.arrayContaining(['config', 'core/vehicle/demo']));
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, grantFileProtocolExtraPrivileges: false });
  });

  it('installs an autostart entry that starts the kiosk', () => {
    const mapping = config.deb.fpm.find((arg) => arg.endsWith('=/etc/xdg/autostart/homeward.desktop'));
    expect(mapping).toBeDefined();
    const entry = readFileSync(path.join(REPO_ROOT, mapping!.split('=')[0]), 'utf8');
    expect(entry).toMatch(/^Exec=\/opt\/Homeward\/homeward --kiosk$/m);
    expect(entry).toMatch(/^Type=Application$/m);
  });
});
