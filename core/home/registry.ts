import { UnknownModelError } from './errors.js';
import { chuangmiPlug, chuangmiPlugV1, chuangmiPlugV3 } from './families/chuangmi-plug.js';
import { dmakerFanP10, dmakerFanP11, dmakerFanP45, dmakerFanP9 } from './families/dmaker-fan.js';
import { lumiCurtain } from './families/lumi-curtain.js';
import { roborockVacuum } from './families/roborock-vacuum.js';
import { yeelight } from './families/yeelight.js';
import { zhimiAirpurifierMiio } from './families/zhimi-airpurifier-miio.js';
import { zhimiAirpurifierMiot } from './families/zhimi-airpurifier-miot.js';
import type { DeviceFamily } from './model.js';

/** Every family Homeward knows, listed here on purpose: importing a family file registers nothing. */
export const FAMILIES: readonly DeviceFamily[] = [
  zhimiAirpurifierMiio,
  zhimiAirpurifierMiot,
  yeelight,
  chuangmiPlug,
  chuangmiPlugV1,
  chuangmiPlugV3,
  dmakerFanP9,
  dmakerFanP10,
  dmakerFanP11,
  dmakerFanP45,
  lumiCurtain,
  roborockVacuum,
];

/**
 * The family that declares a model. An exact model string wins over a wildcard ('yeelink.light.*'),
 * and a longer wildcard prefix over a shorter one.
 */
export function findFamily(model: string, families: readonly DeviceFamily[] = FAMILIES): DeviceFamily | undefined {
  let best: { family: DeviceFamily; score: number } | undefined;
  for (const family of families) {
    for (const pattern of family.models) {
      const score = matchScore(pattern, model);
      if (score > (best?.score ?? -1)) best = { family, score };
    }
  }
  return best?.family;
}

/** Like findFamily, but an unknown model is an UnknownModelError. */
export function requireFamily(model: string, families: readonly DeviceFamily[] = FAMILIES): DeviceFamily {
  const family = findFamily(model, families);
  if (!family) throw new UnknownModelError(model);
  return family;
}

export function familyById(id: string, families: readonly DeviceFamily[] = FAMILIES): DeviceFamily | undefined {
  return families.find((f) => f.id === id);
}

/** -1: no match; exact: Infinity; wildcard: the prefix length. */
function matchScore(pattern: string, model: string): number {
  if (pattern === model) return Number.POSITIVE_INFINITY;
  if (!pattern.endsWith('*')) return -1;
  const prefix = pattern.slice(0, -1);
  return model.startsWith(prefix) && model.length > prefix.length ? prefix.length : -1;
}
