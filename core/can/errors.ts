import { HomewardError } from '../base/errors.js';

/**
 * A candump -L line that cannot be read. `line` and `column` are 1-based; `file` is set when the line
 * came from a file. Thrown by parseCandumpLine, emitted as an item by readCandumpLog.
 */
export class CandumpParseError extends HomewardError {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly file?: string,
  ) {
    super('candump_parse', `${file ?? 'candump'}:${line}:${column}: ${reason}`);
  }
}

/** A frame that candump -L cannot represent (id out of range, too much data for its kind). */
export class CandumpFormatError extends HomewardError {
  constructor(reason: string) {
    super('candump_format', `cannot write frame as candump -L: ${reason}`);
  }
}

/** A candump log that cannot be opened, read or written (the source is gone for good). */
export class CandumpIoError extends HomewardError {
  constructor(
    readonly file: string,
    action: 'read' | 'write',
    cause: unknown,
  ) {
    super('candump_io', `cannot ${action} candump log ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The socketcan package or the CAN interface is not there (or the kernel has no CAN support). */
export class SocketcanUnavailableError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('socketcan_unavailable', message, options);
  }
}

/** A frame the socketcan channel refused to send. */
export class SocketcanSendError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('socketcan_send', message, options);
  }
}

/** Options that make no sense (a replay speed of 0, say); thrown at call time. */
export class CanOptionError extends HomewardError {
  constructor(message: string) {
    super('can_option', message);
  }
}
