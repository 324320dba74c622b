/**
 * A VSS signal log: JSON lines `{"ts": unix_seconds, "path": "Vehicle.Speed", "value": 42}`, as
 * `homeward replay --format json` prints and the drive generator writes. Streamed line by line; a bad
 * line is reported with its number and skipped, never the end of the log.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Observable } from 'rxjs';
import { SignalLogError } from './errors.js';
import type { SignalUpdate } from './signal-updates.js';

export function readSignalLog(file: string, onBadLine?: (error: SignalLogError) => void): Observable<SignalUpdate> {
  return new Observable<SignalUpdate>((subscriber) => {
    const stream = createReadStream(file, { encoding: 'utf8' });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    lines.on('line', (line) => {
      lineNo++;
      if (line.trim() === '') return;
      const update = parseSignalLine(line);
      if (update) subscriber.next(update);
      else onBadLine?.(new SignalLogError(file, lineNo, 'not a {"ts", "path", "value"} JSON line'));
    });
    lines.on('close', () => subscriber.complete());
    stream.on('error', (cause) => subscriber.error(new SignalLogError(file, 0, `cannot read the file: ${cause.message}`)));
    return () => {
      lines.close();
      stream.destroy();
    };
  });
}

export function parseSignalLine(line: string): SignalUpdate | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { ts, path, value: v } = value as Record<string, unknown>;
  if (typeof ts !== 'number' || !Number.isFinite(ts) || typeof path !== 'string' || path === '') return undefined;
  if (typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') return undefined;
  return { ts, path, value: v };
}

/** True when the file's first non-blank line is a JSON object (a signal log), not a candump line. */
export async function isSignalLog(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('{');
  } finally {
    await handle.close();
  }
}
