/** `dashboard:` the head unit's window and what it shows. */
import { z } from 'zod';

const VSS_PATH = /^Vehicle(\.[A-Za-z0-9_]+)+$/;

export const DEFAULT_CHARTS = ['Vehicle.Speed', 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current'] as const;

export const dashboardSchema = z.strictObject({
  /** Electron kiosk mode: no menu, no way out but the OS. */
  kiosk: z.boolean().default(false),
  fullscreen: z.boolean().default(true),
  /** auto: by time of day or the car's light sensor. */
  theme: z.enum(['auto', 'day', 'night']).default('auto'),
  /** VSS paths charted live and from history. */
  charts: z.array(z.string().regex(VSS_PATH, 'expected a VSS path such as Vehicle.Speed')).max(16).default([...DEFAULT_CHARTS]),
});

export type DashboardConfig = z.output<typeof dashboardSchema>;
