// `homeward decode --dbc FILE [LOG]`: a candump -L log through a DBC, like `cantools decode -s`.
import type { Readable } from 'node:stream';
import { CandumpParseError } from '../can/errors.js';
import { scanCandumpLog, type CandumpLogItem } from '../can/sources/scan-candump-log.js';
import { classifyFrame } from '../dbc/classify-frame.js';
import { createDbcCodec, type DecodeOptions } from '../dbc/codec.js';
import { loadDbcFile } from '../dbc/load-dbc-file.js';
import { WROTE_ERROR, WROTE_NOTHING, writeBadLineJson, writeDataFrameJson, writeFrameJson } from './decode-json.js';
import { DecodeOutput } from './decode-output.js';
import { formatBadLineText, formatFrameText } from './decode-text.js';
import type { CliIo } from './io.js';
import { parseFlags } from './parse-flags.js';
import { EXIT, UsageError } from './usage-error.js';

export const DECODE_USAGE = `usage: homeward decode --dbc FILE [--choices] [--format text|json] [--no-strict] [--allow-truncated] [LOG]

Decodes a candump -L log (the file LOG, or standard input) with the DBC file.
  --dbc FILE          the CAN database
  --choices           print VAL_ names instead of numbers where the DBC has them
  --format text       each log line followed by ' :: Message(signal: value unit, ...)' (default)
  --format json       one JSON object per frame line
  --no-strict         skip the DBC's consistency checks (overlapping signals, signals outside their
                      message), as cantools' strict=False; frames decode the same either way
  --allow-truncated   decode the signals that fit in a frame shorter than its message (cantools'
                      allow_truncated); without it such a frame is a decode error
Exit status: 0 all frames decoded, 1 some failed, 2 unreadable DBC or log, 64 bad arguments.
`;

export async function decodeCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { values: ['dbc', 'format'], switches: ['choices', 'no-strict', 'allow-truncated'] });
  if (flags.switches.has('help')) {
    io.out(DECODE_USAGE);
    return EXIT.ok;
  }
  const dbcPath = flags.values.get('dbc');
  if (dbcPath === undefined) throw new UsageError("--dbc FILE is required (see 'homeward decode --help')");
  const format = flags.values.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  if (flags.positionals.length > 1) throw new UsageError('give at most one LOG file (or none to read standard input)');
  const logPath = flags.positionals[0];

  const codec = createDbcCodec(loadDbcFile(dbcPath, { strict: !flags.switches.has('no-strict') }));
  const decodeChoices = flags.switches.has('choices');
  const allowTruncated = flags.switches.has('allow-truncated');
  const options = { decodeChoices, allowTruncated } satisfies DecodeOptions;
  const getMessage = codec.getMessage;
  const out = new DecodeOutput(io.outBytes ?? ((block) => io.out(Buffer.from(block.buffer, block.byteOffset, block.length).toString('utf8'))));
  const isJson = format === 'json';
  let failed = 0;

  const onLine = (text: string, lineNumber: number, item: CandumpLogItem | null): void => {
    if (item === null) {
      if (!isJson) out.text(`${text}\n`);
      return;
    }
    if (item instanceof CandumpParseError) {
      failed++;
      if (isJson) writeBadLineJson(out, lineNumber, item);
      else out.text(`${formatBadLineText(text, item)}\n`);
      return;
    }
    if (isJson && !item.error && !item.rtr) {
      // The common case: straight from the payload to JSON, no decoded object in between.
      const compiled = getMessage(item.id, item.extended);
      const wrote = compiled === undefined ? WROTE_NOTHING : writeDataFrameJson(out, text, lineNumber, item, compiled, options);
      if (wrote === WROTE_ERROR) failed++;
      if (wrote !== WROTE_NOTHING) return;
    }
    const classified = classifyFrame(item, getMessage, options);
    if (classified.kind === 'decode_error') failed++;
    if (isJson) writeFrameJson(out, text, lineNumber, item, classified, allowTruncated);
    else out.text(`${formatFrameText(text, item, classified)}\n`);
  };

  // A refused frame is reported by its message, never its stack: skip capturing stacks for them.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const source = logPath ?? (io.stdin as Readable);
    await new Promise<void>((resolve, reject) => {
      // The scanner, not readCandumpLog's Observable: this command need not load RxJS at all.
      scanCandumpLog(source, { name: 'stdin', reuseFrames: true }, { line: onLine, end: resolve, fail: reject });
    });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    out.flush();
  }
  return failed > 0 ? EXIT.someFailed : EXIT.ok;
}
