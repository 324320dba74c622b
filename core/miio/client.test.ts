import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createMiioClient, type MiioClient, type MiioClientOptions } from './client.js';
import { MiioClosedError, MiioDeviceError, MiioTimeoutError, MiioTokenError, MiioUnreachableError } from './errors.js';
import { encodePacket } from './packet.js';
import { ManualClock } from '../base/manual-clock.js';
import { LoopbackResponder } from './testing/loopback-responder.js';
import { parseToken } from './token.js';

const TOKEN_HEX = '00112233445566778899aabbccddeeff';
const OTHER_TOKEN_HEX = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
const token = parseToken(TOKEN_HEX);

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** A client on a virtual clock talking to a loopback responder on a real UDP socket. */
async function setup(options: Partial<MiioClientOptions> = {}, responderToken = token) {
  const responder = await LoopbackResponder.start({ token: responderToken });
  const clock = new ManualClock();
  const logs: string[] = [];
  const client = createMiioClient({
    address: responder.address, port: responder.portNumber, token, scheduler: clock,
    timeoutMs: 2000, retries: 3, backoffMs: 0, deadlineMs: 60_000, idSeed: 41,
    log: (level, message, fields) => logs.push(JSON.stringify({ level, message, fields })),
    ...options,
  });
  cleanups.push(async () => {
    await client.close();
    await responder.close();
    expect(clock.pendingTimers).toBe(0);
  });
  return { responder, clock, client, logs };
}

/** Drops each attempt (hello answered, request dropped) and advances past its timeout. */
async function timeOutAttempts(responder: LoopbackResponder, clock: ManualClock, attempts: number, stepMs: number): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    await responder.nextOf(responder.helloMode === 'answer' ? 'request' : 'hello');
    clock.advanceBy(stepMs);
  }
}

describe('createMiioClient handshake and stamps', () => {
  it('sends a hello before the first request and uses the learned did and stamp', async () => {
    const { responder, client } = await setup();
    responder.handle = () => ({ result: ['on', 42] });
    await expect(client.send('get_prop', ['power', 'aqi'])).resolves.toEqual(['on', 42]);
    expect(responder.events).toEqual(['hello', 'req 42', 'reply 42']);
    const [request] = responder.requests();
    expect(request).toMatchObject({ did: 0x0badcafe, stamp: 1000, method: 'get_prop', params: ['power', 'aqi'] });
    expect(client.info()).toMatchObject({ did: 0x0badcafe, stamp: 1000, currentId: 42, lastHelloOk: true });
  });

  it('re-handshakes only when the last device stamp is older than handshakeMaxAgeMs', async () => {
    const { responder, client, clock } = await setup({ handshakeMaxAgeMs: 60_000 });
    await client.send('a');
    clock.advanceBy(30_000);
    await client.send('b');
    clock.advanceBy(59_999);
    await client.send('c');
    clock.advanceBy(60_000);
    await client.send('d');
    expect(responder.events.filter((e) => !e.startsWith('reply'))).toEqual(['hello', 'req 42', 'req 43', 'req 44', 'hello', 'req 45']);
    // stamp = device stamp + whole seconds since it arrived
    expect(responder.requests().map((r) => r.stamp)).toEqual([1000, 1030, 1059, 1000]);
  });

  it('handshakes before every request when handshakeMaxAgeMs is 0', async () => {
    const { responder, client } = await setup({ handshakeMaxAgeMs: 0 });
    await client.send('a');
    await client.send('b');
    expect(responder.events.filter((e) => !e.startsWith('reply'))).toEqual(['hello', 'req 42', 'hello', 'req 43']);
  });

  it('reports MiioUnreachableError when no hello is answered', async () => {
    const { responder, client, clock } = await setup({ retries: 2 });
    responder.helloMode = 'drop';
    const call = client.send('miIO.info');
    const settled = expect(call).rejects.toBeInstanceOf(MiioUnreachableError);
    await timeOutAttempts(responder, clock, 3, 2000);
    await settled;
    expect(responder.requests()).toHaveLength(0);
    expect(responder.received.filter((r) => r.kind === 'hello')).toHaveLength(3);
  });
});

