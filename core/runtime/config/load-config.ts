/**
 * Loading a configuration is all or nothing: the YAML of the file and its includes, secrets,
 * validation, cross references and the files it names are all checked, and every problem found
 * is thrown together as one ConfigError, so the runtime never starts on half a configuration.
 */
import { access, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkFiles } from './check-files.js';
import { checkReferences } from './check-references.js';
import { ConfigError, formatKeyPath, type ConfigIssue } from './errors.js';
import { pathKey, readConfigTree, type ConfigTree, type KeyPath, type SourceLocation } from './read-config-tree.js';
import type { SchemaContext } from './schema-context.js';
import { createConfigSchema, type HomewardConfig } from './schema.js';
import { defaultDatabasePath } from './storage-schema.js';
import { locate, scrub, sortIssues, toConfigIssues } from './validation-issues.js';

export interface LoadedConfig {
  readonly config: HomewardConfig;
  /** The main file, as given. */
  readonly file: string;
  /** Where a key path was written (or its nearest written parent), for errors found later (a DBC that does not parse). */
  locate(keyPath: readonly (string | number)[]): SourceLocation | undefined;
  /** Whether the value at a key path came from `!secret` (never print it). */
  fromSecret(keyPath: readonly (string | number)[]): boolean;
}

export interface ConfigReadOptions {
  /** Reads included files and secrets.yaml (default: the file system). Rejects with code ENOENT for a missing file. */
  readonly readFile?: (file: string) => Promise<string>;
  /** Whether a file the configuration names exists (default: the file system). */
  readonly fileExists?: (file: string) => Promise<boolean>;
  /** For the default storage path (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `~/` in paths and the default data folder (default: os.homedir()). */
  readonly homeDir?: string;
}

const readText = (file: string): Promise<string> => readFile(file, 'utf8');
const fileExists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);

/** Reads and validates a configuration file; throws ConfigError with every problem. */
export async function loadConfig(file: string, options: ConfigReadOptions = {}): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await (options.readFile ?? readText)(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read the file${code ? ` (${code})` : ''}`;
    throw new ConfigError([{ file, line: 0, column: 0, key: '', message: reason }], { cause: error });
  }
  return parseConfigText(text, file, options);
}

/** The same from text; `file` names it in errors and is where relative paths, includes and secrets.yaml start. */
export async function parseConfigText(text: string, file: string, options: ConfigReadOptions = {}): Promise<LoadedConfig> {
  const tree = await readConfigTree(text, file, options.readFile ?? readText);
  const homeDir = options.homeDir ?? os.homedir();
  const baseDir = path.dirname(path.resolve(file));
  const ctx: SchemaContext = {
    resolvePath: (written) => (written === '~' ? homeDir : written.startsWith('~/') ? path.join(homeDir, written.slice(2)) : path.resolve(baseDir, written)),
    defaultDatabasePath: defaultDatabasePath(options.env ?? process.env, homeDir),
  };
  const issues: ConfigIssue[] = [...tree.issues];
  const rootFailed = tree.failedPaths.has(pathKey([]));
  const schema = createConfigSchema(ctx);
  let config: HomewardConfig | undefined;
  if (!rootFailed) {
    const parsed = schema.safeParse(tree.value);
    if (parsed.success) config = parsed.data;
    else issues.push(...toConfigIssues(parsed.error.issues, tree, schema));
    issues.push(...located(tree, checkReferences(tree.value, (keyPath) => tree.failedPaths.has(pathKey(keyPath)))));
    if (config) issues.push(...located(tree, await checkFiles(config, tree.value, options.fileExists ?? fileExists)));
  }
  if (issues.length > 0 || config === undefined) {
    const scrubbed = issues.map((issue) => ({ ...issue, message: scrub(issue.message, tree.secrets.values) }));
    const fileOrder = [file, ...new Set([...tree.locations.values()].map((where) => where.file))];
    throw new ConfigError(sortIssues(scrubbed.length > 0 ? scrubbed : [{ file, line: 1, column: 1, key: '', message: 'the configuration is not valid' }], fileOrder));
  }
  return {
    config,
    file,
    locate: (keyPath) => (tree.locations.size === 0 ? undefined : locate(tree, keyPath)),
    fromSecret: (keyPath) => isFromSecret(tree, keyPath),
  };
}

function located(tree: ConfigTree, problems: readonly { path: KeyPath; message: string }[]): ConfigIssue[] {
  return problems.map((problem) => ({ ...locate(tree, problem.path), key: formatKeyPath(problem.path), message: problem.message }));
}

function isFromSecret(tree: ConfigTree, keyPath: KeyPath): boolean {
  for (let depth = keyPath.length; depth >= 0; depth--) if (tree.secretPaths.has(pathKey(keyPath.slice(0, depth)))) return true;
  return false;
}
