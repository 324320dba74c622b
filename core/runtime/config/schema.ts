/**
 * The whole configuration file: one strict zod object per section, so an unknown key anywhere is
 * an error. Sections may be absent or empty (`mqtt:`): they take their defaults. `home` is optional
 * (without it no home.* events; `homeward replay --home` can give one).
 */
import { z } from 'zod';
import { automationConfigSchema, sceneConfigSchema } from '../../automation/config-schema.js';
import { dashboardSchema } from './dashboard-schema.js';
import { devicesSchema } from './devices-schema.js';
import { homeSchema } from './home-schema.js';
import { mqttSchema } from './mqtt-schema.js';
import type { SchemaContext } from './schema-context.js';
import { storageSchema } from './storage-schema.js';
import { vehicleSchema } from './vehicle-schema.js';
import { webSchema } from './web-schema.js';

/** pino's levels. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const loggingSchema = z.strictObject({ level: z.enum(LOG_LEVELS).default('info') });

/** An absent or empty (`mqtt:` alone) section reads as `{}`, an empty list as `[]`. */
const section = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? {}, schema);
const list = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? [], schema);

export function createConfigSchema(ctx: SchemaContext) {
  return z.preprocess(
    (value) => value ?? {},
    z.strictObject({
      home: z.preprocess((value) => value ?? undefined, homeSchema.optional()),
      vehicle: section(vehicleSchema(ctx)),
      devices: list(devicesSchema),
      scenes: list(z.array(sceneConfigSchema)),
      /** Home Assistant's automations.yaml shape; often `automations: !include automations.yaml`. */
      automations: list(z.array(automationConfigSchema)),
      storage: section(storageSchema(ctx)),
      mqtt: section(mqttSchema(ctx)),
      web: section(webSchema),
      dashboard: section(dashboardSchema),
      logging: section(loggingSchema),
    }),
  );
}

export type HomewardConfig = z.output<ReturnType<typeof createConfigSchema>>;
export type { HomeConfig } from './home-schema.js';
export type { CanSource, CanSourceSpec, VehicleConfig } from './vehicle-schema.js';
export type { DeviceConfig } from './devices-schema.js';
export type { StorageConfig } from './storage-schema.js';
export type { MqttConfig } from './mqtt-schema.js';
export type { WebConfig } from './web-schema.js';
export type { DashboardConfig } from './dashboard-schema.js';
export type { AutomationConfig, SceneConfig } from '../../automation/config-schema.js';
export type LoggingConfig = HomewardConfig['logging'];
