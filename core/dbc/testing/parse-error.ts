import { DbcParseError } from '../errors.js';
import { parseDbc } from '../parse-dbc.js';

/** Parses `text` as x.dbc (strict) and returns the DbcParseError it must raise; for tests. */
export function parseError(text: string): DbcParseError {
  try {
    parseDbc(text, { file: 'x.dbc' });
  } catch (error) {
    if (error instanceof DbcParseError) return error;
    throw error;
  }
  throw new Error('expected a DbcParseError');
}
