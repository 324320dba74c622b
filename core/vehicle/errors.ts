import { HomewardError } from '../base/errors.js';

/** One located problem in a DBC→VSS mapping file. */
export interface MappingProblem {
  /** Dotted VSS path of the entry ('' when the problem is the file as a whole). */
  path: string;
  /** Key inside the entry, dotted (`dbc2vss.interval_ms`); '' when the entry itself is at fault. */
  key: string;
  /** 1-based line in the mapping file, when known. */
  line: number | null;
  message: string;
}

function formatProblem(file: string, problem: MappingProblem): string {
  const where = problem.line === null ? file : `${file}:${problem.line}`;
  const what = [problem.path, problem.key].filter((part) => part !== '').join(' ');
  return what === '' ? `${where}: ${problem.message}` : `${where}: ${what}: ${problem.message}`;
}

/**
 * A mapping file that cannot be used. Carries every problem found (not only the first), each with
 * its VSS path, key and line, so a user fixes the file in one pass.
 */
export class MappingError extends HomewardError {
  constructor(
    readonly file: string,
    readonly problems: readonly MappingProblem[],
    options?: { cause?: unknown },
  ) {
    super('vss_mapping', problems.map((problem) => formatProblem(file, problem)).join('\n'), options);
  }
}

/** A `math` transform that does not parse: `column` is 1-based in `source`. */
export class MathExpressionError extends HomewardError {
  constructor(
    readonly source: string,
    readonly column: number,
    readonly reason: string,
  ) {
    super('math_expression', `column ${column}: ${reason} in "${source}"`);
  }
}

/** A VSS signal log line (or file) that cannot be read: the file and 1-based line say where. */
export class SignalLogError extends HomewardError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super('signal_log', `${file}${line > 0 ? `:${line}` : ''}: ${reason}`);
  }
}
