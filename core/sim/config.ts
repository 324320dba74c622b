import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { findFamily } from '../home/registry.js';
import { findProperty } from '../home/values.js';
import { SimConfigError } from './errors.js';
import { faultKnobsSchema } from './faults.js';

export const MIIO_PORT = 54321;

const hex = (bytes: number) => new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`);

const deviceSchema = z.strictObject({
  name: z.string().min(1).optional(),
  model: z.string().min(1).refine((m) => findFamily(m) !== undefined, { message: 'no device family declares this model' }),
  /** Default 127.0.0.(index + 2): one loopback address per device (npm miio keys devices by IP). */
  address: z.ipv4().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  /** A number or a hex string ("0x0badcafe"); never 0 (npm miio drops did 0). */
  did: z.union([z.number(), z.string().regex(/^0x[0-9a-fA-F]{1,8}$/).transform((s) => Number.parseInt(s, 16))]).pipe(
    z.number().int().min(1).max(0xffffffff),
  ),
  token: z.string().regex(hex(16), '32 hex characters'),
  fwVer: z.string().default('1.2.4_59'),
  hwVer: z.string().default('MW300'),
  mac: z.string().regex(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/i).optional(),
  /** The first stamp (seconds counter); ≥ 1. */
  stampStart: z.number().int().min(1).max(0xffffffff).default(1000),
  json: z.enum(['python-miio', 'compact']).default('python-miio'),
  maxReplyBytes: z.number().int().min(64).max(65_535).default(1024),
  maxProperties: z.number().int().min(1).optional(),
  /** Put the token in miIO.info (old firmware does). */
  infoToken: z.boolean().default(false),
  seed: z.number().int().optional(),
  /** Initial typed values by property name (power: true, mode: favorite). */
  state: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).optional(),
  faults: faultKnobsSchema.partial().optional(),
});

export const simConfigSchema = z
  .strictObject({
    /** The port of devices that do not set their own. */
    port: z.number().int().min(0).max(65535).default(MIIO_PORT),
    devices: z.array(deviceSchema).min(1),
  })
  .superRefine((config, ctx) => {
    const places = new Set<string>();
    const dids = new Set<number>();
    config.devices.forEach((d, i) => {
      const place = `${d.address ?? defaultAddress(i)}:${d.port ?? config.port}`;
      if (places.has(place) && !place.endsWith(':0')) ctx.addIssue({ code: 'custom', path: ['devices', i, 'address'], message: `${place} is used twice` });
      places.add(place);
      if (dids.has(d.did)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'did'], message: `did ${d.did} is used twice` });
      dids.add(d.did);
      const family = findFamily(d.model);
      for (const key of Object.keys(d.state ?? {})) {
        if (family && !findProperty(family, key)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'state', key], message: `${family.id} has no property ${key}` });
      }
    });
  });

export type SimConfig = z.output<typeof simConfigSchema>;
export type SimConfigInput = z.input<typeof simConfigSchema>;
export type SimDeviceConfig = SimConfig['devices'][number];

export function defaultAddress(index: number): string {
  return `127.0.0.${index + 2}`;
}

/** Parses YAML text; every problem is a SimConfigError with the file, line and key. */
export function parseSimConfig(text: string, file = '<sim config>'): SimConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new SimConfigError(file, lineCounter.linePos(yamlError.pos[0]).line, '', yamlError.message.split('\n')[0]);
  }
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 1000 }); // an alias bomb is refused, not expanded
  } catch (error) {
    throw new SimConfigError(file, 1, '', `cannot expand YAML aliases: ${(error as Error).message}`, { cause: error });
  }
  const parsed = simConfigSchema.safeParse(plain);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let line = 1;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      line = lineCounter.linePos(node.range[0]).line;
      break;
    }
  }
  throw new SimConfigError(file, line, path.join('.'), issue.message);
}

export async function loadSimConfig(path: string): Promise<SimConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SimConfigError(path, 0, '', 'cannot read the file', { cause });
  }
  return parseSimConfig(text, path);
}

/** One device per family on 127.0.0.2…8, port 54321. The tokens are public test values. */
export function defaultSimConfig(): SimConfig {
  return simConfigSchema.parse({
    devices: [
      { name: 'purifier', model: 'zhimi.airpurifier.m1', did: 0x0badca02, token: '2f0e4c1a9b3d5e7f8a6c4b2d0e1f3a5c' },
      { name: 'purifier-3c', model: 'zhimi.airp.mb4a', did: 0x0badca03, token: '3a1f5d2b8c4e6f0a9b7d5c3e1f2a4b6d' },
      { name: 'light', model: 'yeelink.light.color1', did: 0x0badca04, token: '4b2a6e3c9d5f7a1b0c8e6d4f2a3b5c7e' },
      { name: 'plug', model: 'chuangmi.plug.m1', did: 0x0badca05, token: '5c3b7f4d0e6a8b2c1d9f7e5a3b4c6d8f' },
      { name: 'fan', model: 'dmaker.fan.p9', did: 0x0badca06, token: '6d4c8a5e1f7b9c3d2e0a8f6b4c5d7e9a' },
      { name: 'curtain', model: 'lumi.curtain.hagl05', did: 0x0badca07, token: '7e5d9b6f2a8c0d4e3f1b9a7c5d6e8f0b' },
      { name: 'vacuum', model: 'roborock.vacuum.s5', did: 0x0badca08, token: '8f6e0c7a3b9d1e5f4a2c0b8d6e7f9a1c' },
    ],
  });
}

/** YAML text of a config (the CLI writes the default as a starting point). */
export function formatSimConfig(config: SimConfigInput): string {
  return stringify(config);
}
