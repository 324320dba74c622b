import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatCandumpLine } from '../candump.js';
import { CandumpIoError, CandumpParseError } from '../errors.js';
import type { CanFrame } from '../frame.js';
import { onlyFrames, readCandumpLog, type CandumpProgress } from './read-candump-log.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-candump-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeLog(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Open descriptors of this process that point at `file` (Linux /proc). */
function openDescriptorsOf(file: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) count++;
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return count;
}

const GOOD = '(1700000000.001750) vcan0 318#403324C382736404';
const GOOD2 = '(1700000000.003224) vcan0 118#1A7CFDFEE3BD';

describe('readCandumpLog on small files', () => {
  it('emits frames, and bad lines as located error items', async () => {
    const file = writeLog('mixed.log', `${GOOD}\n(1700000000.1) vcan0 12#00\n\n${GOOD2}\n`);
    const items = await lastValueFrom(readCandumpLog(file).pipe(toArray()));
    expect(items).toHaveLength(3);
    expect((items[0] as CanFrame).id).toBe(0x318);
    expect(items[1]).toBeInstanceOf(CandumpParseError);
    expect(items[1]).toMatchObject({ file, line: 2, column: 22 });
    expect((items[1] as CandumpParseError).message).toBe(`${file}:2:22: CAN id must have 3 hex digits (11-bit) or 8 (29-bit), got 2`);
    expect((items[2] as CanFrame).id).toBe(0x118);
  });

  it("drops bad lines with 'skip', counting them", async () => {
    const file = writeLog('skip.log', `${GOOD}\nnonsense\n${GOOD2}`);
    const progress: CandumpProgress[] = [];
    const frames = await lastValueFrom(readCandumpLog(file, { onError: 'skip', onProgress: (p) => progress.push(p) }).pipe(toArray()));
    expect(frames.map((frame) => frame.id)).toEqual([0x318, 0x118]);
    expect(progress.at(-1)).toEqual({ bytes: statSync(file).size, totalBytes: statSync(file).size, lines: 3, errors: 1 });
  });

  it("fails on the first bad line with 'fail'", async () => {
    const file = writeLog('fail.log', `${GOOD}\n${GOOD}\n(1.0) vcan0 123#0\n${GOOD}\n`);
    const seen: CanFrame[] = [];
    const error = await new Promise<unknown>((resolve) =>
      readCandumpLog(file, { onError: 'fail' }).subscribe({ next: (frame) => seen.push(frame), error: resolve }),
    );
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(CandumpParseError);
    expect(error).toMatchObject({ line: 3, column: 18 });
  });

  it('reads CRLF, a last line without newline, and characters split between chunks', async () => {
    const text = `(1.000000) vcän0 123#AB\r\n(2.000000) vcän0 124#CD`;
    const file = writeLog('crlf.log', text);
    const frames = await lastValueFrom(readCandumpLog(file, { chunkBytes: 7, onError: 'fail' }).pipe(toArray()));
    expect(frames.map((frame) => [frame.channel, frame.id, frame.ts])).toEqual([
      ['vcän0', 0x123, 1],
      ['vcän0', 0x124, 2],
    ]);
  });

  it('reads a Readable as well, lines split between chunks', async () => {
    const chunks = [Buffer.from(`${GOOD}\n${GOOD2.slice(0, 20)}`), Buffer.from(`${GOOD2.slice(20)}\n`)];
    const frames = await lastValueFrom(readCandumpLog(Readable.from(chunks)).pipe(onlyFrames(), toArray()));
    expect(frames.map((frame) => frame.id)).toEqual([0x318, 0x118]);
  });

  it('reports a runaway line once and goes on after its newline', async () => {
    const file = writeLog('long.log', `${GOOD}\n${'x'.repeat(100_000)}\n${GOOD2}\n${'y'.repeat(5000)}`);
    const progress: CandumpProgress[] = [];
    const items = await lastValueFrom(readCandumpLog(file, { chunkBytes: 1024, onProgress: (p) => progress.push(p) }).pipe(toArray()));
    expect(items.map((item) => (item instanceof CandumpParseError ? `${item.line}:${item.column} ${item.reason}` : item.id))).toEqual([
      0x318, '2:4097 line longer than 4096 characters', 0x118, '4:4097 line longer than 4096 characters',
    ]);
    expect(progress.at(-1)).toMatchObject({ lines: 4, errors: 2 });
  });

  it('reports a long line the same way when it arrives whole inside one chunk', async () => {
    const file = writeLog('long-in-chunk.log', `${GOOD}\n${'z'.repeat(5000)}\n${GOOD2}\n`);
    const items = await lastValueFrom(readCandumpLog(file).pipe(toArray()));
    expect(items.map((item) => (item instanceof CandumpParseError ? `${item.line}:${item.column} ${item.reason}` : item.id))).toEqual([
      0x318, '2:4097 line longer than 4096 characters', 0x118,
    ]);
  });

  it('ends the stream with the error of a progress callback that throws', async () => {
    const file = writeLog('progress-throws.log', `${GOOD}\n`);
    const oops = new CandumpIoError(file, 'read', new Error('callback failed'));
    await expect(lastValueFrom(readCandumpLog(file, { onProgress: () => { throw oops; } }))).rejects.toBe(oops);
  });

  it('splits line errors off with onlyFrames', async () => {
    const file = writeLog('only.log', `${GOOD}\nbad\n${GOOD2}\n`);
    const errors: CandumpParseError[] = [];
    const frames = await lastValueFrom(readCandumpLog(file).pipe(onlyFrames((error) => errors.push(error)), toArray()));
    expect(frames).toHaveLength(2);
    expect(errors.map((error) => error.line)).toEqual([2]);
  });

  it('errors with CandumpIoError when the file is not there', async () => {
    const missing = path.join(dir, 'missing.log');
    await expect(firstValueFrom(readCandumpLog(missing))).rejects.toThrow(CandumpIoError);
    await expect(firstValueFrom(readCandumpLog(missing))).rejects.toThrow(/cannot read candump log .*missing\.log: ENOENT/);
  });

  it('closes the file when unsubscribed before it opened', async () => {
    const file = writeLog('early.log', `${GOOD}\n`);
    readCandumpLog(file).subscribe().unsubscribe();
    await vi.waitFor(() => expect(openDescriptorsOf(file)).toBe(0));
  });
});

