import { describe, expect, it } from 'vitest';
import { parseReply } from './reply.js';

// Each shape python-miio's client (miioprotocol.py send) accepts, and what it makes of it.
describe('parseReply, as python-miio reads replies', () => {
  it('returns result when the key is there, null included', () => {
    expect(parseReply({ result: ['ok'], id: 3 })).toEqual({ id: 3, ok: true, result: ['ok'] });
    expect(parseReply({ id: 3, result: null })).toEqual({ id: 3, ok: true, result: null });
    expect(parseReply({ result: 0, id: 3, exe_time: 20 })).toEqual({ id: 3, ok: true, result: 0 });
  });

  it('returns a reply without result whole, id included, as python-miio does (miIO.info of some firmwares)', () => {
    const info = { id: 4, model: 'chuangmi.plug.m1', fw_ver: '1.2.4_59', netif: { localIp: '127.0.0.1' } };
    expect(parseReply(info)).toEqual({ id: 4, ok: true, result: info });
    expect(parseReply({ id: 4 })).toEqual({ id: 4, ok: true, result: { id: 4 } });
  });

  it('reads {error: {code, message}} and the text in error.error (python-miio push server)', () => {
    expect(parseReply({ error: { code: -9999, message: 'user ack timeout' }, id: 4 })).toEqual({ id: 4, ok: false, code: -9999, message: 'user ack timeout' });
    expect(parseReply({ error: { code: -2, error: 'unsupported' }, id: 5 })).toEqual({ id: 5, ok: false, code: -2, message: 'unsupported' });
  });

  it('reads a top-level {code, error: text} and a bare error string', () => {
    expect(parseReply({ code: -1, error: 'invalid request', id: 6 })).toEqual({ id: 6, ok: false, code: -1, message: 'invalid request' });
    expect(parseReply({ error: 'busy', id: 6 })).toEqual({ id: 6, ok: false, code: -1, message: 'busy' });
  });

  it('treats any error key as a device error: null, a number, an object without text', () => {
    expect(parseReply({ error: null, result: ['ok'], id: 7 })).toEqual({ id: 7, ok: false, code: -1, message: 'error: null' });
    expect(parseReply({ error: 3, id: 7 })).toEqual({ id: 7, ok: false, code: -1, message: '3' });
    expect(parseReply({ error: { code: -5001 }, id: 7 })).toEqual({ id: 7, ok: false, code: -5001, message: '{"code":-5001}' });
    expect(parseReply({ error: { code: -1, message: { nested: true } }, id: 7 })).toEqual({ id: 7, ok: false, code: -1, message: '{"nested":true}' });
  });

  it('caps a long error text', () => {
    const reply = parseReply({ error: { code: -1, message: 'x'.repeat(10_000) }, id: 8 });
    expect(reply?.ok === false && reply.message.length).toBe(501);
  });

  it('needs an integer id (or its decimal string) to match the reply to a call', () => {
    expect(parseReply({ id: '12', result: 1 })).toEqual({ id: 12, ok: true, result: 1 });
    for (const value of [['no', 'id'], null, 5, 'x', { result: 1 }, { id: 1.5, result: 1 }, { id: Number.POSITIVE_INFINITY }, { id: '1e3' }, { id: -0.5 }]) {
      expect(parseReply(value)).toBeUndefined();
    }
  });
});
