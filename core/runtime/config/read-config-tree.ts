/**
 * The YAML of a configuration and its includes turned into plain data, with the file, line and
 * column of every key path. This walk (not the yaml library's toJS) resolves Homeward's tags:
 * `!secret name` and `!include file.yaml` (relative to the including file), and expands aliases and
 * `<<` merges under a node budget, so an alias bomb is refused instead of expanded.
 */
import path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { formatKeyPath, type ConfigIssue } from './errors.js';
import { INCLUDE_TAG, parseYamlFile, positionOf, SECRET_TAG, type YamlFile } from './read-yaml-file.js';
import { createSecretStore, type SecretStore } from './secret-store.js';

export const MAX_INCLUDE_DEPTH = 8;
/** Nodes one configuration may expand to (its includes and aliases counted). */
export const MAX_NODES = 100_000;
const MAX_NESTING = 64;

export type KeyPath = readonly (string | number)[];

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ConfigTree {
  readonly value: unknown;
  readonly issues: readonly ConfigIssue[];
  /** Where a key path was written: the key of a mapping entry, the item of a list. */
  readonly locations: ReadonlyMap<string, SourceLocation>;
  /** Key paths whose value came from `!secret`. */
  readonly secretPaths: ReadonlySet<string>;
  /** Key paths already reported (their value is missing): validation says nothing more there. */
  readonly failedPaths: ReadonlySet<string>;
  readonly secrets: SecretStore;
}

export const pathKey = (keyPath: KeyPath): string => JSON.stringify(keyPath);

class Abort extends Error {}

interface Walk {
  readonly locations: Map<string, SourceLocation>;
  readonly secretPaths: Set<string>;
  readonly failedPaths: Set<string>;
  readonly issues: ConfigIssue[];
  readonly secrets: SecretStore;
  readonly readText: (file: string) => Promise<string>;
  nodes: number;
}

export async function readConfigTree(text: string, file: string, readText: (file: string) => Promise<string>): Promise<ConfigTree> {
  const secrets = createSecretStore(path.dirname(path.resolve(file)), readText);
  const walk: Walk = { locations: new Map(), secretPaths: new Set(), failedPaths: new Set(), issues: [], secrets, readText, nodes: 0 };
  let value: unknown = null;
  try {
    value = await walkFile(walk, text, file, [], [path.resolve(file)]);
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
  }
  return { value, issues: [...walk.issues, ...secrets.issues], locations: walk.locations, secretPaths: walk.secretPaths, failedPaths: walk.failedPaths, secrets };
}

async function walkFile(walk: Walk, text: string, file: string, at: KeyPath, stack: readonly string[]): Promise<unknown> {
  const parsed = parseYamlFile(text, file);
  if (!parsed.ok) {
    walk.issues.push(...parsed.issues);
    walk.failedPaths.add(pathKey(at));
    return undefined;
  }
  const { contents } = parsed.yaml.doc;
  if (at.length === 0) walk.locations.set(pathKey(at), { file, line: 1, column: 1 });
  return contents === null ? null : walkNode(walk, parsed.yaml, contents as Node, at, stack, 0);
}

async function walkNode(walk: Walk, yaml: YamlFile, node: Node, at: KeyPath, stack: readonly string[], depth: number): Promise<unknown> {
  if (++walk.nodes > MAX_NODES) fail(walk, yaml, node, at, `the configuration expands to more than ${MAX_NODES} nodes (an alias bomb?)`);
  if (depth > MAX_NESTING) fail(walk, yaml, node, at, `nested deeper than ${MAX_NESTING} levels (a recursive alias?)`);
  if (isAlias(node)) {
    const target = node.resolve(yaml.doc);
    if (!target) return report(walk, yaml, node, at, `unknown alias *${node.source}`);
    return walkNode(walk, yaml, target as Node, at, stack, depth + 1);
  }
  const tag = node.tag;
  if (tag === SECRET_TAG || tag === INCLUDE_TAG) {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
      return report(walk, yaml, node, at, `${tag} takes a ${tag === SECRET_TAG ? 'secret name' : 'file name'}`);
    }
    const name = node.value.trim();
    return tag === SECRET_TAG ? resolveSecret(walk, yaml, node, at, name) : include(walk, yaml, node, at, name, stack);
  }
  if (tag !== undefined && !tag.startsWith('tag:yaml.org,2002:')) {
    return report(walk, yaml, node, at, `unsupported tag ${tag} (Homeward knows ${SECRET_TAG} and ${INCLUDE_TAG})`);
  }
  if (isScalar(node)) return node.value;
  if (isSeq(node)) {
    const items: unknown[] = [];
    for (const [index, item] of node.items.entries()) {
      const itemAt = [...at, index];
      record(walk, yaml, item as Node, itemAt);
      items.push(await walkNode(walk, yaml, item as Node, itemAt, stack, depth + 1));
    }
    return items;
  }
  if (isMap(node)) return walkMap(walk, yaml, node.items as Pair[], at, stack, depth);
  return report(walk, yaml, node, at, 'unsupported YAML node');
}

