/**
 * The one candump -L line reader, under both faces of read-candump-log.ts (the Observables) and
 * used as is by `homeward decode`, which must not pay for loading RxJS: a file or stream read
 * chunk by chunk, split into lines (CRLF, UTF-8 characters split between chunks, a last line
 * without newline), each parsed as it arrives, never holding the whole file.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parseCandumpRange } from '../candump.js';
import { createReusedFrame } from '../reused-frame.js';
import { CandumpIoError, CandumpParseError } from '../errors.js';
import type { CanFrame } from '../frame.js';

export interface CandumpProgress {
  /** Bytes read so far. */
  bytes: number;
  /** File size, when reading a path. */
  totalBytes?: number;
  /** Lines read so far (blank ones included, as line numbers count them). */
  lines: number;
  /** Bad lines so far. */
  errors: number;
}

/** A frame, or a bad line as its located error. */
export type CandumpLogItem = CanFrame | CandumpParseError;

export interface ScanCandumpOptions {
  /** Read size; 256 KiB by default. */
  chunkBytes?: number;
  /** The name line errors give a Readable source (`stdin`); a file source is named by its path. */
  name?: string;
  /**
   * Hand every line the same frame object, refilled, with its data in reused memory (no
   * allocation per line): for a reader done with each frame when its `line` handler returns.
   */
  reuseFrames?: boolean;
}

export interface CandumpScanHandlers {
  /** Every line, blank ones too (item null); a line cut at 4096 characters comes with its first 4096. */
  line(text: string, lineNumber: number, item: CandumpLogItem | null): void;
  /** After each chunk and once at the end. */
  progress?(progress: CandumpProgress): void;
  end(): void;
  /** The source is gone for good (a CandumpIoError), or a handler threw. Nothing follows. */
  fail(error: unknown): void;
}

/** Far above any candump line (an FD frame with a long interface name is under 200). */
export const MAX_LINE_CHARS = 4096;

/**
 * Reads `source` and calls the handlers; returns stop(), which ends the reading (and destroys the
 * stream, a Readable passed in too). After stop(), end() or fail() no handler is called again.
 */
export function scanCandumpLog(source: string | Readable, options: ScanCandumpOptions, handlers: CandumpScanHandlers): () => void {
  const file = typeof source === 'string' ? source : options.name;
  let stream: Readable | undefined;
  let closed = false;
  const decoder = new StringDecoder('utf8');
  const progress: CandumpProgress = { bytes: 0, lines: 0, errors: 0 };
  let rest = '';
  // A line past MAX_LINE_CHARS (a binary file, say) is reported once and skipped to its newline,
  // so a file without newlines cannot pile up in memory.
  let skippingLongLine = false;
  const reuse = options.reuseFrames === true ? createReusedFrame() : undefined;

  const stop = (): void => {
    closed = true;
    stream?.destroy();
  };
  const fail = (error: unknown): void => {
    if (closed) return;
    stop();
    handlers.fail(error);
  };
  const tooLong = (lineNumber: number, text: string): void => {
    progress.errors++;
    handlers.line(text, lineNumber, new CandumpParseError(`line longer than ${MAX_LINE_CHARS} characters`, lineNumber, MAX_LINE_CHARS + 1, file));
  };

  /** The line `text.slice(start, stop)`, parsed where it is. */
  const handleRange = (text: string, start: number, stop: number): void => {
    const lineNumber = ++progress.lines;
    const length = stop - start;
    if (length === 0 || (length === 1 && text.charCodeAt(start) === 0x0d)) return handlers.line(text.slice(start, stop), lineNumber, null);
    if (length > MAX_LINE_CHARS) return tooLong(lineNumber, text.slice(start, start + MAX_LINE_CHARS));
    let item: CandumpLogItem;
    try {
      item = parseCandumpRange(text, start, stop, lineNumber, file, reuse);
    } catch (error) {
      if (!(error instanceof CandumpParseError)) throw error;
      progress.errors++;
      item = error;
    }
    handlers.line(text.slice(start, stop), lineNumber, item);
  };
  const handleLine = (line: string): void => handleRange(line, 0, line.length);

  const handleText = (text: string): void => {
    let start = 0;
    let newline = text.indexOf('\n');
    if (newline >= 0 && (rest.length > 0 || skippingLongLine)) {
      const first = rest + text.slice(0, newline);
      rest = '';
      if (skippingLongLine) {
        skippingLongLine = false;
        progress.lines++;
      } else handleLine(first);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    while (newline >= 0 && !closed) {
      handleRange(text, start, newline);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (skippingLongLine || closed) return;
    rest += text.slice(start);
    if (rest.length <= MAX_LINE_CHARS) return;
    const cut = rest.slice(0, MAX_LINE_CHARS);
    rest = '';
    skippingLongLine = true;
    tooLong(progress.lines + 1, cut);
  };

  const attach = (readable: Readable): void => {
    stream = readable;
    readable.on('data', (chunk: Buffer | string) => {
      if (closed) return;
      try {
        progress.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        handleText(typeof chunk === 'string' ? chunk : decoder.write(chunk));
        if (!closed) handlers.progress?.({ ...progress });
      } catch (error) {
        fail(error); // a throwing handler ends the reading, never escapes into the stream's event
      }
    });
    readable.once('end', () => {
      if (closed) return;
      try {
        const tail = rest + decoder.end();
        rest = '';
        if (skippingLongLine) progress.lines++;
        else if (tail.length > 0) handleLine(tail);
        if (closed) return;
        handlers.progress?.({ ...progress });
      } catch (error) {
        return fail(error);
      }
      if (closed) return;
      closed = true;
      handlers.end();
    });
    readable.once('error', (cause) => fail(new CandumpIoError(file ?? 'stream', 'read', cause)));
  };

  if (typeof source === 'string') {
    openFile(source, options.chunkBytes ?? 256 * 1024).then(
      (opened) => {
        if (closed) return void opened.stream.destroy();
        progress.totalBytes = opened.size;
        attach(opened.stream);
      },
      (cause: unknown) => fail(new CandumpIoError(source, 'read', cause)),
    );
  } else {
    attach(source);
  }
  return stop;
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
