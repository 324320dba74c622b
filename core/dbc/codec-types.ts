/** The codec's public shapes: values, options and a compiled message. */
import type { Message } from './model.js';

/**
 * A signal value: a number; an exact bigint for integers beyond ±(2^53−1); a VAL_ name (string)
 * when choices are decoded.
 */
export type SignalValue = number | bigint | string;

/** Signal name → value, for the signals present in one frame. */
export type DecodedSignals = Record<string, SignalValue>;

export interface DecodeOptions {
  /** Return VAL_ names instead of numbers for raw values listed in VAL_ (default false). */
  decodeChoices?: boolean;
  /** Apply factor and offset (default true); false returns raw values. */
  scaling?: boolean;
  /**
   * cantools' `allow_truncated` (default false): of a frame shorter than the message, decode the
   * signals that fit entirely instead of raising "Wrong data size".
   */
  allowTruncated?: boolean;
  /**
   * Homeward's own (default false; cantools always raises): under a multiplexer value the DBC has
   * no branch for, return the signals outside that branch instead of raising.
   */
  skipUndefinedMultiplexers?: boolean;
}

export interface EncodeOptions {
  /** Values are physical (default true); false takes raw values. */
  scaling?: boolean;
  /**
   * cantools' `strict` (default true): reject signals the message does not use and physical
   * values outside [minimum, maximum]. Raw values that do not fit their bits are always rejected.
   */
  strict?: boolean;
}

export interface CompiledMessage {
  readonly message: Message;
  /** Decodes one payload; throws DecodeError as cantools' `Message.decode` does. */
  decode(data: Uint8Array, options?: DecodeOptions): DecodedSignals;
  /** Encodes the signals of the branch the given multiplexer values select; throws EncodeError. */
  encode(values: Readonly<Record<string, SignalValue>>, options?: EncodeOptions): Uint8Array;
}
