/**
 * `!secret name`, as Home Assistant resolves it: from `secrets.yaml` in the folder of the file that
 * asks, then each parent folder up to the main configuration's folder. Files are read once. Every
 * value read is remembered so messages can be scrubbed of it; no message here ever holds one.
 */
import path from 'node:path';
import { isMap } from 'yaml';
import type { ConfigIssue } from './errors.js';
import { parseYamlFile } from './read-yaml-file.js';

export const SECRETS_FILE = 'secrets.yaml';

export type SecretLookup = { found: true; value: unknown; file: string } | { found: false; searched: string[] };

export interface SecretStore {
  lookup(name: string, fromFile: string): Promise<SecretLookup>;
  /** Every secret value seen (strings and numbers of 4 characters or more), for scrubbing. */
  readonly values: ReadonlySet<string>;
  /** Problems in the secrets files themselves (syntax, not a mapping). */
  readonly issues: readonly ConfigIssue[];
}

type ReadText = (file: string) => Promise<string>;

export function createSecretStore(configDir: string, readText: ReadText): SecretStore {
  const files = new Map<string, Promise<Map<string, unknown> | null>>();
  const values = new Set<string>();
  const issues: ConfigIssue[] = [];

  const load = (file: string): Promise<Map<string, unknown> | null> => {
    let pending = files.get(file);
    if (!pending) {
      pending = readSecretsFile(file, readText, values, issues);
      files.set(file, pending);
    }
    return pending;
  };

  return {
    values,
    issues,
    async lookup(name, fromFile) {
      const searched = searchDirs(path.dirname(path.resolve(fromFile)), path.resolve(configDir)).map((dir) => path.join(dir, SECRETS_FILE));
      for (const file of searched) {
        const secrets = await load(file);
        if (secrets?.has(name)) return { found: true, value: secrets.get(name), file };
      }
      return { found: false, searched };
    },
  };
}

/** From `start` up to `root` inclusive; a file outside `root` searches its own folder, then `root`. */
function searchDirs(start: string, root: string): string[] {
  const inside = start === root || start.startsWith(root + path.sep);
  if (!inside) return [start, root];
  const dirs: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (dir === root || path.dirname(dir) === dir) return dirs;
  }
}

async function readSecretsFile(file: string, readText: ReadText, values: Set<string>, issues: ConfigIssue[]): Promise<Map<string, unknown> | null> {
  let text: string;
  try {
    text = await readText(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      issues.push({ file, line: 0, column: 0, key: '', message: `cannot read the secrets file (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    }
    return null;
  }
  const parsed = parseYamlFile(text, file);
  if (!parsed.ok) {
    issues.push(...parsed.issues);
    return null;
  }
  const { doc } = parsed.yaml;
  if (doc.contents === null) return new Map();
  if (!isMap(doc.contents)) {
    issues.push({ file, line: 1, column: 1, key: '', message: 'a secrets file must be a mapping of name: value' });
    return null;
  }
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: 100 });
  } catch {
    issues.push({ file, line: 1, column: 1, key: '', message: 'too many YAML aliases' });
    return null;
  }
  const secrets = new Map<string, unknown>(Object.entries(plain as Record<string, unknown>));
  for (const value of secrets.values()) remember(value, values);
  return secrets;
}

function remember(value: unknown, into: Set<string>): void {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (text.length >= 4) into.add(text);
  } else if (Array.isArray(value)) {
    for (const item of value) remember(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) remember(item, into);
  }
}
