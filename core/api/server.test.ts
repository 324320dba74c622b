import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_SUBPROTOCOL, WS_TOKEN_PREFIX, type ServerMessage } from './protocol.js';
import { startApiServer, type ApiServer } from './server.js';
import { FakeRuntimeApi } from './testing/fake-runtime-api.js';

let staticDir: string;
beforeAll(() => {
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'homeward-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
  writeFileSync(path.join(staticDir, '.secret'), 'no');
});
afterAll(() => rmSync(staticDir, { recursive: true, force: true }));

const servers: ApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function start(extra: { host?: string; pairingToken?: string } = {}) {
  const api = new FakeRuntimeApi();
  const errors: unknown[] = [];
  const server = await startApiServer({ api, host: extra.host ?? '127.0.0.1', port: 0, staticDir, pairingToken: extra.pairingToken, onUnexpectedError: (e) => errors.push(e) });
  servers.push(server);
  return { api, server, errors };
}

/** Opens a client; resolves with the socket, or with the HTTP status the server refused with. */
function connect(port: number, options: { origin?: string | null; protocols?: string[]; host?: string } = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.origin !== null) headers.Origin = options.origin ?? `http://127.0.0.1:${port}`;
    if (options.host) headers.Host = options.host;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, options.protocols ?? [WS_SUBPROTOCOL], { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<ServerMessage> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as ServerMessage)));
}

describe('startApiServer', () => {
  it('serves the dashboard with security headers, refuses traversal, hidden files and other methods', async () => {
    const { server } = await start();
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(new URL('/app.js', server.url))).headers.get('content-type')).toContain('javascript');
    expect((await fetch(new URL('/%2e%2e/%2e%2e/etc/passwd', server.url))).status).toBe(404);
    expect((await fetch(new URL('/.secret', server.url))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST', body: '{}' })).status).toBe(405);
  });

  it('answers requests and pushes subscribed updates over the WebSocket', async () => {
    const { api, server } = await start();
    expect(server.pairingToken).toBeNull();
    const ws = await connect(server.port);
    if (typeof ws === 'number') throw new Error(`refused ${ws}`);
    expect(ws.protocol).toBe(WS_SUBPROTOCOL);
    ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: { topics: ['devices'] } }));
    expect(await nextMessage(ws)).toMatchObject({ type: 'response', id: 1, ok: true });
    const got: ServerMessage[] = [];
    const two = new Promise<void>((resolve) => ws.on('message', (data) => {
      got.push(JSON.parse(data.toString()) as ServerMessage);
      if (got.length === 2) resolve();
    }));
    ws.send(JSON.stringify({ id: 2, method: 'device.set', params: { device: 'hall_light', property: 'power', value: true } }));
    await two;
    expect(got).toContainEqual({ type: 'response', id: 2, ok: true, result: { ok: true } });
    expect(got.find((m) => m.type === 'update')).toMatchObject({ type: 'update', update: { topic: 'devices', device: { id: 'hall_light', values: { power: true } } } });
    expect(api.calls.map((c) => c.method)).toEqual(['device.set']);
    ws.close();
  });

  it('refuses a foreign or missing Origin, a foreign Host and a missing subprotocol', async () => {
    const { server } = await start();
    expect(await connect(server.port, { origin: 'http://127.0.0.1.evil.example' })).toBe(403);
    expect(await connect(server.port, { origin: null })).toBe(403);
    expect(await connect(server.port, { host: 'rebind.example:80' })).toBe(403);
    expect(await connect(server.port, { protocols: ['chat'] })).toBe(400);
  });

  it('on a non-loopback bind makes a pairing token and refuses unpaired clients', async () => {
    const { server } = await start({ host: '0.0.0.0' });
    expect(server.pairingToken).toMatch(/^[0-9a-f]{32}$/);
    expect(await connect(server.port)).toBe(401);
    expect(await connect(server.port, { protocols: [WS_SUBPROTOCOL, `${WS_TOKEN_PREFIX}${'0'.repeat(32)}`] })).toBe(401);
    const paired = await connect(server.port, { protocols: [WS_SUBPROTOCOL, `${WS_TOKEN_PREFIX}${server.pairingToken}`] });
    expect(paired).toBeInstanceOf(WebSocket);
    (paired as WebSocket).close();
    // Unpaired retries are not guesses; five wrong tokens lock the address out, even for the right one.
    for (let i = 0; i < 10; i += 1) expect(await connect(server.port)).toBe(401);
    for (let i = 0; i < 4; i += 1) await connect(server.port, { protocols: [WS_SUBPROTOCOL, `${WS_TOKEN_PREFIX}${'1'.repeat(32)}`] });
    expect(await connect(server.port, { protocols: [WS_SUBPROTOCOL, `${WS_TOKEN_PREFIX}${server.pairingToken}`] })).toBe(429);
  });

  it('closes a client that sends an oversized frame, and keeps serving others', async () => {
    const { server } = await start();
    const big = await connect(server.port);
    if (typeof big === 'number') throw new Error('refused');
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(70 * 1024));
    expect(await closed).toBe(1009);
    const ok = await connect(server.port);
    if (typeof ok === 'number') throw new Error('refused');
    ok.send(JSON.stringify({ id: 1, method: 'snapshot' }));
    expect(await nextMessage(ok)).toMatchObject({ type: 'response', id: 1, ok: true });
    ok.close();
  });
});
