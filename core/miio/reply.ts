/** A device reply, read leniently: `{result, id}` or `{error: {code, message}, id}` (also `{code, error}`). */
export type MiioReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: number; message: string };

/** undefined when the value has no numeric id (not a reply we can match). */
export function parseReply(value: unknown): MiioReply | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' ? Number(record.id) : record.id;
  if (typeof id !== 'number' || !Number.isInteger(id)) return undefined;
  if (!('error' in record) || record.error === null || record.error === undefined) {
    return { id, ok: true, result: record.result ?? null };
  }
  const error = record.error;
  if (typeof error === 'object' && !Array.isArray(error)) {
    const e = error as Record<string, unknown>;
    const message = typeof e.message === 'string' ? e.message : typeof e.error === 'string' ? e.error : 'unknown error';
    return { id, ok: false, code: typeof e.code === 'number' ? e.code : -1, message };
  }
  // python-miio's push server quirk: top-level `code` and `error` text.
  return { id, ok: false, code: typeof record.code === 'number' ? record.code : -1, message: String(error) };
}
