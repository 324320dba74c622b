import { HomewardError } from '../base/errors.js';
import type { MiioFamily, MiioProperty } from '../home/model.js';
import { encodeValue, fromWire, toWire, validateAction } from '../home/values.js';
import { OK, type SimCallResult } from './behaviour.js';
import { INVALID_ARG, METHOD_NOT_FOUND, USER_ACK_TIMEOUT, type DispatchContext } from './dispatch-context.js';

/** Legacy miIO: get_prop, other read methods, setters and actions from the declaration, then the behaviour's own. */
export function handleMiio(family: MiioFamily, ctx: DispatchContext, method: string, params: unknown): SimCallResult {
  if (method === 'get_prop') return getProp(family, ctx, params);
  const readers = family.properties.filter((p) => p.get?.method === method);
  if (readers.length > 0) return readMethod(family, ctx, readers);
  const own = ctx.behaviour.call?.(ctx.state, method, params);
  if (own) return own;
  const setters = family.properties.filter((p) => p.set && setterMethods(p).includes(method));
  if (setters.length > 0) return set(family, ctx, setters, method, params);
  const action = family.actions.find((a) => a.method === method);
  if (action) {
    try {
      const args = validateAction(family, action.name, Array.isArray(params) ? params : []);
      return ctx.behaviour.action?.(ctx.state, action.name, args) ?? OK;
    } catch (error) {
      if (error instanceof HomewardError) return INVALID_ARG;
      throw error;
    }
  }
  return METHOD_NOT_FOUND;
}

function getProp(family: MiioFamily, ctx: DispatchContext, params: unknown): SimCallResult {
  if (!Array.isArray(params)) return INVALID_ARG;
  if (ctx.maxProperties !== undefined && params.length > ctx.maxProperties) return USER_ACK_TIMEOUT;
  const unknown = family.unknownPropValue === undefined ? null : family.unknownPropValue;
  return {
    result: params.map((name) => {
      const prop = family.properties.find((p) => p.get?.method === 'get_prop' && p.get.key === name);
      if (!prop || !(prop.name in ctx.state)) return unknown;
      const wire = encodeValue(prop, ctx.state[prop.name]);
      return family.getPropStrings ? String(wire) : wire;
    }),
  };
}

/** `get_status` → [{key: value}], `get_power` → [value] (numeric keys). */
function readMethod(family: MiioFamily, ctx: DispatchContext, readers: readonly MiioProperty[]): SimCallResult {
  const wire = (p: MiioProperty): unknown => encodeValue(p, ctx.state[p.name]);
  if (readers.every((p) => typeof p.get?.key === 'number')) {
    const out: unknown[] = [];
    for (const p of readers) out[Number(p.get?.key)] = wire(p);
    return { result: out };
  }
  return { result: [Object.fromEntries(readers.map((p) => [String(p.get?.key), wire(p)]))] };
}

function setterMethods(p: MiioProperty): string[] {
  const method = p.set?.method;
  if (method === undefined) return [];
  return typeof method === 'string' ? [method] : Object.values(method);
}

function set(family: MiioFamily, ctx: DispatchContext, candidates: readonly MiioProperty[], method: string, params: unknown): SimCallResult {
  const args = Array.isArray(params) ? params : [];
  // set_ps serves two properties: the constant first argument tells them apart.
  const prop =
    candidates.length === 1
      ? candidates[0]
      : candidates.find((p) => p.set?.params.every((t, i) => t === '$value' || typeof t !== 'string' || t === args[i]));
  if (!prop?.set) return INVALID_ARG;
  let wire: unknown;
  if (typeof prop.set.method === 'string') {
    const index = prop.set.params.indexOf('$value');
    if (index < 0 || index >= args.length) return INVALID_ARG;
    wire = args[index];
  } else {
    const key = Object.entries(prop.set.method).find(([, m]) => m === method)?.[0];
    wire = key === 'true' ? true : key === 'false' ? false : key;
  }
  try {
    toWire(family.id, prop, wire);
    ctx.applySet(prop, fromWire(family.id, prop, wire));
  } catch (error) {
    if (error instanceof HomewardError) return INVALID_ARG;
    throw error;
  }
  return OK;
}
