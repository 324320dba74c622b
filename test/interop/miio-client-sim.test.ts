import { VirtualTimeScheduler } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActionRequest, buildGetRequests, buildSetRequest } from '../../core/home/commands.js';
import type { ActionArg, DeviceFamily, FamilyProperty, MiioProperty, MiotProperty, PropertyValue } from '../../core/home/model.js';
import { FAMILIES } from '../../core/home/registry.js';
import { fromWire } from '../../core/home/values.js';
import { createMiioClient, type MiioClient } from '../../core/miio/client.js';
import { MiioDeviceError, MiioTokenError } from '../../core/miio/errors.js';
import { simConfigSchema } from '../../core/sim/config.js';
import { startSimulatedDevices, type SimulatedDevices } from '../../core/sim/start.js';

/**
 * Homeward's own client against the simulator, for every model of every family: miIO.info, a read of
 * every readable property, a write of every writable one read back, every action. Devices sit on
 * 127.0.0.70 onwards (this file's addresses). The simulator runs on a virtual clock that never
 * advances, so its physics hold still and a read can be compared with its state exactly.
 */

const models = FAMILIES.flatMap((family) => family.models.map((m) => ({ family, model: m.endsWith('*') ? `${m.slice(0, -1)}color1` : m })));
const devices = models.map(({ model }, i) => ({
  name: model,
  model,
  address: `127.0.0.${70 + i}`,
  did: 0x2e0a0000 + i + 1,
  token: (0x70 + i).toString(16).padStart(2, '0').repeat(16),
}));

let sim: SimulatedDevices;
const clients: MiioClient[] = [];

beforeAll(async () => {
  sim = await startSimulatedDevices(simConfigSchema.parse({ devices }), { scheduler: new VirtualTimeScheduler() });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sim?.stop();
});

function clientFor(index: number, token = devices[index].token): MiioClient {
  const client = createMiioClient({ address: devices[index].address, token, timeoutMs: 1000, retries: 1, deadlineMs: 8000 });
  clients.push(client);
  return client;
}

/** Reads properties the way a caller would: the family's requests, each reply decoded by the declaration. */
async function readProperties(client: MiioClient, family: DeviceFamily, names?: string[]): Promise<Record<string, PropertyValue>> {
  const values: Record<string, PropertyValue> = {};
  for (const request of buildGetRequests(family, names)) {
    const result = (await client.send(request.method, request.params)) as unknown[];
    if (request.method === 'get_properties') {
      for (const item of result as { did: string; code: number; value?: unknown }[]) {
        expect(item.code, `${family.id} ${item.did}`).toBe(0);
        values[item.did] = fromWire(family.id, family.properties.find((p) => p.name === item.did) as MiotProperty, item.value);
      }
    } else if (request.method === 'get_prop') {
      (request.params as string[]).forEach((key, i) => {
        const prop = (family.properties as MiioProperty[]).find((p) => p.get?.method === 'get_prop' && p.get.key === key) as MiioProperty;
        values[prop.name] = fromWire(family.id, prop, result[i]);
      });
    } else {
      // get_status → [{key: value}]; get_power → [value] (numeric keys index the array).
      for (const prop of (family.properties as MiioProperty[]).filter((p) => p.get?.method === request.method)) {
        const key = prop.get?.key as string | number;
        const wire = typeof key === 'number' ? result[key] : (result[0] as Record<string, unknown>)[key];
        if (!names || names.includes(prop.name)) values[prop.name] = fromWire(family.id, prop, wire);
      }
    }
  }
  return values;
}

/** A valid value different from the current one, or undefined when the declaration offers none. */
function otherValue(prop: FamilyProperty | ActionArg, current: PropertyValue | undefined): PropertyValue | undefined {
  switch (prop.type) {
    case 'bool':
      return current !== true;
    case 'string':
      return current === 'homeward' ? 'car' : 'homeward';
    case 'enum':
      return (prop.choices ?? []).map((c) => c.label).find((label) => label !== current);
    default: {
      const candidates = 'allowed' in prop && prop.allowed ? [...prop.allowed] : prop.range ? [prop.range.max, prop.range.min] : [];
      return candidates.find((n) => n !== current);
    }
  }
}

function isOk(result: unknown): boolean {
  if (Array.isArray(result) && result[0] === 'ok') return true;
  if (Array.isArray(result)) return result.every((item: { code?: number }) => item.code === 0);
  return (result as { code?: number }).code === 0;
}

describe("Homeward's client against the simulator, every model", () => {
  it.each(models.map(({ family, model }, index) => ({ family, model, index })))(
    '$model: info, read all, write each writable property, run each action',
    async ({ family, model, index }) => {
      const client = clientFor(index);
      const handle = sim.devices[index];
      expect(await client.send('miIO.info')).toMatchObject({ model, netif: { localIp: devices[index].address } });
      expect(client.info().did).toBe(devices[index].did);

      const readable = family.properties.filter((p) => p.readable).map((p) => p.name);
      const state = handle.device.snapshot();
      expect(await readProperties(client, family)).toEqual(Object.fromEntries(readable.map((name) => [name, state[name]])));

      for (const prop of family.properties.filter((p) => p.writable)) {
        const value = otherValue(prop, handle.device.snapshot()[prop.name]);
        if (value === undefined) continue;
        const request = buildSetRequest(family, prop.name, value);
        expect(isOk(await client.send(request.method, request.params)), `set ${prop.name} ${String(value)}`).toBe(true);
        expect(handle.device.snapshot()[prop.name], `simulator ${prop.name}`).toEqual(value);
        if (prop.readable) expect(await readProperties(client, family, [prop.name])).toEqual({ [prop.name]: value });
      }

      for (const action of family.actions) {
        const specs = 'in' in action ? action.in : action.params;
        const args = specs.map((arg) => otherValue(arg, undefined) as PropertyValue);
        const request = buildActionRequest(family, action.name, args);
        expect(isOk(await client.send(request.method, request.params)), `action ${action.name}`).toBe(true);
      }
    },
  );

  it('maps an unknown method to MiioDeviceError -32601 and a wrong token to MiioTokenError', async () => {
    const plug = models.findIndex((m) => m.model === 'chuangmi.plug.m1');
    const fan = models.findIndex((m) => m.model === 'dmaker.fan.p9');
    const unknown = clientFor(fan).send('no_such_method');
    await expect(unknown).rejects.toBeInstanceOf(MiioDeviceError);
    await expect(unknown).rejects.toMatchObject({ deviceCode: -32601, deviceMessage: 'Method not found.', recoverable: false });
    const before = sim.devices[plug].stats().droppedWrongToken;
    await expect(clientFor(plug, 'ffeeddccbbaa99887766554433221100').send('miIO.info')).rejects.toBeInstanceOf(MiioTokenError);
    expect(sim.devices[plug].stats().droppedWrongToken - before).toBe(2);
  });
});
