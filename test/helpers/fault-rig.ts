import { createMiioClient, type MiioClient, type MiioClientOptions } from '../../core/miio/client.js';
import { ManualClock } from '../../core/base/manual-clock.js';
import { simConfigSchema } from '../../core/sim/config.js';
import type { FaultPatch } from '../../core/sim/faults.js';
import type { SimulatedDeviceHandle } from '../../core/sim/server.js';
import { startSimulatedDevices } from '../../core/sim/start.js';
import { openSimLink, type SimLink } from './sim-link.js';

/**
 * One simulated device and Homeward's client on one ManualClock, over real loopback UDP, for fault
 * tests. Device n sits on 127.0.0.(150 + n) (150–169 belong to the fault suites); `address` without a
 * device is a host that never answers.
 */

export const RIG_TOKEN = '5c3b7f4d0e6a8b2c1d9f7e5a3b4c6d8f';

/** The client policy the expected times are computed from: 4 attempts of 1000 ms, back-off 250/500/1000. */
export const RIG_CLIENT = { timeoutMs: 1000, retries: 3, recoverableRetries: 2, backoffMs: 250, deadlineMs: 10_000, idSeed: 41 } as const;

export interface RigOptions {
  model?: string;
  faults?: FaultPatch;
  client?: Partial<MiioClientOptions>;
  /** false: nothing listens at the address. */
  device?: boolean;
}

export interface Applied {
  id: number;
  method: string;
}

export interface FaultRig {
  clock: ManualClock;
  address: string;
  /** Undefined when the rig has no device. */
  handle: SimulatedDeviceHandle | undefined;
  link: SimLink;
  client: MiioClient;
  /** Every request the device applied (SimulatedDevice.handle ran); drops, -9999, -30001 and cached repeats never get there. */
  applied: Applied[];
  /** Another client on the same port (a restarted app that reuses ids, say); closed by stop(). */
  newClient(options?: Partial<MiioClientOptions>): MiioClient;
  /** Runs the timers left, closes everything; returns what a leak check needs. */
  stop(): Promise<{ pendingTimers: number; queued: number }>;
}

export async function startFaultRig(n: number, options: RigOptions = {}): Promise<FaultRig> {
  const clock = new ManualClock();
  const address = `127.0.0.${150 + n}`;
  const model = options.model ?? 'yeelink.light.color1';
  const sim = options.device === false
    ? undefined
    : await startSimulatedDevices(
      simConfigSchema.parse({ devices: [{ model, address, did: 0x2f150000 + n, token: RIG_TOKEN, faults: options.faults }] }),
      { scheduler: clock },
    );
  const handle = sim?.devices[0];
  const applied: Applied[] = [];
  if (handle) {
    // A counting wrapper around the real dispatch: the server calls it once per application.
    const device = handle.device;
    const dispatch = device.handle.bind(device);
    device.handle = (request) => {
      applied.push({ id: request.id, method: request.method });
      return dispatch(request);
    };
  }
  const link = await openSimLink(clock, handle ? [handle] : []);
  const clients: MiioClient[] = [];
  const newClient = (more: Partial<MiioClientOptions> = {}): MiioClient => {
    const client = createMiioClient({ address, token: RIG_TOKEN, scheduler: clock, datagramPort: link.port, ...RIG_CLIENT, ...options.client, ...more });
    clients.push(client);
    return client;
  };
  const client = newClient();
  return {
    clock, address, handle, link, client, applied, newClient,
    stop: async () => {
      await link.drain();
      const queued = clients.reduce((q, c) => q + c.info().queued, 0);
      await Promise.all(clients.map((c) => c.close()));
      const pendingTimers = clock.pendingTimers;
      await link.close();
      await sim?.stop();
      return { pendingTimers, queued };
    },
  };
}
