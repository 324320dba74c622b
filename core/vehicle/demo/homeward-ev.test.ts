import { describe, it, expect } from 'vitest';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { firstValueFrom, from, toArray } from 'rxjs';
import type { CanFrame } from '../../can/frame.js';
import { createDbcCodec, type SignalValue } from '../../dbc/codec.js';
import type { Database } from '../../dbc/model.js';
import { parseDbc } from '../../dbc/parse-dbc.js';
import { bindVssMapping } from '../bind-vss-mapping.js';
import { toSignalUpdates, type VssValue } from '../signal-updates.js';
import { loadVssMappingFile } from '../vss-mapping.js';
import { homewardEvDbcPath, homewardEvVssMappingPath } from './paths.js';

async function loadDemo(): Promise<Database> {
  return parseDbc(await readFile(homewardEvDbcPath(), 'utf8'), { file: homewardEvDbcPath(), strict: true });
}

describe('the Homeward demo EV', () => {
  it('has its files where paths.ts says', () => {
    expect(basename(homewardEvDbcPath())).toBe('homeward-ev.dbc');
    expect(basename(homewardEvVssMappingPath())).toBe('homeward-ev.vss.yaml');
    expect(existsSync(homewardEvDbcPath())).toBe(true);
    expect(existsSync(homewardEvVssMappingPath())).toBe(true);
  });

  it('parses in strict mode without warnings', async () => {
    const db = await loadDemo();
    expect(db.warnings).toEqual([]);
    expect(db.nodes.map((node) => node.name)).toEqual(['VCU', 'BMS', 'BCM', 'TCU', 'OBC', 'HU']);
    expect(db.messages.map((m) => [m.name, m.frameId, m.isExtendedFrame, m.cycleTime])).toEqual([
      ['VCU_VehicleSpeed', 0x100, false, 20],
      ['VCU_DriveStatus', 0x101, false, 100],
      ['BCM_BodyStatus', 0x320, false, 100],
      ['BMS_PackStatus', 0x350, false, 100],
      ['TCU_GpsPosition', 0x500, false, 1000],
      ['TCU_GpsCourse', 0x501, false, 1000],
      ['OBC_ChargeStatus', 0x18ff50e5, true, 500],
    ]);
    const byteOrders = new Set(db.messages.flatMap((m) => m.signals.map((s) => s.byteOrder)));
    expect(byteOrders).toEqual(new Set(['little_endian', 'big_endian']));
  });

  it('maps onto VSS 4.0 with every mapped signal in the DBC', async () => {
    const mapping = await loadVssMappingFile(homewardEvVssMappingPath());
    const bound = bindVssMapping(mapping, await loadDemo());
    const mapped = [...bound.plans.values()].flatMap((plan) => plan.mapped);
    expect(mapped).toHaveLength(mapping.dbc2vss.length);
    expect(mapping.dbc2vss.map((entry) => entry.path)).toEqual(
      expect.arrayContaining([
        'Vehicle.Speed',
        'Vehicle.Powertrain.Transmission.SelectedGear',
        'Vehicle.LowVoltageSystemState',
        'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current',
        'Vehicle.Powertrain.Range',
        'Vehicle.CurrentLocation.Latitude',
        'Vehicle.CurrentLocation.Longitude',
        'Vehicle.CurrentLocation.Heading',
        'Vehicle.Cabin.Door.Row1.DriverSide.IsOpen',
        'Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen',
        'Vehicle.Cabin.Door.Row2.DriverSide.IsOpen',
        'Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen',
        'Vehicle.Powertrain.TractionBattery.Charging.IsCharging',
      ]),
    );
  });

  it('turns encoded frames into the VSS values a user expects', async () => {
    const db = await loadDemo();
    const codec = createDbcCodec(db);
    const bound = bindVssMapping(await loadVssMappingFile(homewardEvVssMappingPath()), db);
    const frame = (name: string, values: Record<string, SignalValue>): CanFrame => {
      const { message } = codec.getMessageByName(name)!;
      const data = codec.encode(name, values, { strict: false });
      return { id: message.frameId, extended: message.isExtendedFrame, fd: false, rtr: false, error: false, data, ts: 1_700_000_000 };
    };
    const frames = [
      frame('VCU_VehicleSpeed', { VCU_VehicleSpeed: 87.65, VCU_Odometer: 12345.6, VCU_SpeedValid: 'VALID', VCU_SpeedCounter: 3 }),
      frame('VCU_DriveStatus', { VCU_SelectedGear: 'D', VCU_ReadyToDrive: 'READY', VCU_AcceleratorPedal: 22.4, VCU_Range: 312 }),
      frame('BCM_BodyStatus', {
        BCM_PowerMode: 'ON',
        BCM_DoorFrontLeft: 'OPEN',
        BCM_DoorFrontRight: 'CLOSED',
        BCM_DoorRearLeft: 'CLOSED',
        BCM_DoorRearRight: 'OPEN',
        BCM_Trunk: 'CLOSED',
        BCM_CentralLock: 'UNLOCKED',
        BCM_OutsideTemperature: 21.5,
      }),
      frame('BMS_PackStatus', { BMS_StateOfCharge: 80.5, BMS_PackVoltage: 398.7, BMS_PackCurrent: -12.3, BMS_PackTemperature: 25, BMS_StatusCounter: 1 }),
      frame('TCU_GpsPosition', { TCU_Latitude: 52.5200066, TCU_Longitude: -13.404954 }),
      frame('TCU_GpsCourse', { TCU_Heading: 270.5, TCU_GpsSpeed: 87, TCU_Altitude: 34.5, TCU_FixType: 'FIX_3D', TCU_Satellites: 9 }),
      frame('OBC_ChargeStatus', { OBC_ChargingState: 'CHARGING', OBC_ChargePower: 7.2, OBC_ChargeLimit: 80, OBC_TimeToComplete: 95 }),
    ];
    const updates = await firstValueFrom(from(frames).pipe(toSignalUpdates(codec, bound), toArray()));
    const values = new Map<string, VssValue>(updates.map((update) => [update.path, update.value]));
    expect(values.get('Vehicle.Speed')).toBeCloseTo(87.65, 10);
    expect(values.get('Vehicle.IsMoving')).toBe(true);
    expect(values.get('Vehicle.Powertrain.Transmission.SelectedGear')).toBe(127);
    expect(values.get('Vehicle.Powertrain.Transmission.IsParkLockEngaged')).toBe(false);
    expect(values.get('Vehicle.Chassis.Accelerator.PedalPosition')).toBe(22);
    expect(values.get('Vehicle.Powertrain.Range')).toBe(312_000);
    expect(values.get('Vehicle.LowVoltageSystemState')).toBe('ON');
    expect(values.get('Vehicle.Cabin.Door.Row1.DriverSide.IsOpen')).toBe(true);
    expect(values.get('Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen')).toBe(false);
    expect(values.get('Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen')).toBe(true);
    expect(values.get('Vehicle.Cabin.Door.Row1.DriverSide.IsLocked')).toBe(false);
    expect(values.get('Vehicle.Exterior.AirTemperature')).toBe(21.5);
    expect(values.get('Vehicle.Powertrain.TractionBattery.StateOfCharge.Current')).toBeCloseTo(80.5, 10);
    expect(values.get('Vehicle.Powertrain.TractionBattery.CurrentCurrent')).toBeCloseTo(-12.3, 10);
    expect(values.get('Vehicle.CurrentLocation.Latitude')).toBeCloseTo(52.5200066, 7);
    expect(values.get('Vehicle.CurrentLocation.Longitude')).toBeCloseTo(-13.404954, 7);
    expect(values.get('Vehicle.CurrentLocation.Heading')).toBeCloseTo(270.5, 10);
    expect(values.get('Vehicle.CurrentLocation.Altitude')).toBeCloseTo(34.5, 10);
    expect(values.get('Vehicle.Powertrain.TractionBattery.Charging.IsCharging')).toBe(true);
    expect(values.get('Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected')).toBe(true);
    expect(values.get('Vehicle.Powertrain.TractionBattery.Charging.IsDischarging')).toBe(false);
    expect(values.get('Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit')).toBe(80);
    expect(values.get('Vehicle.Powertrain.TractionBattery.Charging.TimeToComplete')).toBe(5700);
    expect(new Set(updates.map((update) => update.path)).size).toBe(bound.mapping.dbc2vss.length);
  });
});
