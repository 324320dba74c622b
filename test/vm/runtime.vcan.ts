/** `homeward run` with `vehicle.can: socketcan:vcan0`: the whole runtime on a real bus, fed by the simulated car. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDbcCodec } from '../../core/dbc/codec.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { loadConfig } from '../../core/runtime/config/load-config.js';
import { createRuntime } from '../../core/runtime/create-runtime.js';
import { DEMO_HOME } from '../../core/sim/vehicle/simulate-vehicle.js';
import { homewardEvDbcPath, homewardEvVssMappingPath } from '../../core/vehicle/demo/paths.js';
import { repoRoot } from '../helpers/corpus.js';
import { BUS, cansend, exec, until } from './vcan-kit.js';
import { notes, type VcanTest } from './vcan-test.js';

const LOCKED = 'Vehicle.Cabin.Door.Row1.DriverSide.IsLocked';

export const runtimeTests: VcanTest[] = [
  {
    name: 'the runtime with vehicle.can socketcan:vcan0 decodes the simulated car into VSS state and car events',
    timeoutMs: 90_000,
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'homeward-run-'));
      const file = join(dir, 'homeward.yaml');
      writeFileSync(file, [
        'home:', '  name: Home', `  latitude: ${DEMO_HOME.latitude}`, `  longitude: ${DEMO_HOME.longitude}`, '  radius_m: 50',
        'vehicle:', `  can: socketcan:${BUS}`, `  dbc: [${homewardEvDbcPath()}]`, `  mapping: ${homewardEvVssMappingPath()}`, '',
      ].join('\n'));
      const { config } = await loadConfig(file);
      const errors: unknown[] = [];
      const runtime = await createRuntime(config, { services: { store: false, mqtt: false, web: false }, simulate: false, configFile: file, onUnexpectedError: (e) => errors.push(e) });
      const events: string[] = [];
      runtime.events$.subscribe((e) => events.push(e.name));
      await runtime.start();
      try {
        // The socket opens asynchronously: a locked, parked car's body frame until the state shows it.
        const body = createDbcCodec(loadDbcFile(homewardEvDbcPath())).encode('BCM_BodyStatus', {
          BCM_PowerMode: 0, BCM_DoorFrontLeft: 0, BCM_DoorFrontRight: 0, BCM_DoorRearLeft: 0, BCM_DoorRearRight: 0, BCM_Trunk: 0, BCM_CentralLock: 1, BCM_OutsideTemperature: 18.5,
        });
        await until(() => runtime.vehicle.get(LOCKED) !== undefined || errors.length > 0, 'the runtime to receive', {
          everyMs: 200,
          poke: () => cansend(BUS, `320#${Buffer.from(body).toString('hex')}`),
        });
        assert.deepEqual(errors, []);
        // Prelude and the first 22 s of the drive (unlock, door, ignition, pulling away), 5× real time:
        // 420 frames/s, which the whole runtime keeps up with under TCG (20× is beyond it there).
        const framesBefore = runtime.counters.frames;
        // As on a bench: the car in its own process (in this one it would starve the runtime's reads).
        await exec(process.execPath, [join(repoRoot, 'bin/homeward.js'), 'sim', 'vehicle', '--can', `socketcan:${BUS}`, '--speed', '5', '--duration', '30'], 60_000);
        await until(() => (runtime.vehicle.get('Vehicle.Speed')?.value as number | undefined ?? 0) > 10, 'the car to be moving');
        await until(() => runtime.counters.frames - framesBefore >= 84 * 30, 'every frame of the 30 s (84 a second)', { timeoutMs: 5000 }).catch((error: unknown) => {
          throw new Error(`${String(error)}: ${runtime.counters.frames - framesBefore} frames`);
        });
        assert.equal(runtime.vehicle.get(LOCKED)?.value, false);
        for (const name of ['vehicle.door_opened', 'vehicle.door_closed', 'vehicle.ignition_on']) assert.ok(events.includes(name), `${name} in ${events.join(', ')}`);
        notes.push(`events: ${events.join(', ')}; ${runtime.counters.decoded} of ${runtime.counters.frames} frames decoded`);
      } finally {
        await runtime.stop();
      }
      assert.deepEqual(errors, []);
    },
  },
];
