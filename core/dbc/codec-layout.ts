/**
 * Where a signal's bits sit in the payload, in one form for both byte orders: the byte holding the
 * least significant bit, the bit inside it, and the direction of the more significant bytes.
 */
import { DecodeError } from './errors.js';
import type { Message, Signal } from './model.js';

export interface BitLayout {
  /** Byte holding the signal's least significant bit. */
  lsbByte: number;
  /** +1 for Intel (more significant bytes follow), −1 for Motorola (they precede). */
  step: 1 | -1;
  /** Position of the least significant bit inside `lsbByte` (0 = the byte's bit 0). */
  shift: number;
  length: number;
  /** Bytes a frame needs to hold the whole signal (cantools: sequential start + length ≤ 8 × bytes). */
  bytesNeeded: number;
}

/** cantools' `start_bit`: Intel start as is, Motorola MSB converted from sawtooth to network order. */
export function sequentialStartBit(signal: Pick<Signal, 'startBit' | 'byteOrder'>): number {
  const start = signal.startBit;
  return signal.byteOrder === 'big_endian' ? 8 * Math.floor(start / 8) + 7 - (start % 8) : start;
}

/** The layout of a signal, after checking that its numbers are ones the codec can compile. */
export function layoutOf(message: Message, signal: Signal): BitLayout {
  const where = `message "${message.name}", signal "${signal.name}" (line ${signal.line})`;
  const { startBit, length } = signal;
  if (!Number.isInteger(startBit) || startBit < 0 || startBit > 65535) {
    throw new DecodeError(`${where}: start bit ${startBit} is not supported`);
  }
  if (!Number.isInteger(length) || length < 1 || length > 64) {
    throw new DecodeError(`${where}: length ${length} is not supported (1 to 64 bits)`);
  }
  if (signal.isFloat && length !== 32 && length !== 64) {
    throw new DecodeError(`${where}: a float signal must be 32 or 64 bits, not ${length}`);
  }
  if (!Number.isFinite(signal.scale) || !Number.isFinite(signal.offset)) {
    throw new DecodeError(`${where}: factor and offset must be finite numbers`);
  }
  const sequential = sequentialStartBit(signal);
  const bytesNeeded = Math.ceil((sequential + length) / 8);
  if (signal.byteOrder === 'big_endian') {
    const lsbBit = sequential + length - 1; // network order: bit 0 is byte 0's MSB
    return { lsbByte: lsbBit >> 3, step: -1, shift: 7 - (lsbBit & 7), length, bytesNeeded };
  }
  return { lsbByte: startBit >> 3, step: 1, shift: startBit & 7, length, bytesNeeded };
}

/** Index of the k-th byte counted from the least significant one. */
export function byteIndex(layout: BitLayout, k: number): number {
  return layout.lsbByte + layout.step * k;
}

/** ORs an unsigned raw value (already range-checked, < 2^length) into the payload. */
export function writeBits(payload: Uint8Array, layout: BitLayout, unsignedRaw: bigint): void {
  let bits = unsignedRaw << BigInt(layout.shift);
  const byteCount = Math.ceil((layout.shift + layout.length) / 8);
  for (let k = 0; k < byteCount; k += 1) {
    payload[byteIndex(layout, k)] |= Number(bits & 0xffn);
    bits >>= 8n;
  }
}

/** Reads a signal's bits as an unsigned bigint: slow and obvious, the reference the tests hold the codec to. */
export function readBits(payload: Uint8Array, layout: BitLayout): bigint {
  const byteCount = Math.ceil((layout.shift + layout.length) / 8);
  let bits = 0n;
  for (let k = byteCount - 1; k >= 0; k -= 1) bits = (bits << 8n) | BigInt(payload[byteIndex(layout, k)]);
  return BigInt.asUintN(layout.length, bits >> BigInt(layout.shift));
}
