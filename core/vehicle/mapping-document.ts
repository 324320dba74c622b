/**
 * The text side of a mapping file: JSON or YAML in, plain data out, plus a way to find the line of
 * any key path for error messages. JSON is read with JSON.parse (VSS JSON files run to megabytes);
 * its lines are looked up only when there is an error to report, by reading it again as YAML.
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import { MappingError } from './errors.js';

/** Aliases expanded per document before it counts as an alias bomb (the yaml library's own guard). */
const MAX_ALIAS_COUNT = 1000;

export type MappingFormat = 'json' | 'yaml';

export interface MappingDocument {
  data: unknown;
  /** 1-based line of the value at `keys` (or of its nearest existing parent); null if unknown. */
  lineOf(keys: readonly PropertyKey[]): number | null;
}

/** `.json` → JSON; `.yaml`, `.yml`, `.vspec` → YAML; otherwise JSON if the text opens with `{`. */
export function detectMappingFormat(file: string, text: string): MappingFormat {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.(ya?ml|vspec)$/i.test(file)) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function locate(doc: Document, counter: LineCounter, keys: readonly PropertyKey[]): number | null {
  // Walks down to the deepest key of the path that exists and gives its line (a missing key reports
  // its parent's). Of duplicate keys the last counts, as in JSON.parse.
  const root = doc.contents;
  let line = isNode(root) && root.range ? counter.linePos(root.range[0]).line : null;
  let parent: unknown = root;
  for (const key of keys) {
    let at: unknown = null;
    if (isMap(parent)) {
      const pair = parent.items.findLast((item) => isScalar(item.key) && item.key.value === key);
      if (pair === undefined) break;
      at = pair.key;
      parent = pair.value;
    } else if (isSeq(parent) && typeof key === 'number' && key < parent.items.length) {
      at = parent.items[key];
      parent = at;
    } else {
      break;
    }
    if (!isNode(at) || !at.range) break;
    line = counter.linePos(at.range[0]).line;
  }
  return line;
}

function readYaml(text: string, file: string, uniqueKeys = true): { doc: Document; counter: LineCounter } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys });
  if (doc.errors.length > 0) {
    throw new MappingError(
      file,
      doc.errors.map((error) => ({
        path: '',
        key: '',
        line: error.linePos ? error.linePos[0].line : null,
        message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      })),
    );
  }
  return { doc, counter };
}

/** Parses mapping text; a syntax error becomes a MappingError with the line. */
export function readMappingDocument(text: string, file: string, format: MappingFormat): MappingDocument {
  if (format === 'yaml') {
    const { doc, counter } = readYaml(text, file);
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // The yaml library throws a plain ReferenceError on an alias bomb ("Excessive alias count").
      const message = error instanceof Error ? error.message : String(error);
      throw new MappingError(file, [{ path: '', key: '', line: null, message: `cannot expand YAML aliases: ${message}` }], { cause: error });
    }
    return { data, lineOf: (keys) => locate(doc, counter, keys) };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const line = position ? lineOfOffset(text, Number(position[1])) : null;
    const message = error instanceof Error ? error.message : 'invalid JSON';
    throw new MappingError(file, [{ path: '', key: '', line, message: `invalid JSON: ${message}` }], { cause: error });
  }
  let located: { doc: Document; counter: LineCounter } | null | undefined;
  return {
    data,
    lineOf: (keys) => {
      // JSON.parse keeps the last of duplicate keys; the YAML reading must not refuse them, and if it
      // fails anyway the line is unknown rather than an error replacing the one being reported.
      if (located === undefined) {
        try {
          located = readYaml(text, file, false);
        } catch {
          located = null;
        }
      }
      return located === null ? null : locate(located.doc, located.counter, keys);
    },
  };
}