describe('readCandumpLog on a 50 MB log', () => {
  const big = path.join(dir, 'big.log');
  let lineCount = 0;

  beforeAll(async () => {
    const out = createWriteStream(big);
    const templates = [GOOD, GOOD2, '(1700000000.010294) vcan0 00012333##1' + 'A5'.repeat(64), '(1700000000.352072) vcan0 20000008#0000080000000000'];
    let micros = 1_700_000_000_000_000;
    let block: string[] = [];
    let bytes = 0;
    while (bytes < 50 * 1024 * 1024) {
      const template = templates[lineCount % templates.length];
      micros += 137;
      const line = `(${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')})${template.slice(template.indexOf(')') + 1)}\n`;
      block.push(line);
      bytes += line.length;
      lineCount++;
      if (block.length === 10_000) {
        if (!out.write(block.join(''))) await once(out, 'drain');
        block = [];
      }
    }
    out.end(block.join(''));
    await once(out, 'close');
  });

  it('streams it all with progress and without holding it in memory', async () => {
    const size = statSync(big).size;
    expect(size).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const progress: CandumpProgress[] = [];
    let frames = 0;
    let fdFrames = 0;
    let lastTs = 0;
    let ordered = true;
    await new Promise<void>((resolve, reject) =>
      readCandumpLog(big, {
        onError: 'fail',
        onProgress: (p) => {
          progress.push(p);
          heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        },
      }).subscribe({
        next: (frame) => {
          frames++;
          if (frame.fd) fdFrames++;
          if (frame.ts < lastTs) ordered = false;
          lastTs = frame.ts;
        },
        error: reject,
        complete: resolve,
      }),
    );
    expect(frames).toBe(lineCount);
    expect(fdFrames).toBe(Math.floor((lineCount + 1) / 4));
    expect(ordered).toBe(true);
    expect(progress.length).toBeGreaterThan(100);
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1].bytes)).toBe(true);
    expect(progress.at(-1)).toEqual({ bytes: size, totalBytes: size, lines: lineCount, errors: 0 });
    // Frames are dropped as they go, so the heap stays far below the 50 MB of text plus ~1 M frames.
    expect(heapPeak - heapBefore).toBeLessThan(40 * 1024 * 1024);
  });

  it('is lazy: take(10) ends after the first chunk and closes the file', async () => {
    const frames = await lastValueFrom(readCandumpLog(big).pipe(take(10), toArray()));
    expect(frames).toHaveLength(10);
    expect(formatCandumpLine(frames[0] as CanFrame)).toBe('(1700000000.000137) vcan0 318#403324C382736404');
    await vi.waitFor(() => expect(openDescriptorsOf(big)).toBe(0));
  });

  it('destroys a Readable passed in when unsubscribed', async () => {
    const stream = createReadStream(big, { highWaterMark: 64 * 1024 });
    const closed = once(stream, 'close');
    const frames = await lastValueFrom(readCandumpLog(stream).pipe(take(10), toArray()));
    expect(frames).toHaveLength(10);
    await closed;
    expect(stream.destroyed).toBe(true);
    expect(stream.bytesRead).toBeLessThanOrEqual(64 * 1024);
  });
});
