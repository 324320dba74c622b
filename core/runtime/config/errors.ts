import { HomewardError } from '../../base/errors.js';

/** One problem in a configuration file: where it is and what is wrong. Never carries a secret's value. */
export interface ConfigIssue {
  /** The file the problem is in (an `!include`d file names itself, not the file including it). */
  readonly file: string;
  /** 1-based; 0 when the file as a whole is at fault (cannot be read). */
  readonly line: number;
  /** 1-based; 0 with line 0. */
  readonly column: number;
  /** Dotted key path, `devices[2].token`; '' for the document itself. */
  readonly key: string;
  readonly message: string;
}

/** `FILE:LINE:COL: KEY: message`, the form editors and `config check` print. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.key === '' ? `${where}: ${issue.message}` : `${where}: ${issue.key}: ${issue.message}`;
}

/**
 * A configuration that cannot be used. It carries every problem found in the file and its includes,
 * so one `config check` shows them all; the fields name the first one.
 */
export class ConfigError extends HomewardError {
  readonly issues: readonly ConfigIssue[];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly key: string;

  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    if (issues.length === 0) throw new TypeError('ConfigError needs at least one issue');
    super('config', issues.map(formatConfigIssue).join('\n'), options);
    this.issues = issues;
    const [first] = issues;
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.key = first.key;
  }
}

/** `['devices', 2, 'token']` → `devices[2].token`. */
export function formatKeyPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}
