// The reply shapes python-miio's client accepts, sent by one loopback device on 127.0.0.120:54321 to
// Debian's python3-miio 0.5.0.1 and to Homeward's client: the same result where python-miio returns
// one, and a typed device error where python-miio raises (DeviceError) or crashes (TypeError,
// AttributeError on `"error": null` or a bare error string).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/base/manual-clock.js';
import { createMiioClient } from '../../core/miio/client.js';
import { MiioDeviceError } from '../../core/miio/errors.js';
import { encodePacket } from '../../core/miio/packet.js';
import { LoopbackResponder } from '../../core/miio/testing/loopback-responder.js';
import { parseToken, revealTokenHex } from '../../core/miio/token.js';
import { hasPythonMiio, requirePeer, runPythonMiio } from '../helpers/peers.js';

const ready = requirePeer('python3-miio', await hasPythonMiio(), 'apt-get install -y python3-miio');
const token = parseToken('78a1b2c3d4e5f60718293a4b5c6d7e8f');
const ADDRESS = '127.0.0.120';

/** Reply bodies by method: the responder answers each request with its method's body. */
const SHAPES: Record<string, (id: number) => string> = {
  result: (id) => `{"result":["on",12],"id":${id}}`,
  result_null: (id) => `{"id":${id},"result":null}`,
  no_result: (id) => `{"id":${id},"model":"chuangmi.plug.m1","fw_ver":"1.2.4_59"}`,
  error_message: (id) => `{"id":${id},"error":{"code":-5001,"message":"invalid_arg"}}`,
  error_error: (id) => `{"id":${id},"error":{"code":-2,"error":"unsupported"}}`,
  error_null: (id) => `{"id":${id},"error":null,"result":["ok"]}`,
  error_string: (id) => `{"id":${id},"error":"busy"}`,
};

describe.skipIf(!ready)('reply shapes: Homeward\'s client reads them as python-miio does', () => {
  let responder: LoopbackResponder;
  beforeAll(async () => {
    responder = await LoopbackResponder.start({ token, address: ADDRESS, port: 54321 });
    responder.handle = (request) => ({
      raw: encodePacket({ did: responder.did, stamp: 1000, token, payload: Buffer.from(SHAPES[request.method as string](request.id as number)) }),
    });
  });
  afterAll(() => responder.close());

  it('returns the same results and fails where python-miio fails', async () => {
    const methods = Object.keys(SHAPES);
    const python = await runPythonMiio({ host: ADDRESS, token: revealTokenHex(token), timeoutS: 5, ops: methods.map((method) => ({ kind: 'send', method, params: [] })) });
    const clock = new ManualClock();
    const client = createMiioClient({ address: ADDRESS, token, scheduler: clock, idSeed: 500 });
    const ours: Record<string, unknown> = {};
    try {
      for (const method of methods) ours[method] = await client.send(method).catch((error: unknown) => error);
    } finally {
      await client.close();
    }
    const theirs = Object.fromEntries(methods.map((method, i) => [method, python[i]]));
    // Results: python-miio's value; a reply without result comes back whole, its id included.
    expect(theirs.result).toMatchObject({ ok: true, result: ['on', 12] });
    expect(ours.result).toEqual(['on', 12]);
    expect(theirs.result_null).toMatchObject({ ok: true, result: null });
    expect(ours.result_null).toBeNull();
    expect(theirs.no_result).toMatchObject({ ok: true, result: { model: 'chuangmi.plug.m1', fw_ver: '1.2.4_59', id: expect.any(Number) } });
    expect(ours.no_result).toEqual({ model: 'chuangmi.plug.m1', fw_ver: '1.2.4_59', id: expect.any(Number) });
    // Errors: python-miio raises DeviceError, or crashes on a shape it cannot read; Homeward always types it.
    expect(theirs.error_message).toMatchObject({ ok: false, errorType: 'device_error', code: -5001 });
    expect(theirs.error_error).toMatchObject({ ok: false, errorType: 'device_error', code: -2 });
    expect(theirs.error_null).toMatchObject({ ok: false, errorType: 'exception' });
    expect(theirs.error_string).toMatchObject({ ok: false, errorType: 'exception' });
    expect(ours.error_message).toMatchObject({ deviceCode: -5001, deviceMessage: 'invalid_arg' });
    expect(ours.error_error).toMatchObject({ deviceCode: -2, deviceMessage: 'unsupported' });
    expect(ours.error_null).toMatchObject({ deviceCode: -1, deviceMessage: 'error: null' });
    expect(ours.error_string).toMatchObject({ deviceCode: -1, deviceMessage: 'busy' });
    for (const method of ['error_message', 'error_error', 'error_null', 'error_string']) expect(ours[method], method).toBeInstanceOf(MiioDeviceError);
    expect(clock.pendingTimers).toBe(0);
  });
});
