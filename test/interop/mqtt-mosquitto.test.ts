import { afterAll, beforeAll, describe } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { hasMosquitto, startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.js';
import { bridgeScenarios } from './mqtt-bridge-scenarios.js';

/** The bridge against Debian's mosquitto 2.0.11 (a password file, loopback), MQTT 3.1.1 and 5. */
const ready = requirePeer('mosquitto', hasMosquitto(), 'apt-get install -y mosquitto mosquitto-clients');

describe.skipIf(!ready)('MQTT bridge ↔ mosquitto', () => {
  let broker: MosquittoBroker;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.close();
  });

  for (const protocolVersion of [4, 5] as const) {
    describe(`MQTT ${protocolVersion === 4 ? '3.1.1' : '5'}`, () => {
      bridgeScenarios(() => ({ name: 'mosquitto', url: broker.url, username: broker.username, password: broker.password, protocolVersion }));
    });
  }
});