describe('createMiioClient ids', () => {
  it('uses idSeed + 1, then +1 per request, wrapping 9999 → 1 and never 0', async () => {
    const { responder, client } = await setup({ idSeed: 9998 });
    await client.send('a');
    await client.send('b');
    await client.send('c');
    expect(responder.requests().map((r) => r.id)).toEqual([9999, 1, 2]);
    expect(client.currentId).toBe(2);
  });

  it('retries a timed-out request with a fresh hello and id + 100 after the back-off', async () => {
    const { responder, client, clock } = await setup({ backoffMs: 500 });
    let first = true;
    responder.handle = () => (first ? ((first = false), 'drop') : { result: 'late but fine' });
    const call = client.send('get_status');
    await responder.nextOf('request');
    clock.advanceBy(2000 + 499);
    await responder.barrier();
    expect(responder.events).toEqual(['hello', 'req 42']);
    clock.advanceBy(1);
    await expect(call).resolves.toBe('late but fine');
    expect(responder.events).toEqual(['hello', 'req 42', 'hello', 'req 142', 'reply 142']);
  });

  it('wraps the +100 jump past 9999 without ever sending 0', async () => {
    const { responder, client, clock } = await setup({ idSeed: 9899 });
    responder.handle = (r) => (r.id === 9900 ? 'drop' : { result: 'ok' });
    const call = client.send('x');
    await responder.nextOf('request');
    clock.advanceBy(2000);
    await expect(call).resolves.toBe('ok');
    expect(responder.requests().map((r) => r.id)).toEqual([9900, 1]);
  });
});

describe('createMiioClient queue and matching', () => {
  it('keeps one request in flight and answers each call with its own reply', async () => {
    const { responder, client } = await setup();
    const held: Array<Parameters<LoopbackResponder['reply']>[0]> = [];
    responder.handle = (r) => {
      held.push(r);
      return 'hold';
    };
    const calls = ['a', 'b', 'c'].map((m) => client.send(m));
    await responder.nextOf('request');
    await responder.barrier();
    expect(responder.requests()).toHaveLength(1);
    expect(client.info().queued).toBe(3);
    responder.handle = (r) => ({ result: r.method });
    responder.reply(held[0], { id: held[0].id, result: held[0].method });
    await expect(Promise.all(calls)).resolves.toEqual(['a', 'b', 'c']);
    expect(responder.events).toEqual(['hello', 'req 42', 'reply 42', 'req 43', 'reply 43', 'req 44', 'reply 44']);
  });

  it('drops duplicate and stale replies', async () => {
    const { responder, client } = await setup();
    responder.handle = (r) => {
      responder.reply(r, { id: r.id, result: `first ${String(r.id)}` });
      return { result: `duplicate ${String(r.id)}` };
    };
    await expect(client.send('a')).resolves.toBe('first 42');
    responder.handle = (r) => {
      responder.reply(r, { id: 42, result: 'stale' });
      return { result: `fresh ${String(r.id)}` };
    };
    await expect(client.send('b')).resolves.toBe('fresh 43');
    await responder.barrier();
    expect(client.info().stats.droppedStale).toBeGreaterThanOrEqual(2);
  });

  it('ignores replies from another source port', async () => {
    const { responder, client } = await setup();
    const impostor = await LoopbackResponder.start({ token });
    cleanups.push(() => impostor.close());
    responder.handle = (r) => {
      const forged = encodePacket({ did: 0x0badcafe, stamp: 1, token, payload: Buffer.from(`{"id":${String(r.id)},"result":"forged"}`) });
      impostor.sendRaw(r, forged);
      return { result: 'genuine' };
    };
    await expect(client.send('a')).resolves.toBe('genuine');
  });

  it('settles every call, queued ones included, by its deadline', async () => {
    const { responder, client, clock } = await setup({ deadlineMs: 5000, backoffMs: 100 });
    responder.handle = () => 'drop';
    const calls = ['a', 'b', 'c'].map((m) => client.send(m).catch((e: unknown) => e));
    await responder.nextOf('request');
    clock.advanceBy(4999);
    await responder.barrier();
    clock.advanceBy(1);
    const outcomes = await Promise.all(calls);
    for (const outcome of outcomes) expect(outcome).toBeInstanceOf(MiioTimeoutError);
  });

  it('rejects pending calls with MiioClosedError on close()', async () => {
    const { responder, client } = await setup();
    responder.handle = () => 'hold';
    const call = client.send('a');
    await responder.nextOf('request');
    await client.close();
    await expect(call).rejects.toBeInstanceOf(MiioClosedError);
    await expect(client.send('b')).rejects.toBeInstanceOf(MiioClosedError);
  });
});

