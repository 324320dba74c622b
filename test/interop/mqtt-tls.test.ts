import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import { startMqttBridge, type MqttBridgeOptions } from '../../core/mqtt/start-mqtt-bridge.js';
import { hasMosquitto, startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.js';
import { startMqttSpy } from '../helpers/mqtt-spy.js';
import { requirePeer } from '../helpers/peers.js';
import { makeTestCerts, type TestCerts } from '../helpers/test-certs.js';
import { TestRuntime } from '../helpers/test-runtime.js';
import { pause, waitFor } from '../helpers/wait-for.js';

/** An external broker over TLS: mosquitto with a CA made by openssl, requiring a client certificate. */
const ready = requirePeer('mosquitto', hasMosquitto(), 'apt-get install -y mosquitto mosquitto-clients');

describe.skipIf(!ready)('MQTT bridge over TLS (mosquitto, client certificate required)', () => {
  let dir: string;
  let certs: TestCerts;
  let other: TestCerts;
  let broker: MosquittoBroker;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-mqtt-tls-'));
    certs = await makeTestCerts(dir);
    const otherDir = path.join(dir, 'other');
    await mkdir(otherDir);
    other = await makeTestCerts(otherDir, 'somebody-else');
    broker = await startMosquitto({ tls: { caFile: certs.caFile, certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, requireCertificate: true } });
  });
  afterAll(async () => {
    await broker?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const start = (tls: MqttBridgeOptions['tls'], errors: unknown[], base: string) => startMqttBridge({
    api: new TestRuntime(), scheduler: new ManualClock(), url: broker.url, username: broker.username, password: broker.password,
    clientId: `tls-${base}`, protocolVersion: 5, baseTopic: base, discoveryPrefix: `ha-${base}`, discovery: true, birthTopic: `ha-${base}/status`,
    tls, reconnect: { initialMs: 100, maxMs: 200 }, onUnexpectedError: (e) => errors.push(e),
  });

  it('connects with the CA and a client certificate (PEM text) and publishes', async () => {
    const errors: unknown[] = [];
    const base = `tls-ok-${process.pid}`;
    const spy = await startMqttSpy({ url: broker.url, username: broker.username, password: broker.password, filter: `${base}/#`,
      connectOptions: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
    const bridge = start({ ca: certs.ca, cert: certs.clientCert, key: certs.clientKey, rejectUnauthorized: true }, errors, base);
    try {
      await firstValueFrom(bridge.connected$.pipe(filter(Boolean)));
      expect((await spy.next(`${base}/status`)).text).toBe('online');
      expect(errors).toEqual([]);
    } finally {
      await bridge.stop();
      await spy.close();
    }
  });

  it('refuses a broker whose certificate another CA signed, and a connection without a client certificate', async () => {
    for (const tls of [
      { ca: other.ca, cert: certs.clientCert, key: certs.clientKey, rejectUnauthorized: true },
      { ca: certs.ca, rejectUnauthorized: true },
    ]) {
      const errors: unknown[] = [];
      const seen: boolean[] = [];
      const bridge = start(tls, errors, `tls-bad-${process.pid}`);
      const watching = bridge.connected$.subscribe((c) => seen.push(c));
      try {
        await waitFor(() => errors.length > 0, { what: 'a TLS failure' });
        await pause(300);
        expect(seen).toEqual([false]);
        expect(String(errors[0])).toMatch(/self-signed certificate|certificate required/);
      } finally {
        watching.unsubscribe();
        await bridge.stop();
      }
    }
  });
});
