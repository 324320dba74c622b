/** The VSS 4.0 paths the vehicle state and the car events read. */
export const VSS = {
  speed: 'Vehicle.Speed',
  isMoving: 'Vehicle.IsMoving',
  gear: 'Vehicle.Powertrain.Transmission.SelectedGear',
  lowVoltageSystemState: 'Vehicle.LowVoltageSystemState',
  stateOfCharge: 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current',
  isCharging: 'Vehicle.Powertrain.TractionBattery.Charging.IsCharging',
  isChargingCableConnected: 'Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected',
  latitude: 'Vehicle.CurrentLocation.Latitude',
  longitude: 'Vehicle.CurrentLocation.Longitude',
  heading: 'Vehicle.CurrentLocation.Heading',
  horizontalAccuracy: 'Vehicle.CurrentLocation.HorizontalAccuracy',
} as const;

/** The paths derived state depends on (a change elsewhere cannot change it). */
export const DERIVED_INPUT_PATHS: ReadonlySet<string> = new Set([
  VSS.speed, VSS.isMoving, VSS.gear, VSS.lowVoltageSystemState, VSS.stateOfCharge, VSS.isCharging,
]);
