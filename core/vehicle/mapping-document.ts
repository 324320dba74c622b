/**
 * The text side of a mapping file: JSON or YAML in, plain data out, plus a way to find the line of
 * any key path for error messages. JSON is read with JSON.parse (VSS JSON files run to megabytes);
 * its lines are looked up only when there is an error to report, by reading it again as YAML.
 */
import { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import { MappingError } from './errors.js';

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
  // The deepest key of the path that exists; its own line (a missing key reports its parent's).
  for (let length = keys.length; length >= 1; length--) {
    const parent = length === 1 ? doc.contents : doc.getIn(keys.slice(0, length - 1), true);
    const last = keys[length - 1];
    let node: unknown = null;
    if (isMap(parent)) node = parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key;
    else if (isSeq(parent) && typeof last === 'number') node = parent.items[last];
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  const root = doc.contents;
  return isNode(root) && root.range ? counter.linePos(root.range[0]).line : null;
}

function readYaml(text: string, file: string): { doc: Document; counter: LineCounter } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
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
    return { data: doc.toJS({ maxAliasCount: 1000 }), lineOf: (keys) => locate(doc, counter, keys) };
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
  let located: { doc: Document; counter: LineCounter } | null = null;
  return {
    data,
    lineOf: (keys) => {
      located ??= readYaml(text, file);
      return locate(located.doc, located.counter, keys);
    },
  };
}