describe('createMiioClient errors and retries', () => {
  it('retries -9999 with the next id and no extra hello, then succeeds', async () => {
    const { responder, client } = await setup();
    let failures = 2;
    responder.handle = () => (failures-- > 0 ? { error: { code: -9999, message: 'user ack timeout' } } : { result: ['ok'] });
    await expect(client.send('set_power', ['on'])).resolves.toEqual(['ok']);
    expect(responder.events.filter((e) => !e.startsWith('reply'))).toEqual(['hello', 'req 42', 'req 43', 'req 44']);
  });

  it('gives up on -9999 after recoverableRetries with a recoverable MiioDeviceError', async () => {
    const { responder, client } = await setup({ recoverableRetries: 1 });
    responder.handle = () => ({ error: { code: -9999, message: 'user ack timeout' } });
    const error = await client.send('get_prop', ['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiioDeviceError);
    expect(error).toMatchObject({ code: 'miio.device', deviceCode: -9999, recoverable: true });
    expect(responder.requests()).toHaveLength(2);
  });

  it('does not retry other device errors', async () => {
    const { responder, client } = await setup();
    responder.handle = () => ({ error: { code: -32601, message: 'Method not found.' } });
    await expect(client.send('nope')).rejects.toMatchObject({ deviceCode: -32601, recoverable: false, deviceMessage: 'Method not found.' });
    expect(responder.requests()).toHaveLength(1);
  });

  it('reports a wrong token as MiioTokenError and never shows the token', async () => {
    const { responder, client, clock, logs } = await setup({ retries: 3 }, parseToken(OTHER_TOKEN_HEX));
    const call = client.send('miIO.info').catch((e: unknown) => e);
    await timeOutAttempts(responder, clock, 4, 2000);
    const error = await call;
    expect(error).toBeInstanceOf(MiioTokenError);
    expect((error as Error).message).toMatch(/answered the hello.*token is most likely wrong/);
    // every attempt used a fresh id: 42, 142, 242, 342
    expect(responder.requests().map((r) => r.checksumOk)).toEqual([false, false, false, false]);
    expect(client.currentId).toBe(342);
    const everything = [String((error as Error).stack), JSON.stringify(error), inspect(error), inspect(client.info()), ...logs].join('\n');
    expect(everything).not.toContain(TOKEN_HEX);
    expect(everything.toLowerCase()).not.toContain(Buffer.from(TOKEN_HEX, 'hex').toString('base64').toLowerCase());
  });

  it('reports replies that fail the checksum as MiioTokenError', async () => {
    const { responder, client, clock } = await setup({ retries: 1 });
    const other = parseToken(OTHER_TOKEN_HEX);
    responder.handle = (r) => {
      responder.reply(r, { id: r.id, result: 'encrypted with another token' }, other);
      return 'drop';
    };
    const call = client.send('miIO.info').catch((e: unknown) => e);
    for (let i = 0; i < 2; i += 1) {
      await responder.nextOf('request');
      await responder.barrier();
      clock.advanceBy(2000);
    }
    const error = await call;
    expect(error).toBeInstanceOf(MiioTokenError);
    expect((error as Error).message).toMatch(/failed the checksum/);
  });
});

describe('createMiioClient never applies a setter twice when it could avoid it', () => {
  it('accepts a late reply that arrives before the retry is sent, and sends no retry', async () => {
    const { responder, client, clock } = await setup({ backoffMs: 1000 });
    const executed: number[] = [];
    let late: Parameters<LoopbackResponder['reply']>[0] | undefined;
    responder.handle = (r) => {
      executed.push(r.id ?? -1);
      late = r;
      return 'hold';
    };
    const call = client.send('set_power', ['on']);
    await responder.nextOf('request');
    clock.advanceBy(2000); // timed out; the retry waits for its back-off
    if (late) responder.reply(late, { id: late.id, result: ['ok'] });
    await expect(call).resolves.toEqual(['ok']);
    clock.advanceBy(10_000);
    await responder.barrier();
    expect(executed).toEqual([42]);
    expect(responder.events).toEqual(['hello', 'req 42', 'reply 42']);
  });

  it('never reuses an id the device may have executed', async () => {
    const { responder, client, clock } = await setup();
    const seen = new Set<number>();
    responder.handle = (r) => {
      expect(seen.has(r.id ?? -1)).toBe(false);
      seen.add(r.id ?? -1);
      return seen.size < 3 ? 'drop' : { result: ['ok'] };
    };
    const call = client.send('set_power', ['off']);
    await timeOutAttempts(responder, clock, 2, 2000);
    await expect(call).resolves.toEqual(['ok']);
    await expect(client.send('set_power', ['on'])).resolves.toEqual(['ok']);
    expect([...seen]).toEqual([42, 142, 242, 243]);
  });
});

export type { MiioClient };
