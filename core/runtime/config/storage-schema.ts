/** `storage:` the SQLite database of history, traces and the MQTT outbox. */
import path from 'node:path';
import { z } from 'zod';
import { filePathSchema, type SchemaContext } from './schema-context.js';

export function storageSchema(ctx: SchemaContext) {
  return z.strictObject({
    /** false: nothing is stored (history, traces and the MQTT outbox live in memory only). */
    enabled: z.boolean().default(true),
    /** The database file; default: the XDG data folder. */
    path: filePathSchema(ctx).default(ctx.defaultDatabasePath),
    /** Car events, runs and signal history older than this are deleted. */
    retention_days: z.number().int().min(1).max(36_500).default(30),
    /** Oldest history is deleted first when the database grows past this. */
    max_size_mb: z.number().min(1).max(1_000_000).default(200),
    /** Signal history is downsampled to at most one value per path per this many seconds. */
    signal_interval_s: z.number().min(0.01).max(3600).default(1),
    /** Traces kept per automation. */
    trace_limit: z.number().int().min(1).max(1000).default(20),
  });
}

export type StorageConfig = z.output<ReturnType<typeof storageSchema>>;

/** $XDG_DATA_HOME/homeward/homeward.db (an XDG_DATA_HOME that is not absolute is ignored, as the spec says), else ~/.local/share/…. */
export function defaultDatabasePath(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const xdg = env.XDG_DATA_HOME;
  const dataHome = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(homeDir, '.local', 'share');
  return path.join(dataHome, 'homeward', 'homeward.db');
}
