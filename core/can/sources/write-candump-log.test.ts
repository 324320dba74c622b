import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Subject, concat, from, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseCandumpLine } from '../candump.js';
import { CandumpFormatError, CandumpIoError } from '../errors.js';
import type { CanFrame } from '../frame.js';
import { readCandumpLog } from './read-candump-log.js';
import { writeCandumpLog } from './write-candump-log.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-candump-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINES = [
  '(1700000000.001750) vcan0 318#403324C382736404',
  '(1700000000.010294) vcan0 00012333##1' + '5A'.repeat(16),
  '(1700000000.167000) vcan0 101#R',
  '(1700000000.352072) vcan0 20000008#0000080000000000',
  '(1700000001.000000) can1 7FF#',
];
const FRAMES = LINES.map((line) => parseCandumpLine(line));

describe('writeCandumpLog', () => {
  it('records frames, passes them on, and has the file complete when complete arrives', async () => {
    const file = path.join(dir, 'rec.log');
    const passed = await lastValueFrom(from(FRAMES).pipe(writeCandumpLog(file), toArray()));
    expect(passed).toEqual(FRAMES);
    expect(readFileSync(file, 'utf8')).toBe(LINES.join('\n') + '\n');
  });

  it('round-trips through the reader, in small write blocks too', async () => {
    const many: CanFrame[] = Array.from({ length: 1000 }, (_, i) => ({ ...FRAMES[i % FRAMES.length], ts: 1700000000 + i / 1000 }));
    const file = path.join(dir, 'many.log');
    await lastValueFrom(from(many).pipe(writeCandumpLog(file, { bufferBytes: 100 }), toArray()));
    const back = await lastValueFrom(readCandumpLog(file, { onError: 'fail' }).pipe(toArray()));
    expect(back).toEqual(many);
  });

  it('flushes what it has when the source errors, then passes the error on', async () => {
    const file = path.join(dir, 'broken.log');
    const boom = new CandumpIoError('upstream', 'read', new Error('gone'));
    await expect(lastValueFrom(concat(of(FRAMES[0]), throwError(() => boom)).pipe(writeCandumpLog(file)))).rejects.toBe(boom);
    expect(readFileSync(file, 'utf8')).toBe(LINES[0] + '\n');
  });

  it('flushes and closes when unsubscribed', async () => {
    const file = path.join(dir, 'left.log');
    const frames = new Subject<CanFrame>();
    const subscription = frames.pipe(writeCandumpLog(file)).subscribe();
    frames.next(FRAMES[0]);
    frames.next(FRAMES[2]);
    subscription.unsubscribe();
    expect(frames.observed).toBe(false);
    await vi.waitFor(() => expect(readFileSync(file, 'utf8')).toBe(`${LINES[0]}\n${LINES[2]}\n`));

    const sink = new PassThrough();
    const sinkSubscription = frames.pipe(writeCandumpLog(sink)).subscribe();
    frames.next(FRAMES[4]);
    sinkSubscription.unsubscribe();
    expect(sink.writableEnded).toBe(true);
    expect(String(sink.read())).toBe(`${LINES[4]}\n`);
  });

  it('writes into a Writable and leaves it open with end: false', async () => {
    const sink = new PassThrough();
    let text = '';
    sink.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await lastValueFrom(from(FRAMES.slice(0, 2)).pipe(writeCandumpLog(sink, { end: false })));
    expect(text).toBe(`${LINES[0]}\n${LINES[1]}\n`);
    expect(sink.writableEnded).toBe(false);
    await lastValueFrom(of(FRAMES[4]).pipe(writeCandumpLog(sink)));
    expect(sink.writableEnded).toBe(true);
    expect(text).toBe(`${LINES[0]}\n${LINES[1]}\n${LINES[4]}\n`);
  });

  it('errors with CandumpIoError when the file cannot be created', async () => {
    const file = path.join(dir, 'no-such-dir', 'x.log');
    await expect(lastValueFrom(from(FRAMES).pipe(writeCandumpLog(file)))).rejects.toThrow(CandumpIoError);
    await expect(lastValueFrom(from(FRAMES).pipe(writeCandumpLog(file)))).rejects.toThrow(/cannot write candump log .*x\.log: ENOENT/);
  });

  it('errors with CandumpFormatError on a frame candump cannot print, keeping the lines before it', async () => {
    const file = path.join(dir, 'bad-frame.log');
    const bad: CanFrame = { ...FRAMES[0], id: 0x800 };
    await expect(lastValueFrom(from([FRAMES[0], bad, FRAMES[0]]).pipe(writeCandumpLog(file)))).rejects.toThrow(CandumpFormatError);
    expect(readFileSync(file, 'utf8')).toBe(LINES[0] + '\n');
  });

  it('after a format error, ends the log once and leaves the source', async () => {
    const stream = new PassThrough();
    stream.resume();
    const ends = vi.spyOn(stream, 'end');
    const source = new Subject<CanFrame>();
    const done = lastValueFrom(source.pipe(writeCandumpLog(stream))).catch((e: unknown) => e);
    source.next({ ...FRAMES[0], id: 0x800 });
    expect(source.observed).toBe(false);
    source.complete();
    expect(await done).toBeInstanceOf(CandumpFormatError);
    expect(ends).toHaveBeenCalledTimes(1);
    expect(stream.listenerCount('finish')).toBe(0);
  });
});
