/** `home:` the home zone. Radii in metres, ETA thresholds in seconds (units in the key names). */
import { z } from 'zod';

export const DEFAULT_ETA_THRESHOLDS_S = [600, 300, 120, 60] as const;

export const homeSchema = z
  .strictObject({
    name: z.string().min(1).default('Home'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    /** Inside this the car is home (a parked car here has arrived). */
    radius_m: z.number().positive().max(10_000).default(50),
    /** The car has left once beyond this; default: the detector's own margin over radius_m. */
    exit_radius_m: z.number().positive().max(20_000).optional(),
    /** `home.approaching` is considered inside this. */
    approach_radius_m: z.number().positive().max(100_000).default(2000),
    /** `home.approaching` is re-emitted when the ETA crosses each of these. */
    eta_thresholds_s: z
      .array(z.number().int().positive().max(86_400))
      .min(1)
      .transform((list) => [...new Set(list)].sort((a, b) => b - a))
      .default([...DEFAULT_ETA_THRESHOLDS_S]),
  })
  .superRefine((home, ctx) => {
    if (home.exit_radius_m !== undefined && home.exit_radius_m < home.radius_m) {
      ctx.addIssue({ code: 'custom', path: ['exit_radius_m'], message: `must be at least radius_m (${home.radius_m})` });
    }
    if (home.approach_radius_m <= home.radius_m) {
      ctx.addIssue({ code: 'custom', path: ['approach_radius_m'], message: `must be larger than radius_m (${home.radius_m})` });
    }
  });

export type HomeConfig = z.output<typeof homeSchema>;
