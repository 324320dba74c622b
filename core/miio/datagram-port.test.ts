import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { openUdpPort, type DatagramPort } from './datagram-port.js';

let ports: DatagramPort[] = [];
afterEach(async () => {
  await Promise.all(ports.map((p) => p.close()));
  ports = [];
});

async function open(): Promise<DatagramPort> {
  const port = await openUdpPort({ address: '127.0.0.1' });
  ports.push(port);
  return port;
}

describe('openUdpPort', () => {
  it('sends to IP literals and to host names alike (names still go through DNS)', async () => {
    const [a, b] = [await open(), await open()];
    const arrived = firstValueFrom(b.messages$.pipe(take(2), toArray()));
    a.send(Buffer.from('by ip'), '127.0.0.1', b.localPort);
    a.send(Buffer.from('by name'), 'localhost', b.localPort);
    const got = await arrived;
    expect(got.map((d) => d.buf.toString()).sort()).toEqual(['by ip', 'by name']);
    expect(got.every((d) => d.address === '127.0.0.1' && d.port === a.localPort)).toBe(true);
  });

  it('reports a failed send on errors$ instead of throwing', async () => {
    const a = await open();
    const failed = firstValueFrom(a.errors$);
    // Broadcast without SO_BROADCAST: the kernel refuses (EACCES), Node reports it to the send callback.
    a.send(Buffer.from('x'), '255.255.255.255', 54321);
    expect((await failed).message).toMatch(/UDP send failed: send EACCES 255.255.255.255:54321/);
  });
});
