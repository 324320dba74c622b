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

// A real electron-builder run (`--linux dir`) against a stub Electron (one executable file), as
// far as it goes without network: the asar, the unpacked native modules and the resources.
describe('electron-builder --linux dir (stub Electron, no fuses, no rebuild)', () => {
  it('packs main, preload, core process and dashboard; unpacks native modules; copies resources', async () => {
    const { execFile } = await import('node:child_process');
    const { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, readdirSync } = await import('node:fs');
    const os = await import('node:os');
    const { stringify } = await import('yaml');
    const asar = require('@electron/asar') as { listPackage(file: string): string[] };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-builder-'));
    try {
      mkdirSync(path.join(dir, 'stub'));
      writeFileSync(path.join(dir, 'stub', 'electron'), '#!/bin/sh\n');
      chmodSync(path.join(dir, 'stub', 'electron'), 0o755);
      // Fuses need a real Electron binary (the sentinel); everything else is the committed config.
      const { electronFuses: _fuses, ...rest } = structuredClone(config);
      const dry = { ...rest, directories: { output: path.join(dir, 'out') }, npmRebuild: false, electronVersion: '41.7.1', electronDist: path.join(dir, 'stub') };
      writeFileSync(path.join(dir, 'dry.yml'), stringify(dry));
      await new Promise<void>((resolve, reject) => {
        execFile(process.execPath, [require.resolve('electron-builder/cli.js'), '--linux', 'dir', '--x64', '--config', path.join(dir, 'dry.yml')],
          { cwd: REPO_ROOT, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`${stdout}\n${stderr}`)) : resolve()));
      });
      const resources = path.join(dir, 'out', 'linux-unpacked', 'resources');
      const files = asar.listPackage(path.join(resources, 'app.asar'));
      expect(files).toEqual(expect.arrayContaining(['/dist/main/index.js', '/dist/main/preload.cjs', '/dist/main/core-process.js', '/dist/renderer/index.html', '/package.json']));
      expect(files.filter((f) => f.startsWith('/dist/test/') || /\/dist\/.*\.test\.js$/.test(f))).toEqual([]);
      expect(readdirSync(path.join(resources, 'app.asar.unpacked', 'node_modules')).sort()).toEqual(expect.arrayContaining(['better-sqlite3']));
      expect(readdirSync(path.join(resources, 'config'))).toContain('demo.yaml');
      expect(readdirSync(path.join(resources, 'demo'))).toContain('homeward-ev.dbc');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
