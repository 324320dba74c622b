/**
 * Compiles a message once into a decoder and an encoder (cantools' `Message` codec). Decode
 * variants are generated on first use: full frames take straight-line code without length checks,
 * short frames a variant that checks each signal against the frame length.
 */
import { DecodeError } from './errors.js';
import type { Message } from './model.js';
import { createEncoder } from './codec-encode.js';
import { generateDecoder, type DecodeFn, type DecoderVariant } from './codec-generate.js';
import { layoutOf } from './codec-layout.js';
import { buildCodecTree, treeSignals } from './codec-tree.js';
import type { CompiledMessage, DecodedSignals, DecodeOptions } from './codec-types.js';

export function compileMessage(message: Message): CompiledMessage {
  const root = buildCodecTree(message);
  const { length } = message;
  // Lenient DBCs may hold signals past the message length: frames that short decode as truncated.
  let fullLength = length;
  for (const signal of treeSignals(root)) fullLength = Math.max(fullLength, layoutOf(message, signal).bytesNeeded);

  const variants: (DecodeFn | undefined)[] = new Array(8);
  const variant = (decodeChoices: boolean, scaling: boolean, truncated: boolean): DecodeFn => {
    const index = (decodeChoices ? 4 : 0) + (scaling ? 2 : 0) + (truncated ? 1 : 0);
    let decode = variants[index];
    if (decode === undefined) {
      const wanted: DecoderVariant = { decodeChoices, scaling, truncated };
      decode = generateDecoder(message, root, wanted);
      variants[index] = decode;
    }
    return decode;
  };
  const plain = variant(false, true, false);

  const decode = (data: Uint8Array, options?: DecodeOptions): DecodedSignals => {
    if (options === undefined && data.length >= fullLength) return plain(data, false);
    const allowTruncated = options?.allowTruncated === true;
    if (data.length < length && !allowTruncated) {
      throw new DecodeError(`Wrong data size: ${data.length} instead of ${length} bytes`);
    }
    const decodeChoices = options?.decodeChoices === true;
    const scaling = options?.scaling !== false;
    return variant(decodeChoices, scaling, data.length < fullLength)(data, options?.skipUndefinedMultiplexers === true);
  };

  return { message, decode, encode: createEncoder(message, root) };
}
