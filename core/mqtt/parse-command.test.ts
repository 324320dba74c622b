import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, type CommandScope } from './parse-command.js';
import { bridgeTopics } from './topics.js';

const scope: CommandScope = { topics: bridgeTopics('homeward'), forbiddenPrefixes: ['homeassistant', 'homeassistant/status'] };
const parse = (method: string, payload: string | Buffer, extra: { responseTopic?: string; correlationData?: Buffer } = {}) =>
  parseCommand(scope, { topic: `homeward/cmd/${method}`, payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload), ...extra });

describe('parseCommand', () => {
  it('validates params with the API schema and fills its defaults', () => {
    expect(parse('scene.run', '{"scene":"arrive"}')).toEqual({ ok: true, request: { id: 0, method: 'scene.run', params: { scene: 'arrive' } }, reply: { topic: 'homeward/reply/scene.run', correlationData: undefined } });
    const action = parse('device.action', '{"device":"plug-1","action":"toggle"}');
    expect(action.ok && action.request.params).toEqual({ device: 'plug-1', action: 'toggle', args: [] });
  });

  it('takes response_topic and correlation_id out of the params', () => {
    const parsed = parse('automation.enable', '{"automation":"a","enabled":false,"response_topic":"app/replies","correlation_id":7}');
    expect(parsed).toMatchObject({ ok: true, request: { params: { automation: 'a', enabled: false } }, reply: { topic: 'app/replies', correlationId: 7 } });
  });

  it('prefers the MQTT 5 Response Topic and keeps the Correlation Data', () => {
    const correlationData = Buffer.from('x');
    const parsed = parse('scene.run', '{"scene":"a","response_topic":"ignored/here"}', { responseTopic: 'v5/replies', correlationData });
    expect(parsed).toMatchObject({ ok: true, reply: { topic: 'v5/replies', correlationData } });
  });

  it.each([
    ['scene.run', 'nope', 'bad_json'],
    ['scene.run', '"arrive"', 'bad_params'],
    ['scene.run', 'null', 'bad_params'],
    ['scene.run', '{}', 'bad_params'],
    ['scene.run', '{"scene":""}', 'bad_params'],
    ['scene.run', '{"scene":"a","x":1}', 'bad_params'],
    ['device.set', '{"device":"d","property":"p","value":[1]}', 'bad_params'],
    ['device.action', `{"device":"d","action":"a","args":${JSON.stringify(Array(17).fill(0))}}`, 'bad_params'],
    ['scene.run', '{"scene":"a","correlation_id":{"x":1}}', 'bad_params'],
    ['scene.run', '{"scene":"a","response_topic":5}', 'bad_response_topic'],
    ['scene.run', '{"scene":"a","response_topic":"a/+/b"}', 'bad_response_topic'],
    ['scene.run', '{"scene":"a","response_topic":"homeward/cmd/scene.run"}', 'bad_response_topic'],
    ['scene.run', '{"scene":"a","response_topic":"homeassistant/button/x/y/config"}', 'bad_response_topic'],
    ['scene.run', '{"scene":"a","response_topic":"$SYS/x"}', 'bad_response_topic'],
    ['config.reload', '{}', 'unknown_method'],
    ['history.events', '{}', 'unknown_method'],
    ['subscribe', '{"topics":["signals"]}', 'unknown_method'],
  ])('%s %s → %s', (method, payload, code) => {
    const parsed = parse(method, payload);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(code);
  });

  it('refuses a payload over the API limit without parsing it', () => {
    const parsed = parse('scene.run', Buffer.alloc(64 * 1024 + 1, 0x20));
    expect(parsed).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('answers a refused Response Topic on the default reply topic', () => {
    const parsed = parse('scene.run', '{"scene":"a"}', { responseTopic: 'homeassistant/status' });
    expect(parsed).toMatchObject({ ok: false, error: { code: 'bad_response_topic' }, reply: { topic: 'homeward/reply/scene.run' } });
  });

  it('accepts replies under our own reply prefix', () => {
    expect(parse('scene.run', '{"scene":"a","response_topic":"homeward/reply/app-1"}')).toMatchObject({ ok: true, reply: { topic: 'homeward/reply/app-1' } });
  });

  it('never throws on any topic and payload: answers ok or with an error code', () => {
    const method = fc.oneof(fc.constantFrom('scene.run', 'device.set', 'device.action', 'automation.enable', 'snapshot'), fc.string({ maxLength: 20 }));
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.json().map((j) => Buffer.from(j)),
      fc.dictionary(fc.constantFrom('scene', 'device', 'property', 'value', 'action', 'args', 'automation', 'enabled', 'response_topic', 'correlation_id'), fc.jsonValue()).map((o) => Buffer.from(JSON.stringify(o))),
    );
    fc.assert(fc.property(method, payload, fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (m, p, responseTopic) => {
      const parsed = parseCommand(scope, { topic: `homeward/cmd/${m}`, payload: p, responseTopic });
      if (parsed.ok) expect(parsed.request.method).toBe(m);
      else expect(parsed.error.code).toMatch(/^[a-z_]+$/);
      expect(parsed.reply.topic.length).toBeGreaterThan(0);
    }), { numRuns: 2000 });
  });
});
