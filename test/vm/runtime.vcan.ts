/** `homeward run` with `vehicle.can: socketcan:vcan0`: the whole runtime on a real bus, fed by the simulated car. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

/** A config of the demo EV on vcan0, home where the demo drive starts, nothing else. */
function writeConfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'homeward-run-')), 'homeward.yaml');
  writeFileSync(file, [
    'home:', '  name: Home', `  latitude: ${DEMO_HOME.latitude}`, `  longitude: ${DEMO_HOME.longitude}`, '  radius_m: 50',
    'vehicle:', `  can: socketcan:${BUS}`, `  dbc: [${homewardEvDbcPath()}]`, `  mapping: ${homewardEvVssMappingPath()}`, '',
  ].join('\n'));
  return file;
}

const homewardBin = (): string => join(repoRoot, 'bin/homeward.js');

/** 30 simulated seconds (prelude, door, ignition, pulling away) at 5×, in its own process as on a bench. */
const simulateStart = (): Promise<unknown> =>
  exec(process.execPath, [homewardBin(), 'sim', 'vehicle', '--can', `socketcan:${BUS}`, '--speed', '5', '--duration', '30'], 60_000);

export const runtimeTests: VcanTest[] = [
  {
    name: 'the runtime with vehicle.can socketcan:vcan0 decodes the simulated car into VSS state and car events',
    timeoutMs: 90_000,
    async run() {
      const file = writeConfig();
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
        await simulateStart();
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
  {
    name: 'homeward run --config with vehicle.can socketcan:vcan0 prints the car events of the simulated car',
    timeoutMs: 90_000,
    async run() {
      const child = spawn(process.execPath, [homewardBin(), 'run', '--config', writeConfig(), '--no-store', '--no-mqtt', '--no-web', '--no-browser'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
      child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
      const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
      try {
        await until(() => out.includes('homeward running') || child.exitCode !== null, 'homeward run to start', { timeoutMs: 40_000 });
        // Its socket opens after start: the driver's door opens and shuts until a door event shows it listens.
        const codec = createDbcCodec(loadDbcFile(homewardEvDbcPath()));
        const body = (door: number): string => Buffer.from(codec.encode('BCM_BodyStatus', {
          BCM_PowerMode: 0, BCM_DoorFrontLeft: door, BCM_DoorFrontRight: 0, BCM_DoorRearLeft: 0, BCM_DoorRearRight: 0, BCM_Trunk: 0, BCM_CentralLock: 1, BCM_OutsideTemperature: 18.5,
        })).toString('hex');
        await until(() => out.includes('vehicle.door_opened') || child.exitCode !== null, 'a door event', {
          everyMs: 300,
          poke: async () => {
            await cansend(BUS, `320#${body(1)}`);
            await cansend(BUS, `320#${body(0)}`);
          },
        });
        await simulateStart();
        await until(() => out.includes('vehicle.ignition_on') || child.exitCode !== null, 'ignition on in the output');
        assert.equal(child.exitCode, null, `homeward run exited: ${err}`);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, err);
      assert.match(err, /homeward: stopped/);
      notes.push(out.split('\n').filter((l) => l.includes('vehicle.')).slice(0, 6).join(' | '));
    },
  },
];
