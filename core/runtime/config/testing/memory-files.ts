/** Files in memory for config tests: `readFile` as the loader takes it (ENOENT for a missing file). */
import path from 'node:path';

export interface MemoryFiles {
  readFile(file: string): Promise<string>;
  fileExists(file: string): Promise<boolean>;
  /** Every file read, in order. */
  readonly reads: string[];
}

/** `files` by path relative to `root` (an absolute folder that need not exist). */
export function memoryFiles(root: string, files: Record<string, string>): MemoryFiles {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [path.resolve(root, name), text]));
  const reads: string[] = [];
  return {
    reads,
    readFile: async (file) => {
      const text = byPath.get(path.resolve(root, file));
      reads.push(path.resolve(root, file));
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return text;
    },
    fileExists: async (file) => byPath.has(path.resolve(root, file)) || file.includes(`${path.sep}core${path.sep}vehicle${path.sep}demo${path.sep}`),
  };
}
