/**
 * One number per (frame id, extended): an 11-bit and a 29-bit id with the same number are different
 * messages. 2^32 rather than cantools' bit 31 keeps any 32-bit id apart, even one a frame source did
 * not check, and stays a safe integer.
 */
const EXTENDED_KEY = 0x100000000;

export function frameKey(id: number, extended: boolean): number {
  return extended ? id + EXTENDED_KEY : id;
}
