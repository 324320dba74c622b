// `homeward decode --dbc FILE [LOG]`: a candump -L log through a DBC, like `cantools decode -s`.
import { createDbcCodec, type DecodeOptions } from '../dbc/codec.js';
import { loadDbcFile } from '../dbc/load-dbc-file.js';
import { bufferOutput } from './buffered-out.js';
import { decodeLine, isFailure, type DecodedLine } from './decode-line.js';
import { formatMessageText, toJsonSignals } from './format-signals.js';
import type { CliIo } from './io.js';
import { parseFlags } from './parse-flags.js';
import { readLogLines } from './read-log-lines.js';
import { EXIT, UsageError } from './usage-error.js';

export const DECODE_USAGE = `usage: homeward decode --dbc FILE [--choices] [--format text|json] [--no-strict] [LOG]

Decodes a candump -L log (the file LOG, or standard input) with the DBC file.
  --dbc FILE         the CAN database
  --choices          print VAL_ names instead of numbers where the DBC has them
  --format text      each log line followed by ' :: Message(signal: value unit, ...)' (default)
  --format json      one JSON object per frame line
  --no-strict        load the DBC leniently and decode the signals that fit in short frames
Exit status: 0 all frames decoded, 1 some failed, 2 unreadable DBC or log, 64 bad arguments.
`;

export async function decodeCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { values: ['dbc', 'format'], switches: ['choices', 'no-strict'] });
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
  const isStrict = !flags.switches.has('no-strict');

  const codec = createDbcCodec(loadDbcFile(dbcPath, { strict: isStrict }));
  const options: DecodeOptions = { decodeChoices: flags.switches.has('choices'), allowTruncated: !isStrict };
  const out = bufferOutput(io.out);
  const print = format === 'json' ? formatJson : formatText;
  let failed = 0;
  let lineNumber = 0;
  try {
    for await (const line of readLogLines(logPath ?? io.stdin)) {
      lineNumber++;
      if (line.trim() === '') {
        if (format === 'text') out.write(`${line}\n`);
        continue;
      }
      const result = decodeLine(codec, line, lineNumber, logPath ?? 'stdin', options);
      if (isFailure(result)) failed++;
      out.write(`${print(result, line, lineNumber)}\n`);
    }
  } finally {
    out.flush();
  }
  return failed > 0 ? EXIT.someFailed : EXIT.ok;
}

const CAN_ERR_FLAG = 0x20000000;

function hexId(id: number): string {
  return `0x${id.toString(16)}`;
}

/** The log line, then ` :: ` and what cantools would say (or what Homeward says where cantools says nothing useful). */
function formatText(result: DecodedLine, line: string): string {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  switch (result.kind) {
    case 'decoded':
      return `${text} :: ${formatMessageText(result.message, result.signals)}`;
    case 'decode_error':
      return `${text} :: ${result.error.message}`;
    case 'unknown':
      return `${text} :: Unknown frame id ${result.frame.id} (${hexId(result.frame.id)})`;
    case 'error_frame':
      return `${text} :: Error frame (class ${hexId(result.frame.id)})`;
    case 'remote':
      return `${text} :: Remote frame${result.message ? ` of ${result.message.name}` : `, unknown frame id ${result.frame.id} (${hexId(result.frame.id)})`}`;
    case 'bad_line':
      return `${text} :: ${result.error.name}: ${result.error.message}`;
  }
}

/** The corpus' expected-JSON shape: `line`, the frame as written, `message`, then signals or error. */
function formatJson(result: DecodedLine, line: string, lineNumber: number): string {
  if (result.kind === 'bad_line') return JSON.stringify({ line: lineNumber, error: `${result.error.name}: ${result.error.message}` });
  const { frame } = result;
  const isRemote = result.kind === 'remote';
  const head = {
    line: lineNumber,
    ts: line.slice(1, line.indexOf(')')),
    channel: frame.channel,
    // The corpus writes an error frame's id as printed: CAN_ERR_FLAG plus the error class.
    id: frame.error ? frame.id + CAN_ERR_FLAG : frame.id,
    extended: frame.extended,
    fd: frame.fd,
    data: isRemote ? '' : Buffer.from(frame.data).toString('hex').toUpperCase(),
  };
  switch (result.kind) {
    case 'decoded':
      return JSON.stringify({ ...head, message: result.message.name, signals: toJsonSignals(result.signals) });
    case 'decode_error':
      return JSON.stringify({ ...head, message: result.message.name, error: `${result.error.name}: ${result.error.message}` });
    case 'unknown':
      return JSON.stringify({ ...head, message: null, unknown: true });
    case 'error_frame':
      return JSON.stringify({ ...head, message: null, error_frame: true });
    case 'remote':
      return JSON.stringify({ ...head, message: result.message?.name ?? null, ...(result.message ? {} : { unknown: true }), remote: true, signals: null });
  }
}
