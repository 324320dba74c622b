import { UsageError } from './usage-error.js';

export interface ParsedFlags {
  /** `--name value` or `--name=value`, by name without the dashes. */
  values: Map<string, string>;
  /** Boolean flags that were present (`--help`). */
  switches: Set<string>;
  positionals: string[];
}

/**
 * A small, strict argument parser for the miio and sim commands. Errors name the flag, never echo a
 * value: a misplaced token must not end up on a terminal or in a CI log.
 */
export function parseFlags(args: readonly string[], spec: { values: readonly string[]; switches?: readonly string[] }): ParsedFlags {
  const parsed: ParsedFlags = { values: new Map(), switches: new Set(), positionals: [] };
  const switches = new Set(['help', ...(spec.switches ?? [])]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      parsed.switches.add('help');
      continue;
    }
    if (!arg.startsWith('--') || arg.length === 2) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (switches.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      parsed.switches.add(name);
    } else if (spec.values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      if (parsed.values.has(name)) throw new UsageError(`--${name} given twice`);
      parsed.values.set(name, value);
    } else {
      throw new UsageError(`unknown option --${sanitize(name)}`);
    }
  }
  return parsed;
}

/** An integer option within [min, max], or the fallback when absent. */
export function integerFlag(flags: ParsedFlags, name: string, fallback: number, min: number, max: number): number {
  const text = flags.values.get(name);
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Option names are echoed only when they look like option names. */
function sanitize(name: string): string {
  return /^[a-z][a-z0-9-]{0,30}$/i.test(name) ? name : '(unprintable)';
}
