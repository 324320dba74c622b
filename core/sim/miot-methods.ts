import { HomewardError } from '../base/errors.js';
import type { MiotFamily } from '../home/model.js';
import { MIOT_CODE } from '../miio/miot.js';
import { encodeValue, fromWire, toWire, validateAction } from '../home/values.js';
import type { SimCallResult } from './behaviour.js';
import { INVALID_ARG, METHOD_NOT_FOUND, USER_ACK_TIMEOUT, type DispatchContext } from './dispatch-context.js';

type Item = { did?: unknown; siid?: unknown; piid?: unknown; aiid?: unknown; value?: unknown; in?: unknown };

/** MIoT: get_properties / set_properties / action with per-item codes; legacy get_prop gets -9999 as on MIoT-only plugs. */
export function handleMiot(family: MiotFamily, ctx: DispatchContext, method: string, params: unknown): SimCallResult {
  switch (method) {
    case 'get_properties':
    case 'set_properties': {
      if (!Array.isArray(params) || !params.every((p) => typeof p === 'object' && p !== null)) return INVALID_ARG;
      if (ctx.maxProperties !== undefined && params.length > ctx.maxProperties) return USER_ACK_TIMEOUT;
      const items = params as Item[];
      return { result: items.map((item) => (method === 'get_properties' ? getOne(family, ctx, item) : setOne(family, ctx, item))) };
    }
    case 'action':
      if (typeof params !== 'object' || params === null || Array.isArray(params)) return INVALID_ARG;
      return { result: action(family, ctx, params as Item) };
    case 'get_prop':
      return USER_ACK_TIMEOUT;
    default:
      return METHOD_NOT_FOUND;
  }
}

function getOne(family: MiotFamily, ctx: DispatchContext, item: Item): Record<string, unknown> {
  const head = { did: item.did, siid: item.siid, piid: item.piid };
  const prop = family.properties.find((p) => p.siid === item.siid && p.piid === item.piid);
  if (!prop) return { ...head, code: MIOT_CODE.notFound };
  if (!prop.readable) return { ...head, code: prop.readErrorCode ?? MIOT_CODE.notReadable };
  return { ...head, code: MIOT_CODE.ok, value: encodeValue(prop, ctx.state[prop.name]) };
}

function setOne(family: MiotFamily, ctx: DispatchContext, item: Item): Record<string, unknown> {
  const head = { did: item.did, siid: item.siid, piid: item.piid };
  const prop = family.properties.find((p) => p.siid === item.siid && p.piid === item.piid);
  if (!prop) return { ...head, code: MIOT_CODE.notFound };
  if (!prop.writable) return { ...head, code: MIOT_CODE.notWritable };
  try {
    // Devices take the wire value only (0, not "auto").
    const wire = toWire(family.id, prop, item.value);
    if (prop.type === 'enum' && wire !== item.value) return { ...head, code: MIOT_CODE.badValue };
    ctx.applySet(prop, fromWire(family.id, prop, wire));
  } catch (error) {
    if (error instanceof HomewardError) return { ...head, code: MIOT_CODE.badValue };
    throw error;
  }
  return { ...head, code: MIOT_CODE.ok };
}

function action(family: MiotFamily, ctx: DispatchContext, item: Item): Record<string, unknown> {
  const head = { did: item.did, siid: item.siid, aiid: item.aiid };
  const spec = family.actions.find((a) => a.siid === item.siid && a.aiid === item.aiid);
  if (!spec) return { ...head, code: MIOT_CODE.notFound };
  let args: unknown[];
  try {
    args = validateAction(family, spec.name, Array.isArray(item.in) ? item.in : []);
  } catch (error) {
    if (error instanceof HomewardError) return { ...head, code: MIOT_CODE.badActionIn };
    throw error;
  }
  const done = ctx.behaviour.action?.(ctx.state, spec.name, args);
  if (done && 'error' in done) return { ...head, code: done.error.code };
  const out = done && typeof done.result === 'object' && done.result !== null && 'out' in done.result ? done.result.out : [];
  return { ...head, code: MIOT_CODE.ok, out };
}
