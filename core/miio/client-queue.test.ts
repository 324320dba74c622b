import { afterEach, describe, expect, it } from 'vitest';
import { createMiioClient, type MiioClient } from './client.js';
import { MiioTimeoutError } from './errors.js';
import { ManualClock } from '../base/manual-clock.js';
import { LoopbackResponder, type ReceivedDatagram } from './testing/loopback-responder.js';
import { parseToken } from './token.js';

const token = parseToken('00112233445566778899aabbccddeeff');

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup(): Promise<{ responder: LoopbackResponder; clock: ManualClock; client: MiioClient; held: ReceivedDatagram[] }> {
  const responder = await LoopbackResponder.start({ token });
  const clock = new ManualClock();
  const client = createMiioClient({
    address: responder.address, port: responder.portNumber, token, scheduler: clock,
    timeoutMs: 2000, retries: 0, backoffMs: 0, deadlineMs: 10_000, idSeed: 41,
  });
  const held: ReceivedDatagram[] = [];
  responder.handle = (r) => {
    held.push(r);
    return 'hold';
  };
  cleanups.push(async () => {
    await client.close();
    await responder.close();
    expect(clock.pendingTimers).toBe(0);
  });
  return { responder, clock, client, held };
}

describe('createMiioClient queue: unsubscribe and deadlines', () => {
  it('drops a queued send$ when unsubscribed: it never reaches the device', async () => {
    const { responder, client, held } = await setup();
    const first = client.send('a');
    const dropped = client.send$('b').subscribe();
    const third = client.send('c');
    await responder.nextOf('request');
    expect(client.info().queued).toBe(3);
    dropped.unsubscribe();
    expect(client.info().queued).toBe(2);
    responder.handle = (r) => ({ result: r.method });
    responder.reply(held[0], { id: held[0].id, result: 'a' });
    await expect(Promise.all([first, third])).resolves.toEqual(['a', 'c']);
    expect(responder.requests().map((r) => r.method)).toEqual(['a', 'c']);
    expect(client.info().queued).toBe(0);
  });

  it('starts the next call at once when the running send$ is unsubscribed, and ignores its late reply', async () => {
    const { responder, client, held } = await setup();
    const running = client.send$('a').subscribe();
    const next = client.send('b');
    await responder.nextOf('request');
    running.unsubscribe();
    await responder.nextOf('request');
    responder.reply(held[0], { id: held[0].id, result: 'late a' });
    responder.reply(held[1], { id: held[1].id, result: 'b' });
    await expect(next).resolves.toBe('b');
    expect(held.map((r) => r.id)).toEqual([42, 43]);
  });

  it('times out a call stuck behind another by its own deadline, counting from the call', async () => {
    const { responder, client, clock } = await setup();
    const first = client.send('a', [], { deadlineMs: 1000 }).catch((e: unknown) => e);
    const second = client.send('b', [], { deadlineMs: 500 }).catch((e: unknown) => e);
    await responder.nextOf('request');
    clock.advanceBy(500);
    expect(await second).toBeInstanceOf(MiioTimeoutError);
    clock.advanceBy(500);
    expect(await first).toBeInstanceOf(MiioTimeoutError);
    expect(responder.requests().map((r) => r.method)).toEqual(['a']);
  });
});
