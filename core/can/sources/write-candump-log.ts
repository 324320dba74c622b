import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Observable, Subscription, type MonoTypeOperatorFunction } from 'rxjs';
import { formatCandumpLine } from '../candump.js';
import { CandumpIoError } from '../errors.js';
import type { CanFrame } from '../frame.js';

export interface WriteCandumpLogOptions {
  /** Characters of lines gathered before one write(); 64 Ki by default, 0 writes every frame at once. */
  bufferBytes?: number;
  /** Whether a Writable passed in is ended with the frames (default true); a path is always closed. */
  end?: boolean;
}

/**
 * The recorder: an operator that appends each frame to a candump -L log (`path` is created or
 * truncated) and passes it on. Lines are gathered and written in blocks; on complete the rest is
 * flushed and the file closed *before* complete travels on, so `await lastValueFrom(...)` then reading
 * the file sees every line. A source error flushes and closes too, then travels on; unsubscribing
 * flushes and closes without waiting. Write failures and unprintable frames error the stream
 * (CandumpIoError, CandumpFormatError). The disk is assumed to keep up: there is no backpressure.
 */
export function writeCandumpLog(target: string | Writable, options: WriteCandumpLogOptions = {}): MonoTypeOperatorFunction<CanFrame> {
  const bufferBytes = options.bufferBytes ?? 64 * 1024;
  const owned = typeof target === 'string';
  const name = typeof target === 'string' ? target : 'stream';

  return (frames$) =>
    new Observable<CanFrame>((subscriber) => {
      const stream = typeof target === 'string' ? createWriteStream(target) : target;
      const shouldEnd = owned || options.end !== false;
      let pending = '';
      let ended = false;
      // Closed by finish; a source subscription added after that (a synchronous source) is closed at once.
      const source = new Subscription();

      const onStreamError = (cause: unknown): void => subscriber.error(new CandumpIoError(name, 'write', cause));
      stream.on('error', onStreamError);

      const flush = (): void => {
        if (pending.length === 0) return;
        stream.write(pending);
        pending = '';
      };
      /** Flushes, ends the stream if ours to end, and calls `then` once the bytes are out. */
      const finish = (then: () => void): void => {
        // Once: a format error ends the log, and the source's later complete/error must not end it again.
        if (ended) return;
        ended = true;
        source.unsubscribe();
        if (!shouldEnd) {
          stream.write(pending, () => then());
          pending = '';
          return;
        }
        flush();
        stream.once(owned ? 'close' : 'finish', then);
        stream.end();
      };

      source.add(frames$.subscribe({
        next(frame) {
          if (ended) return;
          let line: string;
          try {
            line = formatCandumpLine(frame);
          } catch (error) {
            finish(() => subscriber.error(error));
            return;
          }
          pending += line + '\n';
          if (pending.length >= bufferBytes) flush();
          subscriber.next(frame);
        },
        error(error: unknown) {
          finish(() => subscriber.error(error));
        },
        complete() {
          finish(() => subscriber.complete());
        },
      }));

      return () => {
        source.unsubscribe();
        if (!ended) {
          ended = true;
          flush();
          if (shouldEnd) stream.end();
        }
        // Keep listening for a late error of the closing stream so it cannot go unhandled.
        stream.off('error', onStreamError);
        stream.on('error', () => undefined);
      };
    });
}
