import { Readable } from 'node:stream';
import type { CliIo } from '../../core/cli/io.js';

/** A CliIo that records what a command printed, for running commands in-process. */
export interface RecordedIo extends CliIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function recordIo(): RecordedIo {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    stdin: Readable.from([]),
    stdout: () => out,
    stderr: () => err,
  };
}
