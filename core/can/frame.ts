/**
 * One CAN frame as every source emits it. `id` is the arbitration id without flag bits; `extended`
 * says 29-bit. Error and remote frames are passed through flagged and never decoded as data.
 * `ts` is seconds since the epoch (the candump -L convention), as a double.
 */
export interface CanFrame {
  id: number;
  extended: boolean;
  fd: boolean;
  rtr: boolean;
  error: boolean;
  data: Uint8Array;
  ts: number;
  /** Interface name (candump's `vcan0`), when the source knows it. */
  channel?: string;
  /** CAN FD flag nibble (BRS=1, ESI=2) as candump writes it after `##`. */
  fdFlags?: number;
}

/** Linux's CAN_ERR_FLAG: set in the printed id of an error frame (candump `20000008#…`); CanFrame moves it to `error`. */
export const CAN_ERR_FLAG = 0x20000000;
