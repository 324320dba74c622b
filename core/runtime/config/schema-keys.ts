/**
 * The keys a zod schema accepts at a key path, for "did you mean" on an unknown key. It reads
 * zod 4's public definition objects (`schema._zod.def`); unions give the keys of every option.
 */
import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

export function knownKeysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const object of objectsAt(schema, path, 0)) for (const key of Object.keys(object)) keys.add(key);
  return [...keys];
}

function objectsAt(schema: AnySchema, path: readonly PropertyKey[], depth: number): Record<string, AnySchema>[] {
  if (depth > 64) return [];
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const next = (inner: unknown, rest = path): Record<string, AnySchema>[] => (inner ? objectsAt(inner as AnySchema, rest, depth + 1) : []);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      if (path.length === 0) return [shape];
      const [head, ...rest] = path;
      return typeof head === 'string' && shape[head] ? next(shape[head], rest) : [];
    }
    case 'array': {
      if (path.length === 0) return [];
      return typeof path[0] === 'number' ? next(def.element, path.slice(1)) : [];
    }
    case 'record':
      return path.length === 0 ? [] : next(def.valueType, path.slice(1));
    case 'pipe':
      return [...next(def.out), ...next(def.in)];
    case 'union':
      return (def.options as AnySchema[]).flatMap((option) => next(option));
    case 'intersection':
      return [...next(def.left), ...next(def.right)];
    case 'lazy':
      return next((def.getter as () => AnySchema)());
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'catch':
    case 'readonly':
      return next(def.innerType);
    default:
      return [];
  }
}
