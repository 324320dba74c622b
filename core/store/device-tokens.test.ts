import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../base/manual-clock.js';
import { openStore } from './open-store.js';
import type { HomewardStore, StoreOptions } from './store-types.js';

const TOKEN = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
let dir: string;
const opened: HomewardStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-tokens-'));
});

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(options: Partial<StoreOptions> = {}): HomewardStore {
  const store = openStore({ path: path.join(dir, 'homeward.db'), scheduler: new ManualClock(), ...options });
  opened.push(store);
  return store;
}

/** Every file of the database (the main file, its WAL and shared memory) as one byte string. */
function databaseBytes(): Buffer {
  const files = ['homeward.db', 'homeward.db-wal', 'homeward.db-shm'].map((f) => path.join(dir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

function expectNoToken(bytes: Buffer): void {
  const raw = Buffer.from(TOKEN, 'hex');
  for (const needle of [Buffer.from(TOKEN), Buffer.from(TOKEN.toUpperCase()), raw, Buffer.from(raw.toString('base64'))]) {
    expect(bytes.indexOf(needle)).toBe(-1);
  }
}

describe('device tokens at rest', () => {
  it('round-trips a token through AES-256-GCM and a 0600 key file, across reopen', () => {
    let store = open();
    store.saveDeviceToken('plug-1', TOKEN);
    expect(store.loadDeviceToken('plug-1')).toBe(TOKEN);
    expect(store.loadDeviceToken('other')).toBeUndefined();
    expect(statSync(path.join(dir, 'store.key')).mode & 0o777).toBe(0o600);
    store.close();
    store = open();
    expect(store.loadDeviceToken('plug-1')).toBe(TOKEN);
  });

  it('never writes the token in clear: not in the database, its WAL, or the key file', () => {
    const store = open();
    store.saveDeviceToken('plug-1', TOKEN);
    store.recordDevice({ id: 'plug-2', name: 'p', model: 'm', family: 'f', online: true, values: {}, ts: 1, properties: [], actions: [] }, Buffer.from(TOKEN, 'hex'));
    store.flush();
    expect(store.loadDeviceToken('plug-2')).toBe(TOKEN);
    expectNoToken(databaseBytes()); // before the checkpoint: the rows are in the WAL
    store.close();
    expectNoToken(databaseBytes());
    expectNoToken(readFileSync(path.join(dir, 'store.key')));
  });

  it('uses the given key and creates no key file; another key cannot open the box', () => {
    const key = Buffer.alloc(32, 7);
    let store = open({ key });
    store.saveDeviceToken('plug-1', TOKEN);
    store.close();
    expect(existsSync(path.join(dir, 'store.key'))).toBe(false);
    store = open({ key: Buffer.alloc(32, 8) });
    let thrown: unknown;
    try {
      store.loadDeviceToken('plug-1');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'store.secret', path: path.join(dir, 'homeward.db') });
    expect(String((thrown as Error).message)).not.toContain(TOKEN);
    store.close();
    expect(open({ key }).loadDeviceToken('plug-1')).toBe(TOKEN);
  });

  it('a box copied to another device does not open (the name is authenticated)', () => {
    const store = open();
    store.saveDeviceToken('plug-1', TOKEN);
    store.database.prepare("INSERT INTO secrets (name, box) SELECT 'miio-token:thief', box FROM secrets WHERE name = 'miio-token:plug-1'").run();
    expect(() => store.loadDeviceToken('thief')).toThrow(expect.objectContaining({ code: 'store.secret' }));
  });

  it('writes nothing when a device update carries the token already stored', () => {
    const store = open();
    const info = { id: 'plug-4', name: 'p', model: 'm', family: 'f', online: true, values: {}, ts: 1, properties: [], actions: [] };
    store.recordDevice(info, TOKEN);
    const box = () => (store.database.prepare("SELECT box FROM secrets WHERE name = 'miio-token:plug-4'").get() as { box: Buffer }).box;
    const first = box();
    store.recordDevice(info, TOKEN.toUpperCase());
    expect(box().equals(first)).toBe(true); // a re-seal would have a fresh IV
    store.recordDevice(info, 'ffffffffffffffffffffffffffffffff');
    expect(box().equals(first)).toBe(false);
    expect(store.loadDeviceToken('plug-4')).toBe('ffffffffffffffffffffffffffffffff');
  });

  it('refuses a malformed token or key without echoing it', () => {
    const store = open();
    const bad = 'zz1e2d3c4b5a69788796a5b4c3d2e1f0';
    expect(() => store.saveDeviceToken('plug-1', bad)).toThrow(expect.objectContaining({ code: 'store.value' }));
    try {
      store.saveDeviceToken('plug-1', bad);
    } catch (error) {
      expect((error as Error).message).not.toContain(bad);
    }
    expect(() => open({ key: Buffer.alloc(16) })).toThrow(expect.objectContaining({ code: 'store.key' }));
  });

  it('reports a bad token given with a device on errors$ and still records the device', () => {
    const store = open();
    const errors: string[] = [];
    store.errors$.subscribe((e) => errors.push(e.code));
    store.recordDevice({ id: 'plug-3', name: 'p', model: 'm', family: 'f', online: true, values: {}, ts: 1, properties: [], actions: [] }, 'short');
    expect(errors).toEqual(['store.value']);
    expect(store.lastDevices().map((d) => d.id)).toEqual(['plug-3']);
  });
});
