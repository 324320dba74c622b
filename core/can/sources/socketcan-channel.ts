import { readFile } from 'node:fs/promises';
import { describeError } from '../../base/errors.js';
import { SocketcanSendError, SocketcanUnavailableError } from '../errors.js';
import type { CanFrame } from '../frame.js';

// The npm `socketcan` package (sebi2k1/node-can 4.0.7) seen through the slice we use. 4.0.7 because
// it is the last release whose engines field accepts Node 20 (4.2+ asks for Node >= 22; npm picks
// 4.0.7 here by itself). Its quirks (native/can.cc): error frames arrive without CAN_EFF_FLAG, so
// their class bits are cut to 11 bits; received frames carry no FD/BRS/ESI flag (fd is inferred
// from length > 8); kernel timestamps are int32 seconds; a listener that throws aborts the process,
// so ours never throws; a channel whose socket errors (interface down) stops itself and calls
// onStopped, and its stop() then throws "Channel not started".

export interface RawChannel {
  addListener(event: 'onMessage', callback: (message: SocketcanMessage) => void): void;
  addListener(event: 'onStopped', callback: () => void): void;
  start(): void;
  stop(): void;
  send(message: { id: number; ext: boolean; rtr: boolean; data: Buffer }): number;
  sendFD(message: { id: number; ext: boolean; fd_brs: boolean; data: Buffer }): number;
  setRxFilters(filters: { id: number; mask: number; invert: boolean }[]): void;
  setErrorFilters(mask: number): void;
}
export interface SocketcanMessage {
  id: number;
  ext?: boolean;
  rtr?: boolean;
  err?: boolean;
  data: Buffer;
  ts_sec?: number;
  ts_usec?: number;
}
interface SocketcanModule {
  createRawChannel(iface: string, timestamps?: boolean): RawChannel;
}

/** A kernel receive filter (CAN_RAW_FILTER): a frame passes when `frameId & mask === id & mask`. */
export interface SocketcanFilter {
  id: number;
  mask: number;
  /** Match 29-bit frames only (true) or 11-bit frames only (false); both when absent. */
  extended?: boolean;
  /** Pass what does NOT match. */
  invert?: boolean;
}

export interface ChannelOptions {
  timestamps?: boolean;
  importSocketcan?: () => Promise<unknown>;
  filters?: readonly SocketcanFilter[];
  errorMask?: number;
}

const ARPHRD_CAN = '280';
const CAN_EFF_FLAG = 0x80000000;
const CAN_SFF_MASK = 0x7ff;
const CAN_EFF_MASK = 0x1fffffff;
const IFF_UP = 0x1;

/** Loads the package, checks the interface is CAN, opens a raw socket with the filters applied. */
export async function openChannel(iface: string, options: ChannelOptions): Promise<RawChannel> {
  let loaded: unknown;
  try {
    // A variable specifier keeps this file typechecking when the optional package is absent.
    const specifier = 'socketcan';
    loaded = await (options.importSocketcan ?? (() => import(specifier)))();
  } catch (cause) {
    throw new SocketcanUnavailableError(`socketcan package not installed (npm install socketcan): ${describeError(cause)}`, { cause });
  }
  const module = pickModule(loaded);
  checkName(iface);
  let type: string;
  try {
    type = (await readFile(`/sys/class/net/${iface}/type`, 'utf8')).trim();
  } catch (cause) {
    throw new SocketcanUnavailableError(`no such CAN interface ${iface}: ${describeError(cause)}`, { cause });
  }
  if (type !== ARPHRD_CAN) throw new SocketcanUnavailableError(`${iface} is not a CAN interface (link type ${type}, CAN is ${ARPHRD_CAN})`);
  let channel: RawChannel;
  try {
    channel = module.createRawChannel(iface, options.timestamps !== false);
  } catch (cause) {
    // The addon says only "Error while creating channel": the usual cause is a kernel without can-raw.
    throw new SocketcanUnavailableError(`cannot open CAN interface ${iface} (is the can_raw module loaded?): ${describeError(cause)}`, { cause });
  }
  if (options.filters !== undefined) channel.setRxFilters(options.filters.map(kernelFilter));
  if (options.errorMask !== undefined) channel.setErrorFilters(options.errorMask >>> 0);
  return channel;
}

