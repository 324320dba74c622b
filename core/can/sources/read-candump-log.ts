import type { Readable } from 'node:stream';
import { Observable, filter, type OperatorFunction } from 'rxjs';
import { CandumpParseError } from '../errors.js';
import type { CanFrame } from '../frame.js';
import { scanCandumpLog, type CandumpLogItem, type CandumpProgress, type ScanCandumpOptions } from './scan-candump-log.js';

export type { CandumpLogItem, CandumpProgress } from './scan-candump-log.js';

export interface ReadCandumpLogOptions extends ScanCandumpOptions {
  /** Called after each chunk (about every `chunkBytes`) and once at the end. */
  onProgress?(progress: CandumpProgress): void;
  /**
   * A bad line: 'emit' (default) sends its CandumpParseError as an item and goes on; 'skip' drops it
   * (still counted in progress.errors); 'fail' errors the stream with it.
   */
  onError?: 'emit' | 'skip' | 'fail';
}

/**
 * Streams a candump -L log, line by line, never holding the whole file (scan-candump-log.ts):
 * parsing happens as each chunk arrives and unsubscribing destroys the stream (a Readable passed in
 * is destroyed too). Blank lines are skipped. Per-item errors (style: per-item work returns) are
 * items of the same stream, told apart with `instanceof CandumpParseError`, or `onlyFrames()`; the
 * Observable itself errors only with CandumpIoError (cannot open or read) or, under onError
 * 'fail', the first CandumpParseError.
 */
export function readCandumpLog(source: string | Readable, options: ReadCandumpLogOptions & { onError: 'skip' | 'fail' }): Observable<CanFrame>;
export function readCandumpLog(source: string | Readable, options?: ReadCandumpLogOptions): Observable<CandumpLogItem>;
export function readCandumpLog(source: string | Readable, options: ReadCandumpLogOptions = {}): Observable<CandumpLogItem> {
  const onError = options.onError ?? 'emit';
  return new Observable<CandumpLogItem>((subscriber) => {
    const stop = scanCandumpLog(source, options, {
      line: (_text, _lineNumber, item) => {
        if (item === null) return;
        if (item instanceof CandumpParseError) {
          if (onError === 'fail') {
            subscriber.error(item);
            return stop();
          }
          if (onError === 'skip') return;
        }
        subscriber.next(item);
        if (subscriber.closed) stop();
      },
      progress: options.onProgress && ((progress) => options.onProgress?.(progress)),
      end: () => subscriber.complete(),
      fail: (error) => subscriber.error(error),
    });
    return stop;
  });
}

/** Drops the line errors of readCandumpLog (handing each to `onError`), leaving a frame source. */
export function onlyFrames(onError?: (error: CandumpParseError) => void): OperatorFunction<CandumpLogItem, CanFrame> {
  return filter((item): item is CanFrame => {
    if (!(item instanceof CandumpParseError)) return true;
    onError?.(item);
    return false;
  });
}
