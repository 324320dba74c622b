import { readFile } from 'node:fs/promises';
import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import { describeError } from '../../base/errors.js';
import { SocketcanSendError, SocketcanUnavailableError } from '../errors.js';
import type { CanFrame } from '../frame.js';

// The npm `socketcan` package (sebi2k1/node-can 4.0.7) is an optional native addon, so it is imported
// lazily inside the subscription: a missing package or interface becomes the Observable's error.
// Its quirks (native/can.cc): error frames arrive without CAN_EFF_FLAG, so their class bits are cut to
// 11 bits; received frames carry no FD/BRS/ESI flag (fd is inferred from length > 8); kernel
// timestamps are int32 seconds; a listener that throws aborts the process, so ours never throws.

/** The slice of socketcan's API used here (its own types live in a .node declaration). */
interface RawChannel {
  addListener(event: 'onMessage', callback: (message: SocketcanMessage) => void): void;
  addListener(event: 'onStopped', callback: () => void): void;
  start(): void;
  stop(): void;
  send(message: { id: number; ext: boolean; rtr: boolean; data: Buffer }): number;
  sendFD(message: { id: number; ext: boolean; fd_brs: boolean; data: Buffer }): number;
}
interface SocketcanMessage {
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

export interface SocketcanOptions {
  /** Kernel receive timestamps (default true); without them frames are stamped on arrival in JS. */
  timestamps?: boolean;
  /** Loads the package; a seam for the "not installed" path. Defaults to `import('socketcan')`. */
  importSocketcan?: () => Promise<unknown>;
}

const ARPHRD_CAN = '280';

/** Frames received on a SocketCAN interface (`vcan0`, `can0`) while subscribed; cold, one socket each. */
export function openSocketcan(iface: string, options: SocketcanOptions = {}): Observable<CanFrame> {
  return new Observable<CanFrame>((subscriber) => {
    let channel: RawChannel | undefined;
    let closed = false;
    openChannel(iface, options).then(
      (opened) => {
        if (closed) {
          closeUnused(opened);
          return;
        }
        channel = opened;
        const stampedByKernel = options.timestamps !== false;
        opened.addListener('onMessage', (message) => {
          try {
            subscriber.next(toFrame(message, iface, stampedByKernel));
          } catch {
            // Nothing may escape into the native callback (it would abort the process).
          }
        });
        opened.addListener('onStopped', () => {
          if (!closed) subscriber.error(new SocketcanUnavailableError(`CAN interface ${iface} went down`));
        });
        opened.start();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      closed = true;
      stopChannel(channel);
    };
  });
}

/**
 * An operator that sends each frame on `iface` and passes it on once sent. The socket opens on
 * subscribe and closes with the subscription. Error frames cannot be sent; a refused send errors.
 */
export function sendSocketcan(iface: string, options: SocketcanOptions = {}): MonoTypeOperatorFunction<CanFrame> {
  return (frames$) =>
    new Observable<CanFrame>((subscriber) => {
      let channel: RawChannel | undefined;
      let closed = false;
      let source: { unsubscribe(): void } | undefined;
      openChannel(iface, options).then(
        (opened) => {
          if (closed) {
            closeUnused(opened);
            return;
          }
          channel = opened;
          opened.start();
          source = frames$.subscribe({
            next(frame) {
              try {
                sendFrame(opened, frame, iface);
              } catch (error) {
                subscriber.error(error);
                return;
              }
              subscriber.next(frame);
            },
            error: (error: unknown) => subscriber.error(error),
            complete: () => subscriber.complete(),
          });
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        closed = true;
        source?.unsubscribe();
        stopChannel(channel);
      };
    });
}

async function openChannel(iface: string, options: SocketcanOptions): Promise<RawChannel> {
  let loaded: unknown;
  try {
    // A variable specifier keeps this file typechecking when the optional package is absent.
    const specifier = 'socketcan';
    loaded = await (options.importSocketcan ?? (() => import(specifier)))();
  } catch (cause) {
    throw new SocketcanUnavailableError(`socketcan package not installed (npm install socketcan): ${describeError(cause)}`, { cause });
  }
  const module = pickModule(loaded);
  if (!/^[\w.:-]{1,15}$/.test(iface)) throw new SocketcanUnavailableError(`not a network interface name: ${JSON.stringify(iface)}`);
  let type: string;
  try {
    type = (await readFile(`/sys/class/net/${iface}/type`, 'utf8')).trim();
  } catch (cause) {
    throw new SocketcanUnavailableError(`no such CAN interface ${iface}: ${describeError(cause)}`, { cause });
  }
  if (type !== ARPHRD_CAN) throw new SocketcanUnavailableError(`${iface} is not a CAN interface (link type ${type}, CAN is ${ARPHRD_CAN})`);
  try {
    return module.createRawChannel(iface, options.timestamps !== false);
  } catch (cause) {
    // The addon says only "Error while creating channel": the usual cause is a kernel without can-raw.
    throw new SocketcanUnavailableError(`cannot open CAN interface ${iface} (is the can_raw module loaded?): ${describeError(cause)}`, { cause });
  }
}

function pickModule(loaded: unknown): SocketcanModule {
  const candidates = [loaded, (loaded as { default?: unknown } | null)?.default];
  for (const candidate of candidates) {
    if (candidate && typeof (candidate as SocketcanModule).createRawChannel === 'function') return candidate as SocketcanModule;
  }
  throw new SocketcanUnavailableError('the socketcan package has no createRawChannel (unsupported version?)');
}

function stopChannel(channel: RawChannel | undefined): void {
  try {
    channel?.stop();
  } catch {
    // stop() throws "Channel not started" when start never ran; nothing is open then.
  }
}

/** Closes a channel opened after the subscriber left: the addon's stop() refuses a channel never started. */
function closeUnused(channel: RawChannel): void {
  try {
    channel.start();
  } catch {
    // A channel that cannot start holds no thread; its socket closes when it is collected.
  }
  stopChannel(channel);
}

function toFrame(message: SocketcanMessage, iface: string, stampedByKernel: boolean): CanFrame {
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

function sendFrame(channel: RawChannel, frame: CanFrame, iface: string): void {
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

