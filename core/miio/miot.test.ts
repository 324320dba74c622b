import { afterEach, describe, expect, it } from 'vitest';
import { createMiioClient } from './client.js';
import { MiioOptionsError, MiioPayloadError } from './errors.js';
import { callAction, getProperties, parseActionReply, parseMiotItems, setProperties, supportsMiot } from './miot.js';
import { ManualClock } from '../base/manual-clock.js';
import { LoopbackResponder, type ReceivedDatagram } from './testing/loopback-responder.js';
import { parseToken } from './token.js';

const token = parseToken('00112233445566778899aabbccddeeff');
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

type Item = { did: string; siid: number; piid: number; value?: unknown };

/** A MIoT purifier on loopback: 2/1 power, 2/4 mode; 5/2 unreadable; everything else missing. */
async function setup(maxProperties = 100) {
  const responder = await LoopbackResponder.start({ token });
  const state = new Map<string, unknown>([['2-1', true], ['2-4', 2]]);
  responder.handle = (r: ReceivedDatagram) => {
    const items = r.params as Item[];
    if (r.method === 'get_properties') {
      if (items.length > maxProperties) return { error: { code: -9999, message: 'user ack timeout' } };
      return {
        result: items.map((i) => {
          const key = `${i.siid}-${i.piid}`;
          if (key === '5-2') return { ...i, code: -4001 };
          return state.has(key) ? { ...i, code: 0, value: state.get(key) } : { ...i, code: -4003 };
        }),
      };
    }
    if (r.method === 'set_properties') {
      return {
        result: items.map(({ value, ...i }) => {
          const key = `${i.siid}-${i.piid}`;
          if (!state.has(key)) return { ...i, code: -4003 };
          state.set(key, value);
          return { ...i, code: 0 };
        }),
      };
    }
    if (r.method === 'action') return { result: { code: (r.params as { aiid: number }).aiid === 1 ? 0 : -4006, out: [] } };
    return { error: { code: -32601, message: 'Method not found.' } };
  };
  const client = createMiioClient({ address: responder.address, port: responder.portNumber, token, scheduler: new ManualClock(), idSeed: 1, backoffMs: 0, recoverableRetries: 0 });
  cleanups.push(async () => {
    await client.close();
    await responder.close();
  });
  return { responder, client, state };
}

describe('MIoT', () => {
  it('reads properties with per-item codes mapped to typed results', async () => {
    const { client } = await setup();
    const results = await getProperties(client, [{ siid: 2, piid: 1 }, { did: 'mode', siid: 2, piid: 4 }, { siid: 5, piid: 2 }, { siid: 9, piid: 9 }]);
    expect(results).toEqual([
      { did: '2-1', siid: 2, piid: 1, code: 0, ok: true, value: true },
      { did: 'mode', siid: 2, piid: 4, code: 0, ok: true, value: 2 },
      { did: '5-2', siid: 5, piid: 2, code: -4001, ok: false, error: 'property not readable' },
      { did: '9-9', siid: 9, piid: 9, code: -4003, ok: false, error: 'property, action or event does not exist' },
    ]);
  });

  it('chunks get_properties (default 15) so a device limited to fewer still answers', async () => {
    const { client, responder } = await setup(2);
    const refs = Array.from({ length: 5 }, (_, i) => ({ siid: 2, piid: i + 1 }));
    const results = await getProperties(client, refs, { chunkSize: 2 });
    expect(results.map((r) => r.code)).toEqual([0, -4003, -4003, 0, -4003]);
    expect(responder.requests().map((r) => (r.params as unknown[]).length)).toEqual([2, 2, 1]);
    const many = Array.from({ length: 31 }, (_, i) => ({ siid: 2, piid: i + 1 }));
    const { client: c2, responder: r2 } = await setup();
    await getProperties(c2, many);
    expect(r2.requests().map((r) => (r.params as unknown[]).length)).toEqual([15, 15, 1]);
  });

  it('writes properties and reports each item', async () => {
    const { client, state } = await setup();
    const results = await setProperties(client, [{ siid: 2, piid: 1, value: false }, { siid: 8, piid: 8, value: 1 }]);
    expect(results).toEqual([
      { did: 'set-2-1', siid: 2, piid: 1, code: 0, ok: true },
      { did: 'set-8-8', siid: 8, piid: 8, code: -4003, ok: false, error: 'property, action or event does not exist' },
    ]);
    expect(state.get('2-1')).toBe(false);
  });

  it('calls actions with an object params and maps the code', async () => {
    const { client, responder } = await setup();
    await expect(callAction(client, 3, 1)).resolves.toEqual({ siid: 3, aiid: 1, code: 0, ok: true, out: [] });
    await expect(callAction(client, 3, 2, [1])).resolves.toMatchObject({ code: -4006, ok: false, error: 'invalid action in-parameters' });
    expect(responder.requests()[0].params).toEqual({ did: 'call-3-1', siid: 3, aiid: 1, in: [] });
  });

  it('probes MIoT support the python-miio way', async () => {
    const { client } = await setup();
    await expect(supportsMiot(client)).resolves.toBe(true);
  });

  it('rejects a chunkSize that is not a positive integer as an options error', async () => {
    const { client, responder } = await setup();
    await expect(getProperties(client, [{ siid: 2, piid: 1 }], { chunkSize: 0 })).rejects.toBeInstanceOf(MiioOptionsError);
    await expect(setProperties(client, [{ siid: 2, piid: 1, value: true }], { chunkSize: 1.5 })).rejects.toThrow('chunkSize must be a positive integer, got 1.5');
    expect(responder.requests()).toEqual([]);
  });
});

describe('parseMiotItems / parseActionReply', () => {
  const refs = [{ did: 'power', siid: 2, piid: 1 }, { did: 'mode', siid: 2, piid: 4 }, { did: 'rpm', siid: 9, piid: 9 }];

  it('matches items by did, then siid/piid, and marks an item the reply lacks', () => {
    const reply = [{ siid: 2, piid: 4, code: 0, value: 1 }, { did: 'power', siid: 2, piid: 1, code: 0, value: true }];
    expect(parseMiotItems(reply, refs)).toEqual([
      { did: 'power', siid: 2, piid: 1, code: 0, ok: true, value: true },
      { did: 'mode', siid: 2, piid: 4, code: 0, ok: true, value: 1 },
      { did: 'rpm', siid: 9, piid: 9, code: -4004, ok: false, missing: true, error: 'no result for this item in the reply' },
    ]);
  });

  it('takes a bare number as the code of every item (python-miio simulator set_properties)', () => {
    expect(parseMiotItems(0, refs.slice(0, 1))).toEqual([{ did: 'power', siid: 2, piid: 1, code: 0, ok: true }]);
    expect(parseMiotItems(-4002, refs.slice(0, 1))[0]).toMatchObject({ ok: false, error: 'property not writable' });
  });

  it('reads an action reply as {code, out}; ["ok"] is an ack, not out-params', () => {
    expect(parseActionReply({ code: 0, out: [3, 'x'] })).toEqual({ code: 0, ok: true, out: [3, 'x'] });
    expect(parseActionReply(['ok'])).toEqual({ code: 0, ok: true, out: [] });
    expect(parseActionReply({ code: -4006 })).toEqual({ code: -4006, ok: false, out: [], error: 'invalid action in-parameters' });
    expect(() => parseActionReply('ok')).toThrow(MiioPayloadError);
  });
});
