/**
 * DBC→VSS mapping files in kuksa-can-provider's format, read as kuksa reads them: a VSS JSON tree
 * (branches with `children`, as vss-tools writes) or a vspec overlay keyed by dotted VSS path, with
 * `dbc2vss` (synonym `dbc`) and `vss2dbc` inside signal nodes. Both forms may be JSON or YAML.
 *
 * Where we are stricter than kuksa, on purpose: unknown keys inside `dbc2vss`/`transform` are errors
 * (a typo like `interval: 100` must not silently become the 1000 ms default); a node carrying a
 * mapping without `type: sensor|actuator|attribute` is an error (kuksa skips it silently); a mapping
 * `to` must match the node's datatype; `math` must compile. `signal` may be written `Message.Signal`
 * to pick one of several messages that share a signal name (see bind-vss-mapping.ts).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { MappingError, MathExpressionError, type MappingProblem } from './errors.js';
import { compileMathExpression, type MathExpression } from './math-expression.js';
import { detectMappingFormat, readMappingDocument, type MappingDocument, type MappingFormat } from './mapping-document.js';

export type VssNodeType = 'sensor' | 'actuator' | 'attribute';
/** A value as mapping files write it (`from`, `to`). */
export type MappingScalar = string | number | boolean;

export type VssTransform =
  | { kind: 'mapping'; mapping: ReadonlyArray<{ from: MappingScalar; to: MappingScalar }> }
  | { kind: 'math'; math: string; expression: MathExpression };

/** One `dbc2vss` entry: a CAN signal feeding a VSS path. */
export interface Dbc2VssMapping {
  path: string;
  type: VssNodeType;
  datatype: string;
  /** DBC signal name as written; `Message.Signal` when qualified. */
  signal: string;
  /** Minimum time between forwarded values, on frame timestamps. Default 1000, or 0 with on_change. */
  intervalMs: number;
  onChange: boolean;
  transform: VssTransform | null;
  /** Extra filter (kuksa `multiplexer`): every listed signal of the same frame must have this value. */
  multiplexer: ReadonlyArray<{ signal: string; value: number }>;
  /** 1-based line of the VSS path in the file (YAML); null when not looked up (JSON). */
  line: number | null;
}

/** One `vss2dbc` entry (actuator target → CAN signal); read and checked, used by a later writer. */
export interface Vss2DbcMapping {
  path: string;
  datatype: string;
  signal: string;
  transform: VssTransform | null;
}

export interface VssMapping {
  file: string;
  dbc2vss: Dbc2VssMapping[];
  vss2dbc: Vss2DbcMapping[];
}

