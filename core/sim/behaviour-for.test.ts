import { describe, expect, it } from 'vitest';
import { seededRandom } from '../base/seeded-random.js';
import { FAMILIES } from '../home/registry.js';
import { BEHAVIOURS, createBehaviour } from './behaviour-for.js';
import { SimUnknownFamilyError } from './errors.js';

describe('createBehaviour: behaviours through the family registry', () => {
  it('has a behaviour for exactly the families core/home/registry.ts lists', () => {
    expect(Object.keys(BEHAVIOURS).sort()).toEqual(FAMILIES.map((f) => f.id).sort());
  });

  it('gives every registered family initial values for all its properties', () => {
    for (const family of FAMILIES) {
      const behaviour = createBehaviour(family, { model: family.models[0], random: seededRandom(1) });
      for (const property of family.properties) expect(behaviour.initial, `${family.id}.${property.name}`).toHaveProperty(property.name);
    }
  });

  it('refuses a family the registry does not list, even under a registered id', () => {
    const impostor = { ...FAMILIES[0] };
    expect(() => createBehaviour(impostor, { model: 'x', random: seededRandom(1) })).toThrow(SimUnknownFamilyError);
    expect(() => createBehaviour({ ...FAMILIES[0], id: 'nope' }, { model: 'x', random: seededRandom(1) })).toThrow(/no simulated behaviour for family 'nope'/);
  });
});
