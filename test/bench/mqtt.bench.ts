import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type MqttClient } from 'mqtt';
import { filter, firstValueFrom } from 'rxjs';
import { ManualClock } from '../../core/base/manual-clock.js';
import { startMqttBridge } from '../../core/mqtt/start-mqtt-bridge.js';
import { createMqttOutboxStore } from '../../core/store/mqtt-outbox-store.js';
import { openStore } from '../../core/store/open-store.js';
import { MOSQUITTO_PUB, startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.js';
import { TestRuntime } from '../helpers/test-runtime.js';
import { waitFor } from '../helpers/wait-for.js';
import { formatTable, median } from './miio-bench-support.js';

/**
 * MQTT publish throughput to mosquitto 2.0.11 on loopback, counted at a subscriber (end to end):
 * mosquitto_pub -l (one process, N lines on stdin), a plain mqtt.js loop, and Homeward's bridge
 * (car events through RuntimeApi, QoS 1, with mqtt.js's memory store and with the SQLite outbox in
 * synchronous=FULL; retained VSS state, N distinct paths). The bridge has no QoS 0 path (every
 * message it sends is QoS 1), so QoS 0 is the peers only. Rounds interleaved; median reported.
 */
const N = Number(process.env.HOMEWARD_BENCH_MQTT_MESSAGES ?? 10_000);
const ROUNDS = Number(process.env.HOMEWARD_BENCH_ROUNDS ?? 3);
const PAYLOAD = JSON.stringify({ event_id: 'homeward-0-1', name: 'home.arrived', ts: 1_764_000_000.5, evidence: { distance_m: 12 } });

let topicSeq = 0;

/** Counts what arrives on a topic; resolves with the time from `start` to the Nth message. */
async function subscriber(broker: MosquittoBroker, topic: string, qos: 0 | 1): Promise<{ client: MqttClient; done(n: number): Promise<void> }> {
  const client = connect(broker.url, { username: broker.username, password: broker.password, clientId: `bench-sub-${topicSeq}` });
  let count = 0;
  client.on('message', () => { count += 1; });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await client.subscribeAsync(topic, { qos });
  return { client, done: (n) => waitFor(() => count >= n, { timeoutMs: 120_000, what: `${n} messages on ${topic}`, everyMs: 1 }).then(() => undefined) };
}

async function timed(broker: MosquittoBroker, qos: 0 | 1, send: (topic: string) => Promise<void> | void, expected = N, topicFilter?: (topic: string) => string): Promise<number> {
  topicSeq += 1;
  const topic = `bench/${topicSeq}/t`;
  const sub = await subscriber(broker, topicFilter ? topicFilter(topic) : topic, qos);
  const t0 = process.hrtime.bigint();
  await send(topic);
  await sub.done(expected);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await sub.client.endAsync(true);
  return expected / seconds;
}

function mosquittoPub(broker: MosquittoBroker, qos: 0 | 1) {
  return (topic: string) => new Promise<void>((resolve, reject) => {
    const child = spawn(MOSQUITTO_PUB, ['-h', '127.0.0.1', '-p', String(broker.port), '-u', broker.username, '-P', broker.password, '-t', topic, '-q', String(qos), '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exit ${code}: ${stderr}`))));
    child.stdin.end(`${PAYLOAD}\n`.repeat(N));
  });
}

function mqttJsLoop(broker: MosquittoBroker, qos: 0 | 1) {
  return async (topic: string) => {
    const client = await connectClient(broker);
    await new Promise<void>((resolve, reject) => {
      let left = N;
      for (let i = 0; i < N; i++) client.publish(topic, PAYLOAD, { qos }, (e) => { if (e) reject(e); else if (--left === 0) resolve(); });
    });
    await client.endAsync();
  };
}

async function connectClient(broker: MosquittoBroker): Promise<MqttClient> {
  const client = connect(broker.url, { username: broker.username, password: broker.password });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  return client;
}

/** The bridge: N car events (or N distinct VSS paths) pushed through RuntimeApi as the runtime would. */
function bridge(broker: MosquittoBroker, kind: 'events' | 'signals', store: 'memory' | 'sqlite', dir: string) {
  return async (topic: string) => {
    const base = topic.slice(0, -2);
    const runtime = new TestRuntime();
    const db = store === 'sqlite' ? openStore({ path: path.join(dir, `${base.replaceAll('/', '_')}.db`), scheduler: new ManualClock() }) : null;
    const b = startMqttBridge({
      api: runtime, scheduler: new ManualClock(), url: broker.url, username: broker.username, password: broker.password, clientId: `bench-${base}`,
      protocolVersion: 4, baseTopic: base, discoveryPrefix: `bench-ha/${topicSeq}`, discovery: false, birthTopic: `bench-ha/${topicSeq}/status`,
      ...(db ? { stores: { incoming: createMqttOutboxStore(db, 'incoming'), outgoing: createMqttOutboxStore(db, 'outgoing') } } : {}),
      onUnexpectedError: (e) => process.stderr.write(`bridge: ${String(e)}\n`),
    });
    await firstValueFrom(b.connected$.pipe(filter(Boolean)));
    const before = b.stats.published;
    if (kind === 'events') for (let i = 0; i < N; i++) runtime.event('t', { distance_m: i });
    else for (let i = 0; i < N; i++) runtime.signal(`Vehicle.Bench.S${i}`, i);
    await waitFor(() => b.stats.published - before >= N, { timeoutMs: 120_000, everyMs: 1, what: 'acks' });
    await b.stop();
    db?.close();
  };
}

export async function run(): Promise<void> {
  // A burst of N publishes waits on the socket's drain N times (mqtt.js): not a leak here.
  EventEmitter.defaultMaxListeners = Math.max(EventEmitter.defaultMaxListeners, N + 100);
  const broker = await startMosquitto();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homeward-bench-mqtt-'));
  try {
    const cases: { name: string; qos: 0 | 1; send: (topic: string) => Promise<void> | void; filter?: (t: string) => string }[] = [
      { name: 'mosquitto_pub -l', qos: 0, send: mosquittoPub(broker, 0) },
      { name: 'mqtt.js loop', qos: 0, send: mqttJsLoop(broker, 0) },
      { name: 'mosquitto_pub -l', qos: 1, send: mosquittoPub(broker, 1) },
      { name: 'mqtt.js loop', qos: 1, send: mqttJsLoop(broker, 1) },
      { name: 'homeward events, memory store', qos: 1, send: bridge(broker, 'events', 'memory', dir), filter: (t) => `${t.slice(0, -2)}/event/#` },
      { name: 'homeward events, SQLite outbox', qos: 1, send: bridge(broker, 'events', 'sqlite', dir), filter: (t) => `${t.slice(0, -2)}/event/#` },
      { name: 'homeward VSS state, memory store', qos: 1, send: bridge(broker, 'signals', 'memory', dir), filter: (t) => `${t.slice(0, -2)}/vss/#` },
      { name: 'homeward VSS state, SQLite outbox', qos: 1, send: bridge(broker, 'signals', 'sqlite', dir), filter: (t) => `${t.slice(0, -2)}/vss/#` },
    ];
    const rates = cases.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, c] of cases.entries()) rates[i].push(await timed(broker, c.qos, c.send, N, c.filter));
    }
    const med = rates.map(median);
    const peerOf = (qos: 0 | 1): number => med[cases.findIndex((c) => c.name === 'mqtt.js loop' && c.qos === qos)];
    const pubOf = (qos: 0 | 1): number => med[cases.findIndex((c) => c.name === 'mosquitto_pub -l' && c.qos === qos)];
    const rows = cases.map((c, i) => [
      c.name, `QoS ${c.qos}`, Math.round(med[i]).toLocaleString('en'), rates[i].map((r) => Math.round(r)).join(' / '),
      (med[i] / peerOf(c.qos)).toFixed(2), (med[i] / pubOf(c.qos)).toFixed(2),
    ]);
    process.stdout.write(`MQTT publish throughput to mosquitto 2.0.11 on loopback, ${N} messages of ${PAYLOAD.length} B, counted at a subscriber\n`);
    process.stdout.write(`${formatTable(['publisher', 'qos', 'msg/s (median)', 'rounds', '÷ mqtt.js loop', '÷ mosquitto_pub'], rows)}\n`);
  } finally {
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// Also runnable alone: node dist/test/bench/mqtt.bench.js
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await run();
