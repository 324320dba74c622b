/** Where a command writes: injected so tests run commands in-process and read what they printed. */
export interface CliIo {
  out(text: string): void;
  /**
   * Bytes for standard output, when the sink takes them as they are (a command falls back to `out`).
   * True when they are written out already, so the caller may reuse their memory.
   */
  outBytes?(bytes: Uint8Array): boolean | void;
  err(text: string): void;
  /** Standard input as a stream, for commands that read a log from stdin. */
  stdin: NodeJS.ReadableStream;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  // A file takes a write at once (writableLength back to 0); a pipe may queue it.
  outBytes: (bytes) => (process.stdout.write(bytes), process.stdout.writableLength === 0),
  err: (text) => void process.stderr.write(text),
  // Opened when a command reads it: setting up process.stdin costs a command that never does.
  get stdin() {
    return process.stdin;
  },
};
