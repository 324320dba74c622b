import { HomewardError } from '../base/errors.js';

/** A malformed datagram: too short, wrong magic, length field off, ciphertext not whole AES blocks. */
export class MiioPacketError extends HomewardError {
  readonly offset: number;
  readonly reason: string;

  constructor(offset: number, reason: string, options?: { cause?: unknown }) {
    super('miio.packet', `malformed miIO datagram at byte ${offset}: ${reason}`, options);
    this.offset = offset;
    this.reason = reason;
  }
}

/** The MD5 checksum does not match: almost always a wrong token (or a truncated datagram). */
export class MiioChecksumError extends HomewardError {
  constructor(message = 'checksum mismatch: the token is probably wrong', options?: { cause?: unknown }) {
    super('miio.checksum', message, options);
  }
}

/** A token string that is not 32 hex characters. The value itself is never echoed. */
export class MiioTokenFormatError extends HomewardError {
  constructor(reason: string) {
    super('miio.token_format', `invalid miIO token: ${reason} (expected 32 hex characters)`);
  }
}

/** A decrypted payload that no quirk fix turns into JSON. Says where, never what (it may hold a token). */
export class MiioPayloadError extends HomewardError {
  readonly offset: number;
  readonly reason: string;

  constructor(offset: number, reason: string, options?: { cause?: unknown }) {
    super('miio.payload', `undecodable miIO payload at character ${offset}: ${reason}`, options);
    this.offset = offset;
    this.reason = reason;
  }
}

/** No hello reply at all: host down, wrong address or port, another subnet. */
export class MiioUnreachableError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('miio.unreachable', message, options);
  }
}

/** The device answers hello but never the request (or replies fail the checksum): the token is most likely wrong. */
export class MiioTokenError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('miio.token', message, options);
  }
}

/** The device answered with `{"error": {code, message}}`. -9999 and -30001 are recoverable (worth a retry). */
export class MiioDeviceError extends HomewardError {
  readonly deviceCode: number;
  readonly deviceMessage: string;
  readonly recoverable: boolean;

  constructor(deviceCode: number, deviceMessage: string, method: string) {
    super('miio.device', `device error ${deviceCode} for ${method}: ${deviceMessage}`);
    this.deviceCode = deviceCode;
    this.deviceMessage = deviceMessage;
    this.recoverable = isRecoverableCode(deviceCode);
  }
}

/** The call's overall deadline passed before it settled. */
export class MiioTimeoutError extends HomewardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('miio.timeout', message, options);
  }
}

/** The client or port was closed while a call was pending or after. */
export class MiioClosedError extends HomewardError {
  constructor(message = 'miIO client closed') {
    super('miio.closed', message);
  }
}

/** -9999 "user ack timeout" and -30001 "resp invalid json" are worth a bounded retry (python-miio RecoverableError). */
export function isRecoverableCode(code: number): boolean {
  return code === -9999 || code === -30001;
}

/** A client option out of range (idSeed, timeouts, retries). */
export class MiioOptionsError extends HomewardError {
  constructor(message: string) {
    super('miio.options', message);
  }
}
