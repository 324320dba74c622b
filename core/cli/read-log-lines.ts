import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { CandumpIoError } from '../can/errors.js';

/** Longer lines are cut here: a binary file without newlines must not pile up in memory. */
const MAX_LINE_CHARS = 4096;

/**
 * The lines of a log file (or stdin), streamed: the text of each line without its newline, blank
 * lines included so line numbers match the file. A file that cannot be opened or read becomes a
 * CandumpIoError (the command exits 2); a line longer than 4096 characters is cut there.
 */
export async function* readLogLines(source: string | NodeJS.ReadableStream): AsyncGenerator<string> {
  const name = typeof source === 'string' ? source : 'stdin';
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: 256 * 1024 }) : source;
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of stream) {
      const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
      let start = 0;
      let newline = text.indexOf('\n');
      while (newline >= 0) {
        yield text.slice(start, Math.min(newline, start + MAX_LINE_CHARS));
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      rest = text.slice(start);
      // Keep one character past the limit so the cut line is still seen as too long later.
      if (rest.length > MAX_LINE_CHARS) rest = rest.slice(0, MAX_LINE_CHARS + 1);
    }
  } catch (cause) {
    throw new CandumpIoError(name, 'read', cause);
  }
  rest += decoder.end();
  if (rest.length > 0) yield rest.slice(0, MAX_LINE_CHARS);
}
