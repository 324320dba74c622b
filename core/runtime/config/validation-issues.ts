/**
 * zod's issues as ConfigIssues: each at the file, line and column where its key was written, an
 * unknown key with the known key it is closest to, a missing key said as such, a failed union by
 * the option that came closest. Messages never hold a secret: they are scrubbed of every value read
 * from a secrets file.
 */
import type { z } from 'zod';
import { closestName } from './closest-name.js';
import { formatKeyPath, type ConfigIssue } from './errors.js';
import { pathKey, type ConfigTree, type KeyPath, type SourceLocation } from './read-config-tree.js';
import { knownKeysAt } from './schema-keys.js';

interface Flat {
  readonly path: KeyPath;
  readonly message: string;
  /** Report at the parent's place (a missing key has none of its own). */
  readonly atParent?: boolean;
}

export function toConfigIssues(issues: readonly z.core.$ZodIssue[], tree: ConfigTree, schema: z.core.$ZodType): ConfigIssue[] {
  const flat = issues.flatMap((issue) => flatten(issue, [], tree, schema));
  const result: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const item of flat) {
    if (isUnderFailed(item.path, tree.failedPaths)) continue;
    const where = locate(tree, item.atParent ? item.path.slice(0, -1) : item.path);
    const issue = { ...where, key: formatKeyPath(item.path), message: scrub(item.message, tree.secrets.values) };
    const id = JSON.stringify(issue);
    if (!seen.has(id)) result.push(issue);
    seen.add(id);
  }
  return result;
}

/** The main file first, then included files in the order they were read; by line within each. */
export function sortIssues(issues: readonly ConfigIssue[], fileOrder: readonly string[]): ConfigIssue[] {
  const rank = (file: string) => {
    const index = fileOrder.indexOf(file);
    return index < 0 ? fileOrder.length : index;
  };
  return [...issues].sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** The place of a key path, or of its nearest written parent. */
export function locate(tree: ConfigTree, path: KeyPath): SourceLocation {
  for (let depth = path.length; depth >= 0; depth--) {
    const found = tree.locations.get(pathKey(path.slice(0, depth)));
    if (found) return found;
  }
  return { file: '<config>', line: 1, column: 1 };
}

export function scrub(message: string, secrets: ReadonlySet<string>): string {
  let text = message;
  for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join('[secret]');
  return text;
}

function flatten(issue: z.core.$ZodIssue, prefix: KeyPath, tree: ConfigTree, schema: z.core.$ZodType): Flat[] {
  const path = [...prefix, ...issue.path.filter((part): part is string | number => typeof part !== 'symbol')];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => {
        const near = closestName(key, known);
        const hint = near ? `; did you mean '${near}'?` : known.length > 0 && known.length <= 12 ? `; known keys: ${known.join(', ')}` : '';
        return { path: [...path, key], message: `unknown key '${key}'${hint}` };
      });
    }
    case 'invalid_union': {
      const branches = issue.errors;
      if (branches.length === 0) return [{ path, message: plain(issue.message) }];
      if (branches.every((b) => b.length === 1 && b[0].path.length === 0 && b[0].code === 'invalid_type')) {
        const expected = [...new Set(branches.map((b) => (b[0] as z.core.$ZodIssueInvalidType).expected))];
        return [{ path, message: `expected ${expected.join(' or ')}` }];
      }
      return bestBranch(branches).flatMap((inner) => flatten(inner, path, tree, schema));
    }
    case 'invalid_type':
      if (valueAt(tree.value, path) === undefined && path.length > 0 && !tree.failedPaths.has(pathKey(path))) {
        return [{ path, message: 'required key is missing', atParent: true }];
      }
      return [{ path, message: plain(issue.message) }];
    default:
      return [{ path, message: plain(issue.message) }];
  }
}

/** The option that got furthest: no literal (discriminator) mismatch, then the fewest issues. */
function bestBranch(branches: readonly z.core.$ZodIssue[][]): z.core.$ZodIssue[] {
  const score = (branch: readonly z.core.$ZodIssue[]) => branch.filter((i) => i.code === 'invalid_value' && i.path.length <= 1).length * 1000 + branch.length;
  return [...branches].sort((a, b) => score(a) - score(b))[0];
}

function plain(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

function valueAt(root: unknown, path: KeyPath): unknown {
  let value = root;
  for (const part of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

function isUnderFailed(path: KeyPath, failed: ReadonlySet<string>): boolean {
  for (let depth = path.length; depth >= 0; depth--) if (failed.has(pathKey(path.slice(0, depth)))) return true;
  return false;
}
