// Every line of the corpus candump logs parses to what cantools read from it and prints back byte for byte.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { formatCandumpLine, parseCandumpLine } from '../../core/can/candump.js';
import { CAN_ERR_FLAG } from '../../core/can/frame.js';
import { readCandumpLog } from '../../core/can/sources/read-candump-log.js';
import { corpusDir, type CorpusExpected } from '../helpers/corpus.js';

const outDir = path.join(corpusDir, 'can', 'out');
const logs = readdirSync(outDir).filter((name) => name.endsWith('.log')).sort();


describe('candump -L corpus', () => {
  it('has the six logs', () => {
    expect(logs).toEqual(['foobar.log', 'motohawk.log', 'multiplex_2.log', 'signed.log', 'tesla_can.log', 'vw_mqb.log']);
  });

  describe.each(logs)('%s', (log) => {
    const text = readFileSync(path.join(outDir, log), 'utf8');
    const lines = text.split('\n');
    const expected = JSON.parse(readFileSync(path.join(outDir, log.replace(/\.log$/, '.expected.json')), 'utf8')) as CorpusExpected;

    it('round-trips every line byte for byte', () => {
      expect(lines.at(-1)).toBe('');
      const printed = lines.slice(0, -1).map((line, index) => formatCandumpLine(parseCandumpLine(line, index + 1, log)));
      expect(printed.join('\n') + '\n').toBe(text);
    });

    it('reads each frame as cantools did', () => {
      expect(expected.frames).toHaveLength(lines.length - 1);
      for (const want of expected.frames) {
        const frame = parseCandumpLine(lines[want.line - 1], want.line, log);
        const got = {
          ts: frame.ts,
          channel: frame.channel,
          // cantools keeps CAN_ERR_FLAG in the id of an error frame; CanFrame moves it to `error`.
          id: frame.error ? frame.id + CAN_ERR_FLAG : frame.id,
          extended: frame.extended,
          fd: frame.fd,
          fd_flags: frame.fdFlags,
          data: frame.rtr ? '' : Buffer.from(frame.data).toString('hex').toUpperCase(),
          error_frame: frame.error || undefined,
          remote: frame.rtr || undefined,
        };
        expect(got, `${log}:${want.line}`).toEqual({
          ts: Number.parseFloat(want.ts),
          channel: want.channel,
          id: want.id,
          extended: want.extended,
          fd: want.fd,
          fd_flags: want.fd_flags,
          data: want.data,
          error_frame: want.error_frame,
          remote: want.remote,
        });
      }
    });

    it('streams the same frames from the file', async () => {
      const items = await lastValueFrom(readCandumpLog(path.join(outDir, log)).pipe(toArray()));
      expect(items.map((item) => ('reason' in item ? item.message : formatCandumpLine(item)))).toEqual(lines.slice(0, -1));
    });
  });
});
