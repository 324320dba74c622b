/**
 * One candump -L line through the DBC codec, classified the way the conformance corpus files it:
 * decoded, decode error, unknown id, error frame, remote frame, or a line that is no frame at all.
 */
import { parseCandumpLine } from '../can/candump.js';
import { CandumpParseError } from '../can/errors.js';
import type { CanFrame } from '../can/frame.js';
import type { DbcCodec, DecodedSignals, DecodeOptions } from '../dbc/codec.js';
import { DecodeError } from '../dbc/errors.js';
import type { Message } from '../dbc/model.js';

export type DecodedLine =
  | { kind: 'decoded'; frame: CanFrame; message: Message; signals: DecodedSignals }
  | { kind: 'decode_error'; frame: CanFrame; message: Message; error: DecodeError }
  | { kind: 'unknown'; frame: CanFrame }
  | { kind: 'error_frame'; frame: CanFrame }
  | { kind: 'remote'; frame: CanFrame; message: Message | null }
  | { kind: 'bad_line'; error: CandumpParseError };

/** Frames that count as failures for the exit code. */
export function isFailure(result: DecodedLine): boolean {
  return result.kind === 'decode_error' || result.kind === 'bad_line';
}

export function decodeLine(codec: DbcCodec, line: string, lineNumber: number, file: string | undefined, options: DecodeOptions): DecodedLine {
  let frame: CanFrame;
  try {
    frame = parseCandumpLine(line, lineNumber, file);
  } catch (error) {
    if (error instanceof CandumpParseError) return { kind: 'bad_line', error };
    throw error;
  }
  if (frame.error) return { kind: 'error_frame', frame };
  const compiled = codec.getMessage(frame.id, frame.extended);
  if (frame.rtr) return { kind: 'remote', frame, message: compiled?.message ?? null };
  if (compiled === undefined) return { kind: 'unknown', frame };
  try {
    return { kind: 'decoded', frame, message: compiled.message, signals: compiled.decode(frame.data, options) };
  } catch (error) {
    if (error instanceof DecodeError) return { kind: 'decode_error', frame, message: compiled.message, error };
    throw error;
  }
}
