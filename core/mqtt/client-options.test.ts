import { describe, expect, it } from 'vitest';
import { clientOptions, type ClientOptionsInput } from './client-options.js';

const input: ClientOptionsInput = { url: 'mqtt://127.0.0.1:1883', clientId: 'car', protocolVersion: 4, statusTopic: 'hw/status', reconnectInitialMs: 1000 };

describe('clientOptions', () => {
  it('sets the last will, clean sessions, retries after a refused login, no QoS 0 queue', () => {
    expect(clientOptions(input)).toMatchObject({
      clientId: 'car', protocolVersion: 4, clean: true, reconnectPeriod: 1000, reconnectOnConnackError: true, queueQoSZero: false, resubscribe: false,
      will: { topic: 'hw/status', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
  });

  it('passes TLS as PEM text and the login apart from the URL', () => {
    const options = clientOptions({ ...input, url: 'mqtts://broker:8883', username: 'u', password: 'p', tls: { ca: 'CA', cert: 'C', key: 'K', rejectUnauthorized: false } });
    expect(options).toMatchObject({ username: 'u', password: 'p', ca: 'CA', cert: 'C', key: 'K', rejectUnauthorized: false });
  });

  it.each([
    ['not a url', /not a URL/],
    ['http://broker', /protocol 'http:'/],
    ['mqtt://user:secret@broker', /credentials belong in username\/password/],
  ])('refuses %s', (url, message) => {
    expect(() => clientOptions({ ...input, url })).toThrow(message);
  });

  it('never echoes a password given in the URL', () => {
    for (const url of ['mqtt://u:hunter22@broker', 'mqtt://u:hunter22@ bro ker']) {
      expect(() => clientOptions({ ...input, url })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter22') }));
    }
  });
});
