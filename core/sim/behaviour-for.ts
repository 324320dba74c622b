import type { DeviceFamily } from '../home/model.js';
import type { BehaviourOptions, SimBehaviour } from './behaviour.js';
import { createAirPurifierBehaviour } from './behaviours/air-purifier.js';
import { createCurtainBehaviour } from './behaviours/curtain.js';
import { createFanBehaviour } from './behaviours/fan.js';
import { createPlugBehaviour } from './behaviours/plug.js';
import { createVacuumBehaviour } from './behaviours/vacuum.js';
import { createYeelightBehaviour } from './behaviours/yeelight.js';

/** The behaviour of a family, chosen explicitly by family id. A family without one is a static device. */
export function createBehaviour(family: DeviceFamily, opts: BehaviourOptions): SimBehaviour {
  switch (family.id) {
    case 'zhimi-airpurifier-miio':
      return createAirPurifierBehaviour({ ...opts, protocol: 'miio' });
    case 'zhimi-airpurifier-miot':
      return createAirPurifierBehaviour({ ...opts, protocol: 'miot' });
    case 'yeelight':
      return createYeelightBehaviour();
    case 'chuangmi-plug':
    case 'chuangmi-plug-v1':
    case 'chuangmi-plug-v3':
      return createPlugBehaviour({ ...opts, properties: family.properties.map((p) => p.name) });
    case 'dmaker-fan-p9':
    case 'dmaker-fan-p10':
    case 'dmaker-fan-p11':
    case 'dmaker-fan-p45':
      return createFanBehaviour();
    case 'lumi-curtain':
      return createCurtainBehaviour();
    case 'roborock-vacuum':
      return createVacuumBehaviour();
    default:
      return { initial: staticInitial(family) };
  }
}

function staticInitial(family: DeviceFamily): Record<string, boolean | number | string> {
  const state: Record<string, boolean | number | string> = {};
  for (const p of family.properties) {
    state[p.name] = p.type === 'bool' ? false : p.type === 'string' ? '' : p.type === 'enum' ? (p.choices?.[0]?.label ?? '') : (p.range?.min ?? 0);
  }
  return state;
}
