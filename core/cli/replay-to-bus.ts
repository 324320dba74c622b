// `homeward replay LOG --to socketcan:IFACE`: the log's frames onto a real bus at the log's pace (as
// canplayer does), for a bench where Homeward or can-utils listen on the other side.
import { filter, lastValueFrom, tap } from 'rxjs';
import { wallClock } from '../base/clock.js';
import { replay } from '../can/replay.js';
import { onlyFrames, readCandumpLog } from '../can/sources/read-candump-log.js';
import { sendSocketcan } from '../can/sources/socketcan.js';
import type { CliIo } from './io.js';
import { EXIT } from './usage-error.js';

export async function replayToBus(log: string, iface: string, speed: number | 'max', io: CliIo, signal?: AbortSignal): Promise<number> {
  let sent = 0;
  let skipped = 0;
  let badLines = 0;
  const frames$ = replay(readCandumpLog(log).pipe(onlyFrames(() => badLines++)), { speed, scheduler: wallClock }).pipe(
    // The addon cannot put error frames on a bus; they are counted, not sent.
    filter((frame) => {
      if (frame.error) skipped++;
      return !frame.error;
    }),
    sendSocketcan(iface),
    tap(() => sent++),
  );
  const done = lastValueFrom(frames$, { defaultValue: null });
  const stopped = new Promise<'stopped'>((resolve) => signal?.addEventListener('abort', () => resolve('stopped'), { once: true }));
  const outcome = await Promise.race([done, stopped]);
  io.err(`homeward replay: ${outcome === 'stopped' ? 'stopped after ' : ''}${sent} frames sent to ${iface}; ${skipped} error frames not sent; ${badLines} bad lines\n`);
  return badLines > 0 ? EXIT.someFailed : EXIT.ok;
}
