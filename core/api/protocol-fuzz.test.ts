import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES, METHODS, parseRequest, WS_SUBPROTOCOL, type ServerMessage } from './protocol.js';
import { startApiServer, type ApiServer } from './server.js';
import { FakeRuntimeApi } from './testing/fake-runtime-api.js';

// Malformed, oversized and unknown messages: parseRequest never throws, the server answers or
// closes that one client, and keeps serving everyone else.
const validMessage = fc.record({
  id: fc.integer({ min: 0, max: 2 ** 31 }),
  method: fc.constantFrom(...METHODS, 'nope', '__proto__', 'constructor', 'toString'),
  params: fc.oneof(fc.constant({}), fc.object(), fc.jsonValue(), fc.record({ device: fc.string(), property: fc.string(), value: fc.jsonValue() })),
});
const anyText = fc.oneof(
  fc.string(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  validMessage.map((m) => JSON.stringify(m)),
  validMessage.map((m) => JSON.stringify(m).slice(0, -3)),
  fc.constant('{"id":1,"method":"snapshot","params":{"__proto__":{"polluted":true}}}'),
  fc.constant(`{"id":1,"method":"device.set","params":{"device":"${'x'.repeat(1000)}","property":"p","value":1}}`),
);

describe('protocol fuzz', () => {
  it('parseRequest never throws and always says why it refused', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.anything()), (input) => {
      const result = parseRequest(input);
      if (!result.ok) expect(result.error.code).toMatch(/^[a-z_]+$/);
    }), { numRuns: 3000 });
    expect(parseRequest('x'.repeat(MAX_MESSAGE_BYTES + 1))).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('against the server', () => {
    let dir: string;
    let server: ApiServer;
    const api = new FakeRuntimeApi();
    const unexpected: unknown[] = [];
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-fuzz-'));
      writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
      server = await startApiServer({ api, host: '127.0.0.1', port: 0, staticDir: dir, rateLimitPerS: 100_000, onUnexpectedError: (e) => unexpected.push(e) });
    });
    afterAll(async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const open = () => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, [WS_SUBPROTOCOL], { headers: { Origin: `http://127.0.0.1:${server.port}` } });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });

    it('answers every fuzzed text message or closes that client; the server keeps serving', async () => {
      const samples = fc.sample(anyText, 600);
      const ws = await open();
      let answers = 0;
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as ServerMessage;
        if (message.type === 'response') answers += 1;
      });
      for (const text of samples) ws.send(text);
      ws.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true });
      ws.send(JSON.stringify({ id: 2 ** 31, method: 'snapshot' }));
      // Either every message was answered, or the client was closed for misbehaving (1008).
      const outcome = await Promise.race([
        closed.then((code) => ({ closed: code })),
        new Promise<{ answered: number }>((resolve) => {
          const check = () => (answers >= samples.length + 2 ? resolve({ answered: answers }) : setImmediate(check));
          check();
        }),
      ]);
      if ('closed' in outcome) expect(outcome.closed).toBe(1008);
      else expect(outcome.answered).toBe(samples.length + 2);
      ws.terminate();

      const next = await open();
      const reply = new Promise<ServerMessage>((resolve) => next.once('message', (d) => resolve(JSON.parse(d.toString()) as ServerMessage)));
      next.send(JSON.stringify({ id: 1, method: 'snapshot' }));
      expect(await reply).toMatchObject({ type: 'response', id: 1, ok: true });
      next.close();
      expect(unexpected.filter((e) => !(e instanceof TypeError && String(e).includes('fake')))).toEqual([]);
    });

    it('closes a client whose frame is over the limit with 1009', async () => {
      const ws = await open();
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send('{"id":1,"method":"snapshot","params":{"x":"' + 'a'.repeat(MAX_MESSAGE_BYTES) + '"}}');
      expect(await closed).toBe(1009);
    });
  });
});
