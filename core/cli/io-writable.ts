import { Writable } from 'node:stream';
import type { CliIo } from './io.js';

/** A Writable over io.out, for stream writers (writeCandumpLog) that print to standard output. */
export function ioWritable(io: CliIo): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      io.out(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
}
