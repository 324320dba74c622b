/**
 * A database's messages compiled for decoding and encoding, looked up by (frame id, extended):
 * an 11-bit and a 29-bit id with the same number are different messages.
 */
import { EncodeError } from './errors.js';
import type { Database } from './model.js';
import { compileMessage } from './compile-message.js';
import { frameKey } from './frame-key.js';
import type { CompiledMessage, DecodedSignals, DecodeOptions, EncodeOptions, SignalValue } from './codec-types.js';

export type { CompiledMessage, DecodedSignals, DecodeOptions, EncodeOptions, SignalValue } from './codec-types.js';
export { compileMessage } from './compile-message.js';

export interface DbcCodec {
  readonly messages: readonly CompiledMessage[];
  getMessage(frameId: number, isExtended: boolean): CompiledMessage | undefined;
  getMessageByName(name: string): CompiledMessage | undefined;
  /** The frame's signals, or undefined when the database has no such message; throws DecodeError. */
  decode(frameId: number, isExtended: boolean, data: Uint8Array, options?: DecodeOptions): DecodedSignals | undefined;
  /** The payload of the named message; throws EncodeError (also for an unknown name). */
  encode(name: string, values: Readonly<Record<string, SignalValue>>, options?: EncodeOptions): Uint8Array;
}

const STANDARD_IDS = 0x800;

export function createDbcCodec(db: Database): DbcCodec {
  const messages = db.messages.map(compileMessage);
  const byId = new Map<number, CompiledMessage>();
  const byName = new Map<string, CompiledMessage>();
  for (const compiled of messages) {
    const { frameId, isExtendedFrame, name } = compiled.message;
    byId.set(frameKey(frameId, isExtendedFrame), compiled);
    byName.set(name, compiled);
  }
  // 11-bit ids by index: the per-frame lookup of a whole-log decode, without hashing.
  const standard: (CompiledMessage | undefined)[] = Array.from({ length: STANDARD_IDS }, (_, id) => byId.get(frameKey(id, false)));
  const getMessage = (frameId: number, isExtended: boolean): CompiledMessage | undefined =>
    !isExtended && frameId >= 0 && frameId < STANDARD_IDS ? standard[frameId] : byId.get(frameKey(frameId, isExtended));

  return {
    messages,
    getMessage,
    getMessageByName: (name) => byName.get(name),
    decode(frameId, isExtended, data, options) {
      return getMessage(frameId, isExtended)?.decode(data, options);
    },
    encode(name, values, options) {
      const compiled = byName.get(name);
      if (compiled === undefined) throw new EncodeError(`Unknown message "${name}"`);
      return compiled.encode(values, options);
    },
  };
}
