/** Collects output and hands it to `write` in chunks of about 64 KiB: one write per line is slow. */
export interface BufferedOut {
  write(text: string): void;
  flush(): void;
}

export function bufferOutput(write: (text: string) => void, chunkChars = 64 * 1024): BufferedOut {
  let buffer = '';
  const flush = (): void => {
    if (buffer.length === 0) return;
    const text = buffer;
    buffer = '';
    write(text);
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= chunkChars) flush();
    },
    flush,
  };
}
