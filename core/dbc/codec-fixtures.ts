/** Builds model objects by hand with cantools' defaults, for tests and tools that need no DBC text. */
import type { Message, Signal } from './model.js';

export function makeSignal(fields: Partial<Signal> & Pick<Signal, 'name' | 'startBit' | 'length'>): Signal {
  return {
    byteOrder: 'little_endian',
    isSigned: false,
    isFloat: false,
    scale: 1,
    offset: 0,
    conversion: 'identity',
    minimum: null,
    maximum: null,
    unit: null,
    choices: null,
    receivers: [],
    comment: null,
    rawInitial: null,
    isMultiplexer: false,
    multiplexerIds: null,
    multiplexerSignal: null,
    attributes: {},
    line: 1,
    ...fields,
  };
}

export function makeMessage(fields: Partial<Message> & Pick<Message, 'name' | 'signals'>): Message {
  return {
    frameId: 0x100,
    isExtendedFrame: false,
    isFd: false,
    length: 8,
    senders: [],
    comment: null,
    cycleTime: null,
    sendType: null,
    protocol: null,
    attributes: {},
    line: 1,
    ...fields,
  };
}
