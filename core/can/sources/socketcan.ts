import { Observable, asyncScheduler, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { describeError } from '../../base/errors.js';
import { SocketcanUnavailableError } from '../errors.js';
import type { CanFrame } from '../frame.js';
import { closeUnused, isLinkUp, openChannel, sendFrame, stopChannel, toFrame, type RawChannel, type SocketcanFilter } from './socketcan-channel.js';

// The optional native addon is imported lazily inside the subscription (socketcan-channel.ts): a
// missing package or interface becomes the Observable's error, never an import-time crash.

export type { SocketcanFilter } from './socketcan-channel.js';

export interface SocketcanOptions {
  /** Kernel receive timestamps (default true); without them frames are stamped on arrival in JS. */
  timestamps?: boolean;
  /** Loads the package; a seam for the "not installed" path. Defaults to `import('socketcan')`. */
  importSocketcan?: () => Promise<unknown>;
  /** Kernel receive filters (CAN_RAW_FILTER); absent: every frame. */
  filters?: readonly SocketcanFilter[];
  /** Which error classes arrive as error frames (CAN_RAW_ERR_FILTER); default all (0x1fffffff), 0: none. */
  errorMask?: number;
}

export interface SocketcanReceiveOptions extends SocketcanOptions {
  /** When the interface goes down: wait until it is up again and carry on (default), or error. */
  onDown?: 'resume' | 'error';
  /** How often a downed interface is looked at again, in ms (default 250). */
  retryMs?: number;
  /** Where that wait runs (the core's Clock; asyncScheduler by default). */
  scheduler?: SchedulerLike;
  /** Told when the socket is open ('up': every frame sent from then on is received), when the
   * interface goes down, and when it is up and receiving again. */
  onStatus?: (status: SocketcanStatus) => void;
}

export interface SocketcanStatus {
  iface: string;
  state: 'down' | 'up';
  message: string;
}

/**
 * Frames received on a SocketCAN interface (`vcan0`, `can0`) while subscribed; cold, one socket each.
 * An interface that goes down is reported through `onStatus` and, by default, reopened once it is
 * up again (frames sent while it was down are lost, as they are for candump).
 */
export function openSocketcan(iface: string, options: SocketcanReceiveOptions = {}): Observable<CanFrame> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const retryMs = options.retryMs ?? 250;
  const stampedByKernel = options.timestamps !== false;
  return new Observable<CanFrame>((subscriber) => {
    let channel: RawChannel | undefined;
    let closed = false;
    let retry: Subscription | undefined;
    const report = (state: SocketcanStatus['state'], message: string): void => {
      try {
        options.onStatus?.({ iface, state, message });
      } catch {
        // A failing observer of the status must not stop the frames.
      }
    };
    const attach = (opened: RawChannel): void => {
      channel = opened;
      opened.addListener('onMessage', (message) => {
        try {
          subscriber.next(toFrame(message, iface, stampedByKernel));
        } catch {
          // Nothing may escape into the native callback (it would abort the process).
        }
      });
      opened.addListener('onStopped', () => {
        // Our own stop() calls this too: only a channel that stopped by itself is news.
        if (closed || channel !== opened) return;
        channel = undefined;
        if (options.onDown === 'error') {
          subscriber.error(new SocketcanUnavailableError(`CAN interface ${iface} went down`));
          return;
        }
        report('down', `CAN interface ${iface} went down; waiting for it to come back`);
        waitForLink();
      });
      opened.start();
    };
    const reopen = async (): Promise<void> => {
      if (!(await isLinkUp(iface))) return waitForLink();
      let opened: RawChannel;
      try {
        opened = await openChannel(iface, options);
      } catch (error) {
        if (!closed) report('down', `CAN interface ${iface} cannot be reopened yet: ${describeError(error)}`);
        return waitForLink();
      }
      if (closed) return closeUnused(opened);
      attach(opened);
      report('up', `CAN interface ${iface} is up again; receiving`);
    };
    const waitForLink = (): void => {
      if (closed) return;
      retry = scheduler.schedule(() => {
        retry = undefined;
        if (!closed) void reopen();
      }, retryMs);
    };
    openChannel(iface, options).then(
      (opened) => {
        if (closed) return closeUnused(opened);
        attach(opened);
        report('up', `receiving on CAN interface ${iface}`);
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      closed = true;
      retry?.unsubscribe();
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