/** Whether the interface exists and is administratively up (IFF_UP in its sysfs flags). */
export async function isLinkUp(iface: string): Promise<boolean> {
  checkName(iface);
  try {
    return (Number.parseInt(await readFile(`/sys/class/net/${iface}/flags`, 'utf8'), 16) & IFF_UP) !== 0;
  } catch {
    return false;
  }
}

function checkName(iface: string): void {
  if (!/^[\w.:-]{1,15}$/.test(iface)) throw new SocketcanUnavailableError(`not a network interface name: ${JSON.stringify(iface)}`);
}

function kernelFilter(filter: SocketcanFilter): { id: number; mask: number; invert: boolean } {
  const wide = filter.extended === true;
  const idMask = wide || filter.extended === undefined ? CAN_EFF_MASK : CAN_SFF_MASK;
  // CAN_EFF_FLAG in the mask makes the kernel compare the frame kind as well.
  const kind = filter.extended === undefined ? 0 : CAN_EFF_FLAG;
  return {
    id: ((filter.id & idMask) | (wide ? CAN_EFF_FLAG : 0)) >>> 0,
    mask: ((filter.mask & idMask) | kind) >>> 0,
    invert: filter.invert === true,
  };
}

function pickModule(loaded: unknown): SocketcanModule {
  const candidates = [loaded, (loaded as { default?: unknown } | null)?.default];
  for (const candidate of candidates) {
    if (candidate && typeof (candidate as SocketcanModule).createRawChannel === 'function') return candidate as SocketcanModule;
  }
  throw new SocketcanUnavailableError('the socketcan package has no createRawChannel (unsupported version?)');
}

export function stopChannel(channel: RawChannel | undefined): void {
  try {
    channel?.stop();
  } catch {
    // stop() throws "Channel not started" when start never ran or the channel stopped itself.
  }
}

/** Closes a channel opened after the subscriber left: the addon's stop() refuses a channel never started. */
export function closeUnused(channel: RawChannel): void {
  try {
    channel.start();
  } catch {
    // A channel that cannot start holds no thread; its socket closes when it is collected.
  }
  stopChannel(channel);
}

export function toFrame(message: SocketcanMessage, iface: string, stampedByKernel: boolean): CanFrame {
  const { data } = message;
  const error = message.err === true;
  const ts =
    stampedByKernel && message.ts_sec !== undefined
      ? message.ts_sec + (message.ts_usec ?? 0) / 1e6
      : Date.now() / 1000;
  return {
    id: message.id,
    // Error frames are 8-digit (extended) as candump prints them, whatever the socket says.
    extended: error || message.ext === true,
    fd: data.length > 8,
    rtr: message.rtr === true,
    error,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    ts,
    channel: iface,
  };
}

export function sendFrame(channel: RawChannel, frame: CanFrame, iface: string): void {
  if (frame.error) throw new SocketcanSendError(`error frames cannot be sent (id ${frame.id.toString(16)} on ${iface})`);
  // The addon copies data.length bytes into an 8-byte can_frame: longer classic data would overrun it.
  if (!frame.fd && frame.data.length > 8) throw new SocketcanSendError(`classic frame ${frame.id.toString(16)} has ${frame.data.length} bytes (max 8)`);
  if (frame.fd && frame.data.length > 64) throw new SocketcanSendError(`CAN FD frame ${frame.id.toString(16)} has ${frame.data.length} bytes (max 64)`);
  const data = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.length);
  const sent = frame.fd
    ? channel.sendFD({ id: frame.id, ext: frame.extended, fd_brs: ((frame.fdFlags ?? 0) & 1) === 1, data })
    : channel.send({ id: frame.id, ext: frame.extended, rtr: frame.rtr, data });
  if (typeof sent === 'number' && sent < 0) throw new SocketcanSendError(`send of id ${frame.id.toString(16)} on ${iface} failed`);
}
