/**
 * The one frame classifier: what a frame is to a database, in the order cantools' decode command
 * and the conformance corpus file it. An error frame is never decoded (its id is an error class), a
 * remote frame carries no data, an id the database lacks is unknown, the rest is decoded or refused.
 * `decode`, `replay` and the VSS pipeline all classify through here.
 */
import type { CompiledMessage, DecodedSignals, DecodeOptions } from './codec-types.js';
import { DecodeError } from './errors.js';

/** What the classifier reads of a frame; core/can's CanFrame has these fields (dbc does not import can). */
export interface ClassifiableFrame {
  readonly id: number;
  readonly extended: boolean;
  readonly rtr: boolean;
  readonly error: boolean;
  readonly data: Uint8Array;
}

export type FrameClass<C extends CompiledMessage = CompiledMessage> =
  | { kind: 'decoded'; compiled: C; signals: DecodedSignals }
  | { kind: 'decode_error'; compiled: C; error: DecodeError }
  | { kind: 'unknown' }
  | { kind: 'error_frame' }
  | { kind: 'remote'; compiled: C | undefined };

const UNKNOWN: FrameClass<never> = { kind: 'unknown' };
const ERROR_FRAME: FrameClass<never> = { kind: 'error_frame' };

/**
 * Classifies and, for a data frame of a known message, decodes it. `getMessage` is the database's
 * lookup (DbcCodec.getMessage) or a narrower one (the VSS pipeline looks up only mapped messages).
 * Only a DecodeError becomes `decode_error`; anything else is a bug and is thrown.
 */
export function classifyFrame<C extends CompiledMessage>(
  frame: ClassifiableFrame,
  getMessage: (frameId: number, isExtended: boolean) => C | undefined,
  options?: DecodeOptions,
): FrameClass<C> {
  if (frame.error) return ERROR_FRAME;
  const compiled = getMessage(frame.id, frame.extended);
  if (frame.rtr) return { kind: 'remote', compiled };
  if (compiled === undefined) return UNKNOWN;
  try {
    return { kind: 'decoded', compiled, signals: compiled.decode(frame.data, options) };
  } catch (error) {
    if (error instanceof DecodeError) return { kind: 'decode_error', compiled, error };
    throw error;
  }
}
