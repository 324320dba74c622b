/** What a schema needs from outside: where relative paths start and the default data folder. */
import { z } from 'zod';

export interface SchemaContext {
  /** A path as written (relative to the configuration's folder, `~/` = home) made absolute. */
  resolvePath(written: string): string;
  /** The default database file: $XDG_DATA_HOME/homeward/homeward.db or ~/.local/share/homeward/homeward.db. */
  readonly defaultDatabasePath: string;
}

/** A file name, made absolute by the context. Whether it exists is checked after parsing. */
export function filePathSchema(ctx: SchemaContext) {
  return z
    .string()
    .min(1)
    .refine((text) => !text.includes('\0'), 'a file name cannot contain NUL')
    .transform((text) => ctx.resolvePath(text.trim()));
}
