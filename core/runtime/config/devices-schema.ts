/**
 * `devices:` the Mi Home devices, each by a slug id. Tokens are 32 hex characters (usually a
 * `!secret`); no message here ever shows one. `simulate: true` makes the runtime start a simulated
 * device of that model and token on the host (the demo's loopback devices).
 */
import { z } from 'zod';
import { MIIO_PORT } from '../../sim/config.js';
import { findFamily, FAMILIES } from '../../home/registry.js';
import { closestName } from './closest-name.js';

export const SLUG = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;
const TOKEN = /^[0-9a-fA-F]{32}$/;
const TOKEN_MESSAGE = 'a device token is 32 hex characters (quote it: YAML reads an all-digit token as a number)';

const KNOWN_MODELS = FAMILIES.flatMap((family) => family.models.filter((model) => !model.endsWith('*')));

export const slugSchema = z.string({ error: 'expected a slug: lowercase letters and digits joined by _ or -' }).regex(SLUG, 'expected a slug: lowercase letters and digits joined by _ or - (e.g. hallway_light)');

export const modelSchema = z.string().min(1).superRefine((model, ctx) => {
  if (findFamily(model)) return;
  const near = closestName(model, KNOWN_MODELS);
  ctx.addIssue({ code: 'custom', message: `no device family declares model '${model}'${near ? `; did you mean '${near}'?` : ''}` });
});

export const deviceSchema = z
  .strictObject({
    id: slugSchema,
    /** Shown on the dashboard; default: the id. */
    name: z.string().min(1).optional(),
    model: modelSchema,
    host: z.ipv4({ error: 'expected an IPv4 address (miIO devices are found by address)' }),
    port: z.number().int().min(1).max(65_535).default(MIIO_PORT),
    token: z.string({ error: TOKEN_MESSAGE }).regex(TOKEN, TOKEN_MESSAGE).transform((token) => token.toLowerCase()),
    poll_interval_s: z.number().min(0.1).max(3600).default(5),
    simulate: z.boolean().default(false),
  })
  .superRefine((device, ctx) => {
    if (device.simulate && !device.host.startsWith('127.')) {
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'a simulated device binds its host: use a loopback address (127.x.x.x)' });
    }
  })
  .transform(({ name, ...device }) => ({ ...device, name: name ?? device.id }));

/** Ids and addresses are unique: checked in check-references.ts, which sees every entry even when one is invalid. */
export const devicesSchema = z.array(deviceSchema);

export type DeviceConfig = z.output<typeof deviceSchema>;
