import { describe, it, expect } from 'vitest';
import type { VssValue } from '../signal-updates.js';
import { deriveVehicleState, gearOf, ignitionOf } from './derive-vehicle-state.js';
import { VSS } from './vss-paths.js';

const derive = (values: Record<string, VssValue>) => deriveVehicleState((path) => values[path]);

describe('deriveVehicleState', () => {
  it('reads VSS 4.0 gear codes: 126 P, 127 D, -1 R, 0 N, others as numbers', () => {
    expect([126, 127, -1, 0, 3, -2].map(gearOf)).toEqual(['P', 'D', 'R', 'N', 3, -2]);
    expect(gearOf(undefined)).toBeNull();
    expect(gearOf(true)).toBeNull();
    expect(gearOf(1.5)).toBeNull();
    expect(gearOf('p')).toBe('P');
    expect(gearOf('126')).toBe('P');
  });

  it('lower-cases LowVoltageSystemState and says unknown for anything else', () => {
    expect(['OFF', 'ACC', 'ON', 'START', 'LOCK', 'UNDEFINED'].map(ignitionOf)).toEqual(['off', 'acc', 'on', 'start', 'lock', 'undefined']);
    expect(ignitionOf('WARP')).toBe('unknown');
    expect(ignitionOf(2)).toBe('unknown');
    expect(ignitionOf(undefined)).toBe('unknown');
  });

  it('moving from wheel speed above 1 km/h, else from IsMoving', () => {
    expect(derive({ [VSS.speed]: 0.8 }).moving).toBe(false);
    expect(derive({ [VSS.speed]: 1.2 }).moving).toBe(true);
    expect(derive({ [VSS.isMoving]: true }).moving).toBe(true);
    expect(derive({ [VSS.speed]: 0, [VSS.isMoving]: true }).moving).toBe(false);
    expect(derive({}).moving).toBe(false);
  });

  it('parked: P or ignition off/lock, and not moving', () => {
    expect(derive({ [VSS.gear]: 126, [VSS.speed]: 0 }).parked).toBe(true);
    expect(derive({ [VSS.gear]: 127, [VSS.lowVoltageSystemState]: 'OFF', [VSS.speed]: 0 }).parked).toBe(true);
    expect(derive({ [VSS.gear]: 127, [VSS.lowVoltageSystemState]: 'LOCK' }).parked).toBe(true);
    expect(derive({ [VSS.gear]: 127, [VSS.lowVoltageSystemState]: 'ON', [VSS.speed]: 0 }).parked).toBe(false);
    expect(derive({ [VSS.gear]: 127, [VSS.lowVoltageSystemState]: 'ACC', [VSS.speed]: 0 }).parked).toBe(false);
    expect(derive({ [VSS.gear]: 126, [VSS.speed]: 3 }).parked).toBe(false);
  });

  it('passes SoC and charging through, null when unknown', () => {
    expect(derive({ [VSS.stateOfCharge]: 54.5, [VSS.isCharging]: true })).toMatchObject({ socPct: 54.5, charging: true, gear: null, ignition: 'unknown', speedKmh: null });
    expect(derive({})).toMatchObject({ socPct: null, charging: null });
  });
});
