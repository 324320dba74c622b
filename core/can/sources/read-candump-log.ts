import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Observable, filter, type OperatorFunction } from 'rxjs';
import { parseCandumpLine } from '../candump.js';
import { CandumpIoError, CandumpParseError } from '../errors.js';
import type { CanFrame } from '../frame.js';

export interface CandumpProgress {
  /** Bytes read so far. */
  bytes: number;
  /** File size, when reading a path. */
  totalBytes?: number;
  /** Lines read so far (blank ones included, as line numbers count them). */
  lines: number;
  /** Bad lines so far (emitted, skipped or failing, by `onError`). */
  errors: number;
}

export interface ReadCandumpLogOptions {
  /** Called after each chunk (about every `chunkBytes`) and once at the end. */
  onProgress?(progress: CandumpProgress): void;
  /**
   * A bad line: 'emit' (default) sends its CandumpParseError as an item and goes on; 'skip' drops it
   * (still counted in progress.errors); 'fail' errors the stream with it.
   */
  onError?: 'emit' | 'skip' | 'fail';
  /** Read size; 256 KiB by default. */
  chunkBytes?: number;
}

/** Far above any candump line (an FD frame with a long interface name is under 200). */
const MAX_LINE_CHARS = 4096;

/** What readCandumpLog emits by default: a frame, or a bad line as its located error. */
export type CandumpLogItem = CanFrame | CandumpParseError;

/**
 * Streams a candump -L log, line by line, never holding the whole file: parsing happens as each chunk
 * arrives and unsubscribing destroys the stream (a Readable passed in is destroyed too). Blank lines
 * are skipped. Per-item errors (style: per-item work returns) are items of the same stream, told apart
 * with `instanceof CandumpParseError`, or `onlyFrames()`; the Observable itself errors only with
 * CandumpIoError (cannot open or read) or, under onError 'fail', the first CandumpParseError.
 */
export function readCandumpLog(source: string | Readable, options: ReadCandumpLogOptions & { onError: 'skip' | 'fail' }): Observable<CanFrame>;
export function readCandumpLog(source: string | Readable, options?: ReadCandumpLogOptions): Observable<CandumpLogItem>;
export function readCandumpLog(source: string | Readable, options: ReadCandumpLogOptions = {}): Observable<CandumpLogItem> {
  const file = typeof source === 'string' ? source : undefined;
  const name = file ?? 'stream';
  const onError = options.onError ?? 'emit';
  const chunkBytes = options.chunkBytes ?? 256 * 1024;

  return new Observable<CandumpLogItem>((subscriber) => {
    let stream: Readable | undefined;
    let closed = false;
    const decoder = new StringDecoder('utf8');
    const progress: CandumpProgress = { bytes: 0, lines: 0, errors: 0 };
    let rest = '';

    /** False if the callback threw: its error ends the stream instead of escaping into the stream's event. */
    const reportProgress = (): boolean => {
      try {
        options.onProgress?.({ ...progress });
        return true;
      } catch (error) {
        subscriber.error(error);
        return false;
      }
    };

    const handleError = (error: CandumpParseError): boolean => {
      progress.errors++;
      if (onError === 'fail') {
        subscriber.error(error);
        return false;
      }
      if (onError === 'emit') subscriber.next(error);
      return !subscriber.closed;
    };

    const handleLine = (line: string): boolean => {
      const lineNumber = ++progress.lines;
      if (line.length === 0 || (line.length === 1 && line === '\r')) return true;
      let frame: CanFrame;
      try {
        frame = parseCandumpLine(line, lineNumber, file);
      } catch (error) {
        if (error instanceof CandumpParseError) return handleError(error);
        subscriber.error(error);
        return false;
      }
      subscriber.next(frame);
      return !subscriber.closed;
    };

    // A line past MAX_LINE_CHARS (a binary file, say) is reported once and skipped to its newline,
    // so a file without newlines cannot pile up in memory.
    let skippingLongLine = false;
    const handleText = (text: string): boolean => {
      let start = 0;
      let newline = text.indexOf('\n');
      if (newline >= 0 && (rest.length > 0 || skippingLongLine)) {
        const first = rest + text.slice(0, newline);
        rest = '';
        if (skippingLongLine) {
          skippingLongLine = false;
          progress.lines++;
        } else if (!handleLine(first)) return false;
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      while (newline >= 0) {
        if (!handleLine(text.slice(start, newline))) return false;
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      if (skippingLongLine) return true;
      rest += text.slice(start);
      if (rest.length <= MAX_LINE_CHARS) return true;
      rest = '';
      skippingLongLine = true;
      return handleError(new CandumpParseError(`line longer than ${MAX_LINE_CHARS} characters`, progress.lines + 1, MAX_LINE_CHARS + 1, file));
    };

    const attach = (readable: Readable): void => {
      stream = readable;
      readable.on('data', (chunk: Buffer | string) => {
        if (closed) return;
        const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
        progress.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        if (!handleText(text) || !reportProgress()) return stop();
      });
      readable.once('end', () => {
        if (closed) return;
        const tail = rest + decoder.end();
        rest = '';
        if (skippingLongLine) progress.lines++;
        else if (tail.length > 0 && !handleLine(tail)) return stop();
        if (!reportProgress()) return stop();
        subscriber.complete();
      });
      readable.once('error', (cause) => {
        if (!closed) subscriber.error(new CandumpIoError(name, 'read', cause));
      });
    };

    const stop = (): void => {
      closed = true;
      stream?.destroy();
    };

    if (typeof source === 'string') {
      openFile(source, chunkBytes).then(
        (opened) => {
          if (closed) return void opened.stream.destroy();
          progress.totalBytes = opened.size;
          attach(opened.stream);
        },
        (cause: unknown) => subscriber.error(new CandumpIoError(name, 'read', cause)),
      );
    } else {
      attach(source);
    }
    return stop;
  });
}

/** Opens a file for streaming and reads its size; the stream closes the handle when destroyed. */
async function openFile(path: string, chunkBytes: number): Promise<{ stream: Readable; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return { stream: handle.createReadStream({ highWaterMark: chunkBytes }), size };
  } catch (cause) {
    await handle.close().catch(() => undefined);
    throw cause;
  }
}

/** Drops the line errors of readCandumpLog (handing each to `onError`), leaving a frame source. */
export function onlyFrames(onError?: (error: CandumpParseError) => void): OperatorFunction<CandumpLogItem, CanFrame> {
  return filter((item): item is CanFrame => {
    if (!(item instanceof CandumpParseError)) return true;
    onError?.(item);
    return false;
  });
}
