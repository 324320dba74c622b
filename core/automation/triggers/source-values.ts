import { map, type Observable } from 'rxjs';
import type { SourceFields } from '../schema-parts.js';
import type { AutomationHost } from '../host.js';

export type SourceValue = string | number | boolean | undefined;

/** VSS values may be bigint (64-bit signals); automations compare numbers. */
function plain(value: string | number | boolean | bigint | undefined): SourceValue {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** `Vehicle.Speed` or `purifier.mode`: how traces and descriptions name a source. */
export function sourceName(source: SourceFields): string {
  return source.path ?? `${source.device}.${source.property}`;
}

/**
 * The watched value: a VSS path's samples, or a device property (undefined while the device is
 * offline, as HA's `unavailable`). Replays the latest like the host's streams; `hasValue` tells
 * whether there was one at attach time (else the first emission is a real change).
 */
export function sourceValues$(source: SourceFields, host: AutomationHost): { values$: Observable<SourceValue>; hasValue: () => boolean } {
  if (source.path !== undefined) {
    const path = source.path;
    return { values$: host.signal$(path).pipe(map((s) => plain(s.value))), hasValue: () => host.signal(path) !== undefined };
  }
  const device = source.device ?? '';
  const property = source.property ?? '';
  return {
    values$: host.deviceState$(device).pipe(map((s) => (s.online ? s.values[property] : undefined))),
    hasValue: () => host.deviceState(device) !== undefined,
  };
}

/** The current value, for conditions. */
export function currentSourceValue(source: SourceFields, host: AutomationHost): SourceValue {
  if (source.path !== undefined) return plain(host.signal(source.path)?.value);
  const state = host.deviceState(source.device ?? '');
  return state?.online === true ? state.values[source.property ?? ''] : undefined;
}

/** HA compares states as strings; we compare typed values but let `"on"`/`true` and `"1"`/`1` meet. */
export function sameValue(actual: SourceValue, expected: string | number | boolean): boolean {
  if (actual === expected) return true;
  if (actual === undefined) return false;
  return String(actual) === String(expected);
}

export function matchesAny(actual: SourceValue, expected: string | number | boolean | readonly (string | number | boolean)[] | undefined): boolean {
  if (expected === undefined) return true;
  return Array.isArray(expected) ? expected.some((e) => sameValue(actual, e)) : sameValue(actual, expected as string | number | boolean);
}

export function inRange(value: SourceValue, above: number | undefined, below: number | undefined): boolean {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) return false;
  return (above === undefined || n > above) && (below === undefined || n < below);
}
