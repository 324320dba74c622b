/** The one file of core/dbc that does I/O: read a .dbc (cp1252) and parse it, the path in every error. */
import { readFileSync } from 'node:fs';
import { decodeDbcBytes } from './cp1252.js';
import { DbcParseError } from './errors.js';
import type { Database, ParseOptions } from './model.js';
import { parseDbc } from './parse-dbc.js';

export function loadDbcFile(path: string, options: ParseOptions = {}): Database {
  const file = options.file ?? path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // Line 0, column 0: the file as a whole could not be read.
    throw new DbcParseError(file, 0, 0, `cannot read the file: ${reason}`);
  }
  return parseDbc(decodeDbcBytes(bytes), { ...options, file });
}
