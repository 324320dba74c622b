import { describe, expect, it } from 'vitest';
import { checkDiscoveryConfig } from '../helpers/ha-discovery-schema.js';
import { automation, TestRuntime } from '../helpers/test-runtime.js';
import { waitFor } from '../helpers/wait-for.js';
import { openBridge, type BrokerUnderTest } from './mqtt-bridge-fixture.js';

/** The bridge against one real broker; mqtt-mosquitto.test.ts and mqtt-aedes.test.ts run it. */
export function bridgeScenarios(broker: () => BrokerUnderTest): void {
  describe('telemetry', () => {
    it('publishes each VSS path and car field as retained state, on change only, at most once a second per topic', async () => {
      const f = await openBridge(broker());
      try {
        const speed = `${f.base}/vss/Vehicle/Speed`;
        f.runtime.signal('Vehicle.Speed', 42.5);
        expect((await f.spy.next(speed)).text).toBe('42.5');
        f.runtime.signal('Vehicle.Speed', 42.5); // unchanged: never re-sent
        f.runtime.signal('Vehicle.Speed', 50); // within the interval: held back, latest wins
        f.runtime.signal('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen', true); // another topic: at once
        await f.spy.next(`${f.base}/car/doors`, (m) => m.text === 'ON');
        expect(f.spy.on(`${f.base}/vss/Vehicle/Cabin/Door/Row1/DriverSide/IsOpen`).map((m) => m.text)).toEqual(['true']);
        expect(f.spy.on(speed).map((m) => m.text)).toEqual(['42.5']);
        f.clock.advanceBy(1000);
        await f.spy.next(speed, (m) => m.text === '50');
        f.runtime.signal('Vehicle.Speed', 51); // a change and its change back within one interval: nothing
        f.runtime.signal('Vehicle.Speed', 50);
        f.clock.advanceBy(1000);
        f.runtime.signal('Vehicle.Powertrain.Range', 312_400);
        await f.spy.next(`${f.base}/car/range_km`, (m) => m.text === '312.4');
        expect(f.spy.on(speed).map((m) => m.text)).toEqual(['42.5', '50']);
        // The car fields from the runtime's snapshot, sent once at connect.
        for (const [field, text] of [['soc_pct', '81'], ['speed_kmh', '0'], ['charging', 'OFF'], ['ignition', 'OFF'], ['presence', 'home']]) {
          expect(f.spy.on(`${f.base}/car/${field}`).map((m) => m.text), field).toEqual([text]);
        }
        expect(JSON.parse(f.spy.on(`${f.base}/car/location`)[0].text)).toEqual({ latitude: 48.137, longitude: 11.575, gps_accuracy: 6 });
        f.runtime.vehicle({ speed_kmh: 12.34, moving: true, parked: false, ignition: 'on' }, { state: 'not_home', latitude: 48.2, longitude: 11.6, accuracy_m: 4 });
        await f.spy.next(`${f.base}/car/presence`, (m) => m.text === 'not_home');
        // A late subscriber (Home Assistant after its restart) gets the latest of each, retained.
        const late = await f.lateSpy(`${f.base}/#`);
        const retained = await late.next(speed);
        expect(retained).toMatchObject({ text: '50', retain: true });
        expect(await late.next(`${f.base}/car/speed_kmh`)).toMatchObject({ text: '12.3', retain: true });
        expect(await late.next(`${f.base}/car/ignition`)).toMatchObject({ text: 'ON', retain: true });
        expect(await late.next(`${f.base}/status`)).toMatchObject({ text: 'online', retain: true });
        expect(f.errors).toEqual([]);
      } finally {
        await f.close();
      }
    });

    it('sends car events and automation runs with QoS 1, not retained, each once and in order', async () => {
      const f = await openBridge(broker());
      try {
        for (let i = 0; i < 50; i++) f.runtime.event('home.arrived', { i });
        f.runtime.updates$.next({ topic: 'runs', run: { run_id: 'r1', automation: 'welcome', ts: 1, end_ts: 2, result: 'finished', trigger: { path: 'trigger/0', description: 'home.arrived' } } });
        const topic = `${f.base}/event/home.arrived`;
        await waitFor(() => f.spy.on(topic).length >= 50, { what: '50 events' });
        const events = f.spy.on(topic).map((m) => ({ qos: m.qos, retain: m.retain, body: JSON.parse(m.text) as { event_id: string; evidence: { i: number } } }));
        expect(events.map((e) => e.body.evidence.i)).toEqual([...Array(50).keys()]);
        expect(new Set(events.map((e) => e.body.event_id)).size).toBe(50);
        expect(events.every((e) => e.qos === 1 && !e.retain)).toBe(true);
        const run = await f.spy.next(`${f.base}/automation/welcome/run`);
        expect(JSON.parse(run.text)).toMatchObject({ run_id: 'r1', result: 'finished' });
        const late = await f.lateSpy(`${f.base}/#`);
        await late.next(`${f.base}/status`);
        expect(late.on(topic)).toEqual([]);
      } finally {
        await f.close();
      }
    });
  });

  describe('Home Assistant discovery', () => {
    it('announces the car as one device whose configs match HA\'s schema key by key, retained, again on HA\'s birth', async () => {
      const f = await openBridge(broker());
      try {
        const configTopic = (platform: string, id: string): string => `${f.prefix}/${platform}/${f.base}/${id}/config`;
        const expected = [
          configTopic('device_tracker', 'location'), configTopic('sensor', 'speed_kmh'), configTopic('sensor', 'soc_pct'), configTopic('sensor', 'range_km'),
          configTopic('binary_sensor', 'doors'), configTopic('binary_sensor', 'charging'), configTopic('binary_sensor', 'ignition'),
          configTopic('button', 'scene_arrive'), configTopic('button', 'scene_leave'), configTopic('switch', 'automation_welcome'), configTopic('switch', 'automation_goodbye'),
        ];
        await waitFor(() => expected.every((t) => f.spy.on(t).length === 1), { what: 'every config' });
        const configs = f.spy.messages.filter((m) => m.topic.startsWith(`${f.prefix}/`) && m.topic.endsWith('/config'));
        expect(configs.map((m) => m.topic).sort()).toEqual([...expected].sort());
        for (const m of configs) expect(checkDiscoveryConfig(m.topic, f.prefix, JSON.parse(m.text) as Record<string, unknown>), m.topic).toEqual([]);
        const devices = new Set(configs.map((m) => JSON.stringify((JSON.parse(m.text) as { device: unknown }).device)));
        expect(devices.size).toBe(1);
        const late = await f.lateSpy(`${f.prefix}/#`);
        await waitFor(() => expected.every((t) => late.on(t).some((m) => m.retain)), { what: 'retained configs' });
        // HA restarted: its birth message makes the bridge announce everything again.
        await f.spy.publish(f.birthTopic, 'offline');
        await f.spy.publish(f.birthTopic, 'online');
        await waitFor(() => expected.every((t) => f.spy.on(t).length === 2), { what: 'configs re-announced' });
      } finally {
        await f.close();
      }
    });

    it('removes an entity whose scene or automation left the config (empty retained payload), also one left by an earlier run', async () => {
      const first = await openBridge(broker());
      const leave = `${first.prefix}/button/${first.base}/scene_leave/config`;
      const goodbye = `${first.prefix}/switch/${first.base}/automation_goodbye/config`;
      await first.spy.next(goodbye);
      await first.close();
      // The next run's config has no 'leave' scene: the bridge finds the retained config and removes it.
      const runtime = new TestRuntime();
      runtime.setScenes([{ id: 'arrive', name: 'Arrive home', devices: ['plug-1'], steps: 1 }]);
      const f = await openBridge(broker(), { runtime, base: first.base });
      try {
        await f.spy.next(leave, (m) => m.payload.length === 0);
        runtime.setAutomations([automation('welcome', 'Welcome home')]); // a reload drops 'goodbye'
        await f.spy.next(goodbye, (m) => m.payload.length === 0);
        const late = await f.lateSpy(`${f.prefix}/#`);
        await late.next(`${f.prefix}/button/${f.base}/scene_arrive/config`);
        expect(late.on(leave)).toEqual([]);
        expect(late.on(goodbye)).toEqual([]);
      } finally {
        await f.close();
      }
    });
  });

  describe('commands', () => {
    it('runs a scene, sets a property, calls an action and enables an automation, each answered on the reply topic', async () => {
      const f = await openBridge(broker());
      try {
        const ask = async (method: string, params: unknown): Promise<Record<string, unknown>> => {
          const before = f.spy.on(`${f.base}/reply/${method}`).length;
          await f.spy.publish(`${f.base}/cmd/${method}`, JSON.stringify(params), { qos: 1 });
          await waitFor(() => f.spy.on(`${f.base}/reply/${method}`).length > before, { what: `the reply to ${method}` });
          return JSON.parse(f.spy.on(`${f.base}/reply/${method}`).at(-1)!.text) as Record<string, unknown>;
        };
        expect(await ask('scene.run', { scene: 'arrive' })).toMatchObject({ ok: true, method: 'scene.run', result: { scene: 'arrive', ok: true } });
        expect(await ask('device.set', { device: 'plug-1', property: 'power', value: true })).toEqual({ ok: true, method: 'device.set', result: { ok: true } });
        f.clock.advanceBy(1000); // the device's first state went out at connect: the change waits out the interval
        const state = await f.spy.next(`${f.base}/device/plug-1/state`, (m) => (JSON.parse(m.text) as { values: { power: boolean } }).values.power);
        expect(JSON.parse(state.text)).toEqual({ online: true, values: { power: true, temperature: 31 } });
        expect(await ask('device.action', { device: 'plug-1', action: 'toggle' })).toMatchObject({ ok: true, result: { result: ['ok'] } });
        expect(await ask('automation.enable', { automation: 'goodbye', enabled: false })).toMatchObject({ ok: true, result: { id: 'goodbye', enabled: false } });
        f.clock.advanceBy(1000);
        await f.spy.next(`${f.base}/automation/goodbye/enabled`, (m) => m.text === 'OFF');
        // What Home Assistant's button sends: its payload_press.
        await f.spy.publish(`${f.base}/cmd/scene.run`, '{"scene":"leave"}', { qos: 1 });
        await waitFor(() => f.runtime.calls.length === 5, { what: 'the button press' });
        expect(f.runtime.calls.map((c) => c.method)).toEqual(['scene.run', 'device.set', 'device.action', 'automation.enable', 'scene.run']);
        expect(f.runtime.calls[1].params).toEqual({ device: 'plug-1', property: 'power', value: true });
        expect(f.bridge.stats).toMatchObject({ commands: 5, badCommands: 0 });
      } finally {
        await f.close();
      }
    });

    it('answers a bad command with an error on the reply topic and changes nothing', async () => {
      const f = await openBridge(broker());
      try {
        const cases: [string, string | Buffer, string][] = [
          ['scene.run', 'not json', 'bad_json'],
          ['scene.run', '{"scene": 5}', 'bad_params'],
          ['scene.run', '{"scene": "arrive", "extra": 1}', 'bad_params'],
          ['scene.run', '[]', 'bad_params'],
          ['scene.run', '{"scene": "nope"}', 'not_found'],
          ['device.set', '{"device": "plug-1", "property": "power", "value": {"on": 1}}', 'bad_params'],
          ['device.set', '{"device": "plug-1", "property": "temperature", "value": 3}', 'bad_property'],
          ['device.set', '{"device": "plug-1", "property": "power"}', 'bad_params'],
          ['device.action', '{"device": "ghost", "action": "toggle"}', 'not_found'],
          ['automation.enable', '{"automation": "welcome", "enabled": "yes"}', 'bad_params'],
          ['config.reload', '{}', 'unknown_method'],
          ['snapshot', '{}', 'unknown_method'],
          ['device.set', `{"device": "plug-1", "property": "power", "value": true, "response_topic": "${f.prefix}/switch/x/y/config"}`, 'bad_response_topic'],
          ['device.set', `{"device": "plug-1", "property": "power", "value": true, "response_topic": "${f.base}/status"}`, 'bad_response_topic'],
          ['scene.run', Buffer.alloc(70 * 1024, 0x20), 'too_large'],
        ];
        const deviceState = `${f.base}/device/plug-1/state`;
        await f.spy.next(deviceState);
        for (const [method, payload] of cases) await f.spy.publish(`${f.base}/cmd/${method}`, payload, { qos: 1 });
        const replies = (): string[] => f.spy.messages.filter((m) => m.topic.startsWith(`${f.base}/reply/`)).map((m) => m.text);
        await waitFor(() => replies().length === cases.length, { what: `${cases.length} replies`, timeoutMs: 5000 });
        const byCode = replies().map((text) => JSON.parse(text) as { ok: boolean; error: { code: string; message: string } });
        expect(byCode.every((r) => !r.ok)).toBe(true);
        expect(byCode.map((r) => r.error.code).sort()).toEqual(cases.map((c) => c[2]).sort());
        // Only well-formed requests reached the runtime, which refused them; nothing changed.
        expect(f.runtime.calls.map((c) => c.method).sort()).toEqual(['device.action', 'device.set', 'scene.run']);
        expect(f.runtime.snapshot().devices[0].values).toEqual({ power: false, temperature: 31 });
        expect(f.spy.on(deviceState)).toHaveLength(1);
        expect(f.bridge.stats).toMatchObject({ commands: 0, badCommands: cases.length });
        expect(f.errors).toEqual([]);
      } finally {
        await f.close();
      }
    });

    it('replies where the command asks (response_topic, correlation_id in the payload)', async () => {
      const f = await openBridge(broker());
      try {
        const replyTo = `client-${f.base}/replies`;
        const client = await f.lateSpy(replyTo);
        await f.spy.publish(`${f.base}/cmd/scene.run`, JSON.stringify({ scene: 'arrive', response_topic: replyTo, correlation_id: 'req-7' }), { qos: 1 });
        const reply = JSON.parse((await client.next(replyTo)).text) as Record<string, unknown>;
        expect(reply).toMatchObject({ ok: true, method: 'scene.run', correlation_id: 'req-7' });
        expect(f.runtime.calls[0].params).toEqual({ scene: 'arrive' });
      } finally {
        await f.close();
      }
    });
  });

  describe('secrets', () => {
    it('never puts a device token or the broker password on any topic', async () => {
      const f = await openBridge(broker());
      const all = await f.lateSpy('#'); // everything on the broker, whatever the topic
      try {
        f.runtime.signal('Vehicle.Speed', 30);
        f.runtime.event('car.left_home', { distance_m: 150 });
        await f.spy.publish(`${f.base}/cmd/device.set`, '{"device":"light-1","property":"power","value":false}', { qos: 1 });
        await f.spy.publish(`${f.base}/cmd/device.set`, '{"device":"light-1","token":"x"}', { qos: 1 });
        await f.spy.publish(f.birthTopic, 'online');
        await waitFor(() => f.spy.messages.filter((m) => m.topic.startsWith(`${f.base}/reply/`)).length === 2, { what: 'two replies' });
        await f.spy.next(`${f.base}/event/car.left_home`);
        await all.next(`${f.base}/event/car.left_home`);
        const secrets = [...f.runtime.secrets(), broker().password];
        // The catch-all spy saw this bridge's traffic too: the replies and the configs re-announced on the birth.
        await waitFor(() => all.messages.filter((m) => m.topic.startsWith(`${f.base}/reply/`)).length === 2, { what: 'the replies on #' });
        await waitFor(() => all.messages.filter((m) => m.topic.startsWith(`${f.prefix}/`) && m.topic.endsWith('/config') && !m.retain).length >= 11, { what: 'the re-announced configs on #' });
        const everything = all.messages.map((m) => `${m.topic}\n${m.text}\n${m.payload.toString('hex')}`).join('\n');
        for (const secret of secrets) expect(everything.includes(secret), 'a secret on MQTT').toBe(false);
      } finally {
        await f.close();
      }
    });
  });
}
