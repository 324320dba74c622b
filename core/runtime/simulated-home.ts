/**
 * The demo's Mi Home devices: config entries with `simulate: true` run as simulated devices on their
 * own loopback address, speaking the real miIO protocol, so the runtime's client path is the real one.
 */
import { createHash } from 'node:crypto';
import type { SchedulerLike } from 'rxjs';
import { simConfigSchema } from '../sim/config.js';
import { startSimulatedDevices, type SimulatedDevices } from '../sim/start.js';

export interface SimulatedDeviceSetup {
  readonly id: string;
  readonly model: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
}

export type SimulatedHome = SimulatedDevices;

export async function startSimulatedHome(setups: readonly SimulatedDeviceSetup[], scheduler: SchedulerLike, onUnexpectedError: (error: unknown) => void): Promise<SimulatedHome> {
  const config = simConfigSchema.parse({
    devices: setups.map((s) => ({ name: s.id, model: s.model, did: didOf(s.id), token: s.token, address: s.host, port: s.port })),
  });
  return startSimulatedDevices(config, { scheduler, onUnexpectedError });
}

/** A stable device id from the config id (the simulator needs one; real devices report theirs). */
function didOf(id: string): number {
  return createHash('sha256').update(id).digest().readUInt32BE(0) & 0x7fffffff;
}
