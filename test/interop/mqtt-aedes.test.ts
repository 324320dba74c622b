import { stat, readFile, chmod } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS_FILE } from '../../core/mqtt/broker-credentials.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../core/mqtt/start-embedded-broker.js';
import { activeResources } from '../helpers/runtime-fixture.js';
import { waitFor } from '../helpers/wait-for.js';
import { openBridge } from './mqtt-bridge-fixture.js';
import { bridgeScenarios } from './mqtt-bridge-scenarios.js';

/** The bridge against the embedded aedes broker `npm start` uses when none is configured (MQTT 3.1.1 only). */
describe('MQTT bridge ↔ embedded aedes', () => {
  let dataDir: string;
  let broker: EmbeddedBroker;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'homeward-aedes-'));
    broker = await startEmbeddedBroker({ dataDir });
  });
  afterAll(async () => {
    await broker?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  bridgeScenarios(() => ({ name: 'aedes', url: broker.url, username: broker.username, password: broker.password, protocolVersion: 4 }));

  describe('the embedded broker', () => {
    const tryLogin = (url: string, options: { username?: string; password?: string; protocolVersion?: 4 | 5 }): Promise<string> =>
      new Promise((resolve) => {
        const client = connect(url, { ...options, reconnectPeriod: 0, connectTimeout: 3000 });
        client.once('connect', () => { client.end(true); resolve('connected'); });
        client.once('error', (error) => { client.end(true); resolve(error.message); });
      });

    it('listens on loopback with generated credentials kept in the data directory with mode 0600', async () => {
      expect(broker.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
      const file = path.join(dataDir, CREDENTIALS_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ username: broker.username, password: broker.password });
      expect(broker.password.length).toBeGreaterThanOrEqual(24);
    });

    it('refuses a wrong password, no password and MQTT 5 (aedes speaks 3.1.1 only)', async () => {
      expect(await tryLogin(broker.url, { username: broker.username, password: 'wrong' })).toMatch(/bad username or password/i);
      expect(await tryLogin(broker.url, {})).toMatch(/bad username or password|not authorized/i);
      expect(await tryLogin(broker.url, { username: broker.username, password: broker.password, protocolVersion: 5 })).toMatch(/protocol/i);
      expect(await tryLogin(broker.url, { username: broker.username, password: broker.password })).toBe('connected');
    });

    it('leaves no socket, server or timer behind once the bridge and the broker are stopped', async () => {
      const kinds = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'];
      const count = (): number[] => kinds.map((k) => activeResources().get(k) ?? 0);
      const before = count();
      const dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-aedes-leak-'));
      try {
        const own = await startEmbeddedBroker({ dataDir: dir });
        const f = await openBridge({ name: 'aedes', url: own.url, username: own.username, password: own.password, protocolVersion: 4 });
        f.runtime.signal('Vehicle.Speed', 1);
        f.runtime.signal('Vehicle.Speed', 2); // a rate-limit timer pending at stop
        await f.close();
        await own.stop();
        const settled = await waitFor(() => {
          const now = count();
          return now.every((n, i) => n <= before[i]) ? now : undefined;
        }, { what: 'handles back to where they were', timeoutMs: 5000 }).catch(() => count());
        expect(settled.map((n, i) => n <= before[i]), `${kinds.join(', ')}: ${before.join(', ')} before, ${settled.join(', ')} after`).toEqual(kinds.map(() => true));
        expect(f.clock.pendingTimers).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('keeps its credentials across restarts and tightens a loosened file', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-aedes-restart-'));
      try {
        const one = await startEmbeddedBroker({ dataDir: dir });
        await one.stop();
        await chmod(path.join(dir, CREDENTIALS_FILE), 0o644);
        const two = await startEmbeddedBroker({ dataDir: dir });
        try {
          expect([two.username, two.password]).toEqual([one.username, one.password]);
          expect((await stat(path.join(dir, CREDENTIALS_FILE))).mode & 0o777).toBe(0o600);
          expect(await tryLogin(two.url, { username: two.username, password: two.password })).toBe('connected');
        } finally {
          await two.stop();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
