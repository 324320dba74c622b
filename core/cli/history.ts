// `homeward history events|runs|trace RUN_ID|signals PATH`: reads the store (read-only) from the CLI.
import { wallClock } from '../base/clock.js';
import { defaultDatabasePath, openStore, type HomewardStore } from '../store/open-store.js';
import { formatHistoryEvent, formatHistoryPoint, formatHistoryRun, formatHistoryTrace, type HistoryFormat } from './history-format.js';
import type { CliIo } from './io.js';
import { integerFlag, parseFlags, type ParsedFlags } from './parse-flags.js';
import { EXIT, UsageError } from './usage-error.js';

export const HISTORY_USAGE = `usage:
  homeward history events [--before TS]          car events, newest first
  homeward history runs [--automation ID]        automation runs, newest first (no trace)
  homeward history trace RUN_ID                  one run with its trace
  homeward history signals PATH [--from TS] [--to TS]
                                                 a signal's stored samples, oldest first
options:
  --db FILE          the database (default: $XDG_DATA_HOME/homeward/homeward.db,
                     else ~/.local/share/homeward/homeward.db)
  --limit N          at most N rows (default 50; for signals, points: default 500, max 5000)
  --format text|json text (default) or one JSON object a line
  TS are seconds since the epoch; signals default to the last 24 hours.
The database is opened read-only: a running Homeward is not disturbed.
`;

const VALUE_FLAGS = ['db', 'limit', 'format', 'before', 'automation', 'from', 'to'] as const;
const ALLOWED: Record<string, readonly string[]> = {
  events: ['before'],
  runs: ['automation'],
  trace: [],
  signals: ['from', 'to'],
};

export async function historyCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) {
    io.err(HISTORY_USAGE);
    return EXIT.usage;
  }
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(HISTORY_USAGE);
    return EXIT.ok;
  }
  if (!Object.hasOwn(ALLOWED, sub)) throw new UsageError("unknown subcommand: expected events, runs, trace or signals (see 'homeward history --help')");
  const flags = parseFlags(rest, { values: VALUE_FLAGS });
  if (flags.switches.has('help')) {
    io.out(HISTORY_USAGE);
    return EXIT.ok;
  }
  for (const name of flags.values.keys()) {
    if (!['db', 'limit', 'format', ...ALLOWED[sub]].includes(name)) throw new UsageError(`--${name} does not apply to ${sub}`);
  }
  const format = (flags.values.get('format') ?? 'text') as HistoryFormat;
  if (format !== 'text' && format !== 'json') throw new UsageError('--format must be text or json');
  const wantsArgument = sub === 'trace' || sub === 'signals';
  if (flags.positionals.length !== (wantsArgument ? 1 : 0)) {
    throw new UsageError(wantsArgument ? `${sub} takes one argument (${sub === 'trace' ? 'RUN_ID' : 'PATH'})` : `${sub} takes no arguments`);
  }
  const store = openStore({ path: flags.values.get('db') ?? defaultDatabasePath(), scheduler: wallClock, readOnly: true });
  try {
    return query(store, sub, flags, format, io);
  } finally {
    store.close();
  }
}

function query(store: HomewardStore, sub: string, flags: ParsedFlags, format: HistoryFormat, io: CliIo): number {
  const [argument] = flags.positionals;
  switch (sub) {
    case 'events': {
      const limit = integerFlag(flags, 'limit', 50, 1, 100_000);
      const before = timeFlag(flags, 'before');
      io.out(store.events({ before_ts: before, limit }).map((e) => formatHistoryEvent(e, format)).join(''));
      return EXIT.ok;
    }
    case 'runs': {
      const limit = integerFlag(flags, 'limit', 50, 1, 100_000);
      io.out(store.runs({ automation: flags.values.get('automation'), limit }).map((r) => formatHistoryRun(r, format)).join(''));
      return EXIT.ok;
    }
    case 'trace': {
      const run = store.trace(argument);
      if (run === undefined) {
        io.err(`homeward history: no run ${JSON.stringify(argument.slice(0, 128))} in ${store.path}\n`);
        return EXIT.someFailed;
      }
      io.out(formatHistoryTrace(run, format));
      return EXIT.ok;
    }
    default: {
      const maxPoints = integerFlag(flags, 'limit', 500, 2, 5000);
      const to = timeFlag(flags, 'to') ?? wallClock.now() / 1000;
      const from = timeFlag(flags, 'from') ?? to - 86_400;
      if (from > to) throw new UsageError('--from must not be after --to');
      const history = store.signalHistory({ path: argument, from_ts: from, to_ts: to, max_points: maxPoints });
      io.out(history.points.map((p) => formatHistoryPoint(history.path, p, format)).join(''));
      return EXIT.ok;
    }
  }
}

function timeFlag(flags: ParsedFlags, name: string): number | undefined {
  const text = flags.values.get(name);
  if (text === undefined) return undefined;
  const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be seconds since the epoch`);
  return value;
}
