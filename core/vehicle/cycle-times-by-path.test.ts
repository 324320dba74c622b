import { describe, it, expect } from 'vitest';
import { loadDbcFile } from '../dbc/load-dbc-file.js';
import { bindVssMapping } from './bind-vss-mapping.js';
import { cycleTimesByPath } from './cycle-times-by-path.js';
import { homewardEvDbcPath, homewardEvVssMappingPath } from './demo/paths.js';
import { loadVssMappingFile } from './vss-mapping.js';

describe('cycleTimesByPath', () => {
  it('takes GenMsgCycleTime, never less than interval_ms, and leaves on_change paths out', async () => {
    const db = loadDbcFile(homewardEvDbcPath());
    const cycles = cycleTimesByPath(bindVssMapping(await loadVssMappingFile(homewardEvVssMappingPath()), db), db);
    expect(cycles.get('Vehicle.Speed')).toBe(100); // 20 ms frame, gated to 100 ms
    expect(cycles.get('Vehicle.CurrentLocation.Latitude')).toBe(1000);
    expect(cycles.get('Vehicle.Exterior.AirTemperature')).toBe(5000); // 100 ms frame, 5,000 ms gate
    expect(cycles.get('Vehicle.Powertrain.TractionBattery.Charging.TimeToComplete')).toBe(10_000);
    expect(cycles.has('Vehicle.Powertrain.Transmission.SelectedGear')).toBe(false); // on_change
    expect(cycles.has('Vehicle.IsMoving')).toBe(false);
  });
});
