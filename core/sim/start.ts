import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { requireFamily } from '../home/registry.js';
import { parseToken } from '../miio/token.js';
import { defaultAddress, type SimConfig } from './config.js';
import { SimulatedDevice } from './device.js';
import { NO_FAULTS, faultKnobsSchema } from './faults.js';
import { startDeviceServer, type SimulatedDeviceHandle } from './server.js';

export interface SimulatedDevices {
  readonly devices: readonly SimulatedDeviceHandle[];
  /** The device of that config name (default: the model). */
  device(name: string): SimulatedDeviceHandle | undefined;
  /** Closes every socket and cancels pending (delayed) replies. */
  stop(): Promise<void>;
}

/**
 * Starts every device of the config on its own address and port. If one cannot bind, the ones already
 * started are stopped and the SimBindError is thrown.
 */
export async function startSimulatedDevices(
  config: SimConfig,
  deps: { scheduler?: SchedulerLike; onUnexpectedError?: (error: unknown) => void } = {},
): Promise<SimulatedDevices> {
  const scheduler = deps.scheduler ?? asyncScheduler;
  const started: SimulatedDeviceHandle[] = [];
  try {
    for (const [index, d] of config.devices.entries()) {
      const address = d.address ?? defaultAddress(index);
      const seed = d.seed ?? d.did;
      const token = parseToken(d.token);
      const device = new SimulatedDevice({
        family: requireFamily(d.model),
        model: d.model,
        did: d.did,
        scheduler,
        seed,
        stampStart: d.stampStart,
        state: d.state,
        maxProperties: d.maxProperties,
        address,
        mac: d.mac ?? macFor(d.did),
        fwVer: d.fwVer,
        hwVer: d.hwVer,
        infoToken: d.infoToken ? d.token.toLowerCase() : undefined,
      });
      started.push(
        await startDeviceServer(device, {
          name: d.name ?? d.model,
          address,
          port: d.port ?? config.port,
          token,
          json: d.json,
          maxReplyBytes: d.maxReplyBytes,
          faults: faultKnobsSchema.parse({ ...NO_FAULTS, ...d.faults }),
          seed,
          scheduler,
          ...(deps.onUnexpectedError ? { onUnexpectedError: deps.onUnexpectedError } : {}),
        }),
      );
    }
  } catch (error) {
    await Promise.all(started.map((h) => h.stop()));
    throw error;
  }
  return {
    devices: started,
    device: (name) => started.find((h) => h.name === name),
    stop: async () => {
      await Promise.all(started.map((h) => h.stop()));
    },
  };
}

/** A locally administered MAC derived from the did. */
function macFor(did: number): string {
  const bytes = [0x02, 0x00, (did >>> 24) & 0xff, (did >>> 16) & 0xff, (did >>> 8) & 0xff, did & 0xff];
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
