// The DBC parser and codec against cantools 42.0.3 on the shared corpus: every frame of every log,
// decoded with and without choices, raw and scaled, truncated and with undefined multiplexer values.
// Each DBC is loaded as cantools loaded it (the manifest's `load_strict`); one that needed
// strict=False must fail strict loading with cantools' consistency error.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAN_ERR_FLAG } from '../../core/can/frame.js';
import { createDbcCodec, type DecodeOptions, type DbcCodec } from '../../core/dbc/codec.js';
import { DbcParseError, DecodeError } from '../../core/dbc/errors.js';
import { loadDbcFile } from '../../core/dbc/load-dbc-file.js';
import { corpusDir, type CorpusExpected, type CorpusExpectedFrame } from '../helpers/corpus.js';
import { toJsonSignals } from '../../core/cli/format-signals.js';



interface LogFrame {
  id: number;
  extended: boolean;
  fd: boolean;
  remote: boolean;
  errorFrame: boolean;
  data: string;
}


/** Just enough of candump -L for this test: `(ts) if ID#DATA`, `ID##<flags>DATA`, `ID#R`. */
function parseLogLine(text: string): LogFrame {
  const match = /^\(\d+\.\d+\) \S+ ([0-9A-Fa-f]+)(##[0-9A-Fa-f]|#)(R|[0-9A-Fa-f]*)$/.exec(text.trim());
  if (match === null) throw new Error(`not a candump -L line: ${text}`);
  const id = Number.parseInt(match[1], 16);
  const remote = match[3] === 'R';
  return {
    id: id & 0x1fffffff,
    extended: match[1].length === 8,
    fd: match[2].startsWith('##'),
    remote,
    errorFrame: (id & CAN_ERR_FLAG) !== 0,
    data: remote ? '' : match[3].toUpperCase(),
  };
}

const canDir = path.join(corpusDir, 'can');
const manifest = JSON.parse(fs.readFileSync(path.join(canDir, 'out/manifest.json'), 'utf8')) as {
  files: Record<string, { load_strict: boolean; overlapping_signals: number }>;
};
const bytesOf = (data: string): Uint8Array => Uint8Array.from(Buffer.from(data, 'hex'));

/** What our codec makes of one log line, in the corpus' terms. */
function checkFrame(codec: DbcCodec, log: LogFrame, expected: CorpusExpectedFrame, decodeChoices: boolean): void {
  expect({ id: log.id, extended: log.extended, fd: log.fd, data: log.data }).toStrictEqual({
    id: expected.error_frame === true ? expected.id & 0x1fffffff : expected.id,
    extended: expected.extended,
    fd: expected.fd,
    data: expected.data,
  });
  if (log.errorFrame) {
    expect(expected.error_frame).toBe(true);
    return;
  }
  const compiled = codec.getMessage(log.id, log.extended);
  expect(compiled?.message.name ?? null).toBe(expected.message);
  if (compiled === undefined) {
    expect(expected.unknown).toBe(true);
    return;
  }
  if (log.remote) {
    expect(expected.signals).toBeNull(); // a remote frame carries no data to decode
    return;
  }
  const data = bytesOf(log.data);
  const options: DecodeOptions = { decodeChoices };
  if (expected.error !== undefined) {
    expect(expected.error.startsWith('DecodeError: ')).toBe(true);
    expect(() => compiled.decode(data, options)).toThrow(new DecodeError(expected.error.slice('DecodeError: '.length)));
    // `partial`: a short frame with cantools' allow_truncated; an undefined multiplexer value with
    // Homeward's skipUndefinedMultiplexers (cantools raises there even with allow_truncated).
    const isShort = expected.note === 'truncated';
    expect(isShort).toBe(data.length < compiled.message.length);
    const lenient: DecodeOptions = isShort ? { ...options, allowTruncated: true } : { ...options, skipUndefinedMultiplexers: true };
    if (!isShort) expect(() => compiled.decode(data, { ...options, allowTruncated: true })).toThrow(DecodeError);
    const partial = toJsonSignals(compiled.decode(data, lenient));
    expect(partial).toStrictEqual(expected.partial);
    expect(Object.keys(partial)).toEqual(Object.keys(expected.partial ?? {}));
    return;
  }
  const signals = toJsonSignals(compiled.decode(data, options));
  expect(signals).toStrictEqual(expected.signals);
  expect(Object.keys(signals)).toEqual(Object.keys(expected.signals ?? {}));
  if (!decodeChoices) expect(toJsonSignals(compiled.decode(data, { ...options, scaling: false }))).toStrictEqual(expected.raw);
}

for (const [dbcFile, entry] of Object.entries(manifest.files)) {
  const name = dbcFile.replace(/\.dbc$/, '');
  describe(`cantools conformance: ${name}`, () => {
    const dbcPath = path.join(canDir, 'dbc', dbcFile);
    const codec = createDbcCodec(loadDbcFile(dbcPath, { strict: entry.load_strict }));

    if (!entry.load_strict) {
      it('fails strict loading as cantools does: an overlap, naming both signals and the message', () => {
        expect(() => loadDbcFile(dbcPath, { strict: true })).toThrow(DbcParseError);
        expect(() => loadDbcFile(dbcPath, { strict: true })).toThrow(/: The signals \w+ and \w+ are overlapping in message \w+\.$/);
      });

      it('loads leniently, each overlap kept as a warning (the frames below then decode as cantools with strict=False)', () => {
        const db = loadDbcFile(dbcPath, { strict: false });
        expect(db.warnings.length).toBeGreaterThan(0);
        expect(db.warnings.every((w) => /^The signals \w+ and \w+ are overlapping in message \w+\.$/.test(w.message))).toBe(true);
      });
    }
    const lines = fs.readFileSync(path.join(canDir, 'out', `${name}.log`), 'utf8').split('\n');

    for (const decodeChoices of [false, true]) {
      const file = `${name}.expected${decodeChoices ? '-choices' : ''}.json`;
      const expected = JSON.parse(fs.readFileSync(path.join(canDir, 'out', file), 'utf8')) as CorpusExpected;

      it(`${file} names this DBC and covers every log line`, () => {
        expect(expected.dbc).toBe(`dbc/${dbcFile}`);
        expect(expected.frames.map((frame) => frame.line)).toEqual(lines.map((_, index) => index + 1).filter((line) => lines[line - 1].trim() !== ''));
      });

      it.each(expected.frames.map((frame) => [frame.line, frame] as const))(`${file} line %i`, (line, frame) => {
        checkFrame(codec, parseLogLine(lines[line - 1]), frame, decodeChoices);
      });
    }
  });
}
