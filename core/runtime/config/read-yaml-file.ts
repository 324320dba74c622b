/**
 * One YAML file of a configuration parsed into a document with its line counter, or the syntax
 * errors it has. Homeward's tags (`!secret`, `!include`) are declared so the parser keeps them on
 * the node for the tree walk instead of warning; any other tag is the walk's error to report.
 */
import { LineCounter, parseDocument, type Document, type ScalarTag } from 'yaml';
import type { ConfigIssue } from './errors.js';

export const SECRET_TAG = '!secret';
export const INCLUDE_TAG = '!include';

const HOMEWARD_TAGS: ScalarTag[] = [SECRET_TAG, INCLUDE_TAG].map((tag) => ({ tag, resolve: (text: string) => text }));

export interface YamlFile {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** A configuration file is hand-written: anything larger is a mistake (a log passed by accident). */
export const MAX_FILE_CHARS = 4 * 1024 * 1024;

export type ReadYamlResult = { ok: true; yaml: YamlFile } | { ok: false; issues: ConfigIssue[] };

/**
 * Syntax errors keep only their first line: the library appends the offending source line, which
 * may hold a token or a password.
 */
export function parseYamlFile(text: string, file: string): ReadYamlResult {
  if (text.length > MAX_FILE_CHARS) return { ok: false, issues: [{ file, line: 0, column: 0, key: '', message: `larger than ${MAX_FILE_CHARS / 1024 / 1024} MB: not a configuration file` }] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, customTags: HOMEWARD_TAGS, merge: false, uniqueKeys: true });
  if (doc.errors.length === 0) return { ok: true, yaml: { file, doc, lines } };
  const issues = doc.errors.map((error): ConfigIssue => {
    const [position] = error.linePos ?? [{ line: 1, col: 1 }];
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return { file, line: position.line, column: position.col, key: '', message: `YAML syntax: ${message}` };
  });
  return { ok: false, issues };
}

/** The 1-based line and column of a character offset. */
export function positionOf(yaml: YamlFile, offset: number): { line: number; column: number } {
  const { line, col } = yaml.lines.linePos(offset);
  return { line, column: col };
}
