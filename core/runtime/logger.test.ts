import { Writable } from 'node:stream';
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from './logger.js';

function collect(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('redacts tokens and other secrets at any depth, keeping the rest of the line', () => {
    const out = collect();
    const log = createLogger({ destination: out.stream, name: 'devices' });
    log.info({ device: { model: 'chuangmi.plug.m1', token: '00112233445566778899aabbccddeeff' }, pairingToken: 'abc', req: { headers: { authorization: 'Bearer x' } } }, 'device added');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 30, name: 'devices', msg: 'device added', pairingToken: REDACTED, device: { model: 'chuangmi.plug.m1', token: REDACTED } });
    expect((line.req as { headers: Record<string, unknown> }).headers.authorization).toBe(REDACTED);
    expect(JSON.stringify(line)).not.toContain('00112233445566778899aabbccddeeff');
  });

  it('stamps lines from the injected scheduler, never the wall clock', () => {
    const out = collect();
    const scheduler = new VirtualTimeScheduler();
    scheduler.schedule(() => undefined, 1234);
    scheduler.flush();
    createLogger({ destination: out.stream, scheduler }).warn('late');
    expect(out.lines()[0]).toMatchObject({ time: 1234, level: 40, msg: 'late' });
  });

  it('drops lines below its level', () => {
    const out = collect();
    const log = createLogger({ destination: out.stream, level: 'warn' });
    log.info('quiet');
    log.error('loud');
    expect(out.lines().map((line) => line.msg)).toEqual(['loud']);
  });
});
