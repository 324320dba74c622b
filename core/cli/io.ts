/** Where a command writes: injected so tests run commands in-process and read what they printed. */
export interface CliIo {
  out(text: string): void;
  /** Bytes for standard output, when the sink takes them as they are (a command falls back to `out`). */
  outBytes?(bytes: Uint8Array): void;
  err(text: string): void;
  /** Standard input as a stream, for commands that read a log from stdin. */
  stdin: NodeJS.ReadableStream;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  outBytes: (bytes) => void process.stdout.write(bytes),
  err: (text) => void process.stderr.write(text),
  stdin: process.stdin,
};
