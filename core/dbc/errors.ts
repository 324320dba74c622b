import { HomewardError } from '../base/errors.js';

/** A DBC file that cannot be read: says file, line and column (1-based). */
export class DbcParseError extends HomewardError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super('dbc_parse', `${file}:${line}:${column}: ${reason}`);
  }
}

/** A frame that cannot be decoded with its message (wrong size, undefined multiplexer value). */
export class DecodeError extends HomewardError {
  constructor(message: string) {
    super('dbc_decode', message);
  }
}

/** Values that cannot be encoded into a message (missing signal, out of range, not representable). */
export class EncodeError extends HomewardError {
  constructor(message: string) {
    super('dbc_encode', message);
  }
}