async function walkMap(walk: Walk, yaml: YamlFile, pairs: readonly Pair[], at: KeyPath, stack: readonly string[], depth: number): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  const merges: Node[] = [];
  for (const pair of pairs) {
    const keyNode = pair.key as Node | null;
    if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
      report(walk, yaml, keyNode ?? (pair.value as Node), at, 'mapping keys must be plain strings');
      continue;
    }
    const key = String(keyNode.value);
    if (key === '<<' && keyNode.type === 'PLAIN') {
      merges.push(pair.value as Node);
      continue;
    }
    const keyAt = [...at, key];
    record(walk, yaml, keyNode, keyAt);
    const value = pair.value === null ? null : await walkNode(walk, yaml, pair.value as Node, keyAt, stack, depth + 1);
    define(result, key, value);
  }
  // `<<: *base` (or a list of them): explicit keys win, then earlier sources over later ones.
  for (const merge of merges) {
    const sources = isSeq(merge) ? (merge.items as Node[]) : [merge];
    for (const source of sources) {
      const value = await walkNode(walk, yaml, source, at, stack, depth + 1);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        report(walk, yaml, source, at, '<< merges only mappings');
        continue;
      }
      for (const [key, item] of Object.entries(value)) if (!Object.hasOwn(result, key)) define(result, key, item);
    }
  }
  return result;
}

async function resolveSecret(walk: Walk, yaml: YamlFile, node: Node, at: KeyPath, name: string): Promise<unknown> {
  const found = await walk.secrets.lookup(name, yaml.file);
  if (found.found) {
    walk.secretPaths.add(pathKey(at));
    return found.value;
  }
  const where = found.searched.length === 1 ? found.searched[0] : found.searched.join(', ');
  return report(walk, yaml, node, at, `secret '${name}' is not defined (looked in ${where})`);
}

async function include(walk: Walk, yaml: YamlFile, node: Node, at: KeyPath, name: string, stack: readonly string[]): Promise<unknown> {
  const file = path.resolve(path.dirname(path.resolve(yaml.file)), name);
  if (stack.includes(file)) {
    const chain = [...stack.slice(stack.indexOf(file)), file].map((f) => path.basename(f)).join(' → ');
    return report(walk, yaml, node, at, `include cycle: ${chain}`);
  }
  if (stack.length > MAX_INCLUDE_DEPTH) return report(walk, yaml, node, at, `includes nested deeper than ${MAX_INCLUDE_DEPTH}`);
  let text: string;
  try {
    text = await walk.readText(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return report(walk, yaml, node, at, `cannot read included file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
  return walkFile(walk, text, displayName(yaml.file, file), at, [...stack, file]);
}

/** An included file is named as the including one is: relative names stay relative. */
function displayName(includingFile: string, file: string): string {
  if (path.isAbsolute(includingFile)) return file;
  return path.relative(process.cwd(), file) || file;
}

function record(walk: Walk, yaml: YamlFile, node: Node, at: KeyPath): void {
  const offset = node.range?.[0];
  if (offset !== undefined) walk.locations.set(pathKey(at), { file: yaml.file, ...positionOf(yaml, offset) });
}

function report(walk: Walk, yaml: YamlFile, node: Node, at: KeyPath, message: string): undefined {
  const offset = node.range?.[0] ?? 0;
  walk.issues.push({ file: yaml.file, ...positionOf(yaml, offset), key: formatKeyPath(at), message });
  walk.failedPaths.add(pathKey(at));
  return undefined;
}

function fail(walk: Walk, yaml: YamlFile, node: Node, at: KeyPath, message: string): never {
  report(walk, yaml, node, at, message);
  throw new Abort(message);
}

/** Plain property even for `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
