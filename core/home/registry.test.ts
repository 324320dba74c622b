import { describe, expect, it } from 'vitest';
import { UnknownModelError } from './errors.js';
import { FAMILIES, familyById, findFamily, requireFamily } from './registry.js';

describe('findFamily', () => {
  it('finds each of the seven families by a real model string', () => {
    expect(findFamily('zhimi.airpurifier.m1')?.id).toBe('zhimi-airpurifier-miio');
    expect(findFamily('zhimi.airpurifier.v6')?.id).toBe('zhimi-airpurifier-miio');
    expect(findFamily('zhimi.airp.mb4a')?.id).toBe('zhimi-airpurifier-miot');
    expect(findFamily('zhimi.airpurifier.mb4')?.id).toBe('zhimi-airpurifier-miot');
    expect(findFamily('yeelink.light.color1')?.id).toBe('yeelight');
    expect(findFamily('chuangmi.plug.m1')?.id).toBe('chuangmi-plug');
    expect(findFamily('chuangmi.plug.v3')?.id).toBe('chuangmi-plug-v3');
    expect(findFamily('dmaker.fan.p9')?.id).toBe('dmaker-fan-p9');
    expect(findFamily('dmaker.fan.p33')?.id).toBe('dmaker-fan-p11');
    expect(findFamily('lumi.curtain.hagl05')?.id).toBe('lumi-curtain');
    expect(findFamily('roborock.vacuum.s5')?.id).toBe('roborock-vacuum');
  });

  it('matches wildcards by prefix only, and prefers an exact model over a wildcard', () => {
    expect(findFamily('yeelink.light.bslamp1')?.id).toBe('yeelight');
    expect(findFamily('yeelink.light.')).toBeUndefined();
    expect(findFamily('yeelink.lightning')).toBeUndefined();
    const exact = { ...FAMILIES[0], id: 'exact', models: ['yeelink.light.color1'] };
    expect(findFamily('yeelink.light.color1', [FAMILIES[2], exact])?.id).toBe('exact');
    expect(findFamily('yeelink.light.color1', [exact, FAMILIES[2]])?.id).toBe('exact');
  });

  it('reports an unknown model with a typed error', () => {
    expect(findFamily('acme.test.v1')).toBeUndefined();
    expect(() => requireFamily('acme.test.v1')).toThrow(UnknownModelError);
    expect(() => requireFamily('acme.test.v1')).toThrow(/acme\.test\.v1/);
  });

  it('lists families with unique ids and no model claimed twice', () => {
    const ids = FAMILIES.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const models = FAMILIES.flatMap((f) => f.models);
    expect(new Set(models).size).toBe(models.length);
    expect(familyById('lumi-curtain')?.models).toContain('lumi.curtain.hagl05');
  });

  it('declares MIoT properties with unique siid/piid and miIO properties with a read or a setter', () => {
    for (const family of FAMILIES) {
      if (family.protocol === 'miot') {
        const slots = family.properties.map((p) => `${p.siid}/${p.piid}`);
        expect(new Set(slots).size, family.id).toBe(slots.length);
      } else {
        for (const p of family.properties) {
          expect(p.readable ? p.get : p.set, `${family.id}.${p.name}`).toBeDefined();
          if (p.writable) expect(p.set, `${family.id}.${p.name}`).toBeDefined();
        }
      }
    }
  });
});