export interface VssMappingOptions {
  /** File name used in errors; also picks the format when `format` is absent. */
  file?: string;
  format?: MappingFormat;
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const transformSchema = z
  .strictObject({
    mapping: z.array(z.strictObject({ from: scalar, to: scalar })).min(1).optional(),
    math: z.string().min(1).optional(),
  })
  .refine((t) => (t.mapping === undefined) !== (t.math === undefined), {
    message: 'a transform has exactly one of "mapping" or "math"',
  });
const dbc2vssSchema = z.strictObject({
  signal: z.string().min(1),
  interval_ms: z.number().int().nonnegative().optional(),
  on_change: z.boolean().optional(),
  transform: transformSchema.optional(),
  multiplexer: z.array(z.strictObject({ signal: z.string().min(1), value: z.number().int() })).min(1).optional(),
});
const vss2dbcSchema = z.looseObject({ signal: z.string().min(1), transform: transformSchema.optional() });
const signalNodeSchema = z.looseObject({
  type: z.enum(['sensor', 'actuator', 'attribute']),
  datatype: z.string().min(1),
  dbc2vss: dbc2vssSchema.optional(),
  dbc: dbc2vssSchema.optional(),
  vss2dbc: vss2dbcSchema.optional(),
});
type SignalNode = z.infer<typeof signalNodeSchema>;

const MAPPING_KEYS = ['dbc2vss', 'dbc', 'vss2dbc'];
const PATH_SEGMENT = /^[A-Za-z][A-Za-z0-9_]*$/;
const INTEGER_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);
const NUMERIC_TYPES = new Set([...INTEGER_TYPES, 'float', 'double']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why `to` does not fit `datatype`, or null when it does (unknown datatypes are not checked). */
function checkTo(datatype: string, to: MappingScalar): string | null {
  if (datatype === 'boolean' && typeof to !== 'boolean') return 'must be true or false for a boolean';
  if (datatype === 'string' && typeof to !== 'string') return 'must be a string for a string';
  if (NUMERIC_TYPES.has(datatype) && typeof to !== 'number') return `must be a number for ${datatype}`;
  if (INTEGER_TYPES.has(datatype) && !Number.isInteger(to)) return `must be an integer for ${datatype}`;
  return null;
}

class MappingReader {
  readonly problems: MappingProblem[] = [];
  readonly dbc2vss: Dbc2VssMapping[] = [];
  readonly vss2dbc: Vss2DbcMapping[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly doc: MappingDocument) {}

  private problem(path: string, keys: readonly PropertyKey[], key: string, message: string): void {
    this.problems.push({ path, key, line: this.doc.lineOf(keys), message });
  }

  /** kuksa's traversal: branches descend into `children`; untyped objects descend into their values. */
  visit(node: unknown, name: string, prefix: string, keys: PropertyKey[]): void {
    if (!isRecord(node)) return;
    const hasMapping = MAPPING_KEYS.some((key) => key in node);
    if (hasMapping) {
      this.readSignal(prefix + name, node, keys);
    } else if (node.type === 'branch') {
      if (isRecord(node.children)) {
        for (const [child, value] of Object.entries(node.children)) {
          this.visit(value, child, `${prefix}${name}.`, [...keys, 'children', child]);
        }
      }
    } else if (node.type === undefined) {
      for (const [child, value] of Object.entries(node)) this.visit(value, child, prefix, [...keys, child]);
    }
  }

  private readSignal(path: string, node: Record<string, unknown>, keys: PropertyKey[]): void {
    if (!path.split('.').every((segment) => PATH_SEGMENT.test(segment))) {
      this.problem(path, keys, '', 'not a VSS path (dotted names of letters, digits and _)');
      return;
    }
    if (this.seen.has(path)) {
      this.problem(path, keys, '', 'VSS path mapped twice');
      return;
    }
    this.seen.add(path);
    const parsed = signalNodeSchema.safeParse(node);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = [...issue.path, ...('keys' in issue && Array.isArray(issue.keys) ? [issue.keys[0]] : [])];
        this.problem(path, [...keys, ...at], at.join('.'), issue.message);
      }
      return;
    }
    const signal = parsed.data;
    if (signal.dbc !== undefined && signal.dbc2vss !== undefined) {
      this.problem(path, [...keys, 'dbc'], 'dbc', 'has both "dbc" and "dbc2vss" (dbc is a synonym; keep one)');
      return;
    }
    const dbc2vss = signal.dbc2vss ?? signal.dbc;
    if (dbc2vss !== undefined) {
      const key = signal.dbc2vss !== undefined ? 'dbc2vss' : 'dbc';
      const transform = this.readTransform(path, signal, dbc2vss.transform, [...keys, key]);
      if (transform === undefined) return;
      const onChange = dbc2vss.on_change ?? false;
      this.dbc2vss.push({
        path,
        type: signal.type,
        datatype: signal.datatype,
        signal: dbc2vss.signal,
        intervalMs: dbc2vss.interval_ms ?? (onChange ? 0 : 1000),
        onChange,
        transform,
        multiplexer: dbc2vss.multiplexer ?? [],
        line: this.doc.lineOf(keys),
      });
    }
    if (signal.vss2dbc !== undefined) {
      if (signal.type !== 'actuator') {
        this.problem(path, [...keys, 'vss2dbc'], 'vss2dbc', `vss2dbc is only for actuators, not a ${signal.type}`);
        return;
      }
      const transform = this.readTransform(path, signal, signal.vss2dbc.transform, [...keys, 'vss2dbc'], false);
      if (transform === undefined) return;
      this.vss2dbc.push({ path, datatype: signal.datatype, signal: signal.vss2dbc.signal, transform });
    }
  }

  /** undefined when the transform is invalid (a problem is recorded). */
  private readTransform(
    path: string,
    signal: SignalNode,
    transform: { mapping?: Array<{ from: MappingScalar; to: MappingScalar }>; math?: string } | undefined,
    keys: PropertyKey[],
    checkToType = true,
  ): VssTransform | null | undefined {
    if (transform === undefined) return null;
    const key = `${String(keys[keys.length - 1])}.transform`;
    if (transform.math !== undefined) {
      try {
        return { kind: 'math', math: transform.math, expression: compileMathExpression(transform.math) };
      } catch (error) {
        if (!(error instanceof MathExpressionError)) throw error;
        this.problem(path, [...keys, 'transform', 'math'], `${key}.math`, error.message);
        return undefined;
      }
    }
    const mapping = transform.mapping ?? [];
    let valid = true;
    mapping.forEach((item, index) => {
      const reason = checkToType ? checkTo(signal.datatype, item.to) : null;
      if (reason === null) return;
      this.problem(path, [...keys, 'transform', 'mapping', index, 'to'], `${key}.mapping.${index}.to`, `${JSON.stringify(item.to)} ${reason}`);
      valid = false;
    });
    return valid ? { kind: 'mapping', mapping } : undefined;
  }
}

/** Reads a mapping from text. Throws MappingError listing every problem with path, key and line. */
export function parseVssMapping(text: string, options: VssMappingOptions = {}): VssMapping {
  const file = options.file ?? '<mapping>';
  const doc = readMappingDocument(text, file, options.format ?? detectMappingFormat(file, text));
  if (!isRecord(doc.data)) {
    throw new MappingError(file, [{ path: '', key: '', line: doc.lineOf([]), message: 'a mapping file holds an object (VSS tree or overlay)' }]);
  }
  const reader = new MappingReader(doc);
  reader.visit(doc.data, '', '', []);
  if (reader.problems.length > 0) throw new MappingError(file, reader.problems);
  return { file, dbc2vss: reader.dbc2vss, vss2dbc: reader.vss2dbc };
}

/** Reads a mapping file (format by extension). A file that cannot be read is a MappingError too. */
export async function loadVssMappingFile(path: string, options: Omit<VssMappingOptions, 'file'> = {}): Promise<VssMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MappingError(path, [{ path: '', key: '', line: null, message: `cannot read: ${reason}` }], { cause: error });
  }
  return parseVssMapping(text, { ...options, file: path });
}
