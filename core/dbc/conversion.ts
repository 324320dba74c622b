import type { Conversion, Signal } from './model.js';

/**
 * cantools' conversion class, decided on the numbers as its `BaseConversion.factory` does: identity
 * when factor 1 and offset 0; integer when both are integers and the signal is not a float.
 * The parser stores it in `Signal.conversion`; the codec asks it of hand-built signals too.
 */
export function conversionOf(signal: Pick<Signal, 'scale' | 'offset' | 'isFloat'>): Conversion {
  if (signal.scale === 1 && signal.offset === 0) return 'identity';
  if (!signal.isFloat && Number.isInteger(signal.scale) && Number.isInteger(signal.offset)) return 'integer';
  return 'linear';
}
