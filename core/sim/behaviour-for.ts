/**
 * The behaviour of a family, found through core/home/registry.ts: the table below is keyed by the
 * registry's family ids, and a family the registry does not list (or lists under another object)
 * has no behaviour. behaviour-for.test.ts checks the table against FAMILIES both ways, so the two
 * lists cannot drift apart.
 */
import { familyById } from '../home/registry.js';
import type { DeviceFamily } from '../home/model.js';
import type { BehaviourOptions, SimBehaviour } from './behaviour.js';
import { createAirPurifierBehaviour } from './behaviours/air-purifier.js';
import { createCurtainBehaviour } from './behaviours/curtain.js';
import { createFanBehaviour } from './behaviours/fan.js';
import { createPlugBehaviour } from './behaviours/plug.js';
import { createVacuumBehaviour } from './behaviours/vacuum.js';
import { createYeelightBehaviour } from './behaviours/yeelight.js';
import { SimUnknownFamilyError } from './errors.js';

type BehaviourFactory = (family: DeviceFamily, opts: BehaviourOptions) => SimBehaviour;

const plug: BehaviourFactory = (family, opts) => createPlugBehaviour({ ...opts, properties: family.properties.map((p) => p.name) });
const fan: BehaviourFactory = () => createFanBehaviour();

/** By registry family id. */
export const BEHAVIOURS: Readonly<Record<string, BehaviourFactory>> = {
  'zhimi-airpurifier-miio': (_family, opts) => createAirPurifierBehaviour({ ...opts, protocol: 'miio' }),
  'zhimi-airpurifier-miot': (_family, opts) => createAirPurifierBehaviour({ ...opts, protocol: 'miot' }),
  yeelight: () => createYeelightBehaviour(),
  'chuangmi-plug': plug,
  'chuangmi-plug-v1': plug,
  'chuangmi-plug-v3': plug,
  'dmaker-fan-p9': fan,
  'dmaker-fan-p10': fan,
  'dmaker-fan-p11': fan,
  'dmaker-fan-p45': fan,
  'lumi-curtain': () => createCurtainBehaviour(),
  'roborock-vacuum': () => createVacuumBehaviour(),
};

export function createBehaviour(family: DeviceFamily, opts: BehaviourOptions): SimBehaviour {
  const factory = Object.hasOwn(BEHAVIOURS, family.id) ? BEHAVIOURS[family.id] : undefined;
  if (familyById(family.id) !== family || factory === undefined) throw new SimUnknownFamilyError(family.id);
  return factory(family, opts);
}
