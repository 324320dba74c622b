import { describe, expect, it } from 'vitest';
import { DatagramPortError, openUdpPort, type DatagramPort } from './datagram-port.js';
import { discover, discover$, type DiscoveredDevice } from './discovery.js';
import { buildHelloReply, isHelloRequest } from './packet.js';
import { ManualClock } from '../base/manual-clock.js';
import { isMiioToken, revealTokenHex, type MiioToken } from './token.js';

/** A device answering hellos on a real loopback socket with a given checksum field. */
async function helloDevice(address: string, did: number, token: Buffer | 'ff' | '00'): Promise<DatagramPort & { hellos: number }> {
  const port = Object.assign(await openUdpPort({ address, port: 0 }), { hellos: 0 });
  port.messages$.subscribe((d) => {
    if (!isHelloRequest(d.buf)) return;
    port.hellos += 1;
    port.send(buildHelloReply({ did, stamp: 77, token }), d.address, d.port);
  });
  return port;
}

describe('discover', () => {
  it('reports did, address, stamp and whether the hello revealed the token', async () => {
    const revealing = await helloDevice('127.0.0.1', 0x1234, Buffer.from('00112233445566778899aabbccddeeff', 'hex'));
    const hiding = await helloDevice('127.0.0.1', 0x5678, 'ff');
    const clock = new ManualClock();
    // Broadcast does not work on lo: one unicast discovery per device, each on its own client socket.
    const udps = [await openUdpPort({ address: '127.0.0.1' }), await openUdpPort({ address: '127.0.0.1' })];
    const found: DiscoveredDevice[] = [];
    let completed = 0;
    const bothIn = new Promise<void>((resolve) => {
      [revealing, hiding].forEach((target, i) =>
        discover$({ address: '127.0.0.1', port: target.localPort, windowMs: 3000, scheduler: clock, datagramPort: udps[i] }).subscribe({
          next: (d) => {
            found.push(d);
            if (found.length === 2) resolve();
          },
          complete: () => (completed += 1),
        }),
      );
    });
    await bothIn;
    expect(completed).toBe(0);
    clock.advanceBy(3000);
    expect(completed).toBe(2);
    found.sort((a, b) => a.did - b.did);
    expect(found).toEqual([
      { did: 0x1234, address: '127.0.0.1', port: revealing.localPort, stamp: 77, tokenRevealed: true, token: expect.anything() },
      { did: 0x5678, address: '127.0.0.1', port: hiding.localPort, stamp: 77, tokenRevealed: false },
    ]);
    const token = found[0].token as MiioToken;
    expect(isMiioToken(token)).toBe(true);
    expect(revealTokenHex(token)).toBe('00112233445566778899aabbccddeeff');
    expect(JSON.stringify(found[0])).not.toContain('00112233');
    expect(clock.pendingTimers).toBe(0);
    await Promise.all([...udps.map((u) => u.close()), revealing.close(), hiding.close()]);
  });

  it('treats a 00×16 field as hidden and reports each device once despite repeated hellos', async () => {
    const device = await helloDevice('127.0.0.3', 0x99, '00');
    const clock = new ManualClock();
    const udp = await openUdpPort({ address: '127.0.0.1' });
    const found: DiscoveredDevice[] = [];
    const sub = discover$({ address: '127.0.0.3', port: device.localPort, windowMs: 2000, repeatEveryMs: 500, scheduler: clock, datagramPort: udp })
      .subscribe((d) => found.push(d));
    while (device.hellos < 1) await new Promise<void>((resolve) => udp.messages$.subscribe(() => resolve()));
    clock.advanceBy(500);
    while (device.hellos < 2 || found.length < 1) await new Promise<void>((resolve) => udp.messages$.subscribe(() => resolve()));
    clock.advanceBy(1500);
    expect(sub.closed).toBe(true);
    expect(device.hellos).toBeGreaterThanOrEqual(2);
    expect(found).toEqual([{ did: 0x99, address: '127.0.0.3', port: device.localPort, stamp: 77, tokenRevealed: false }]);
    await Promise.all([udp.close(), device.close()]);
  });

  it('resolves with nothing when nobody answers, and closes its socket', async () => {
    const silent = await openUdpPort({ address: '127.0.0.1' });
    const clock = new ManualClock();
    const result = discover({ address: '127.0.0.1', port: silent.localPort, windowMs: 1000, scheduler: clock });
    // The window starts once the socket is open; wait for the hello to prove it.
    await new Promise<void>((resolve) => silent.messages$.subscribe(() => resolve()));
    clock.advanceBy(1000);
    await expect(result).resolves.toEqual([]);
    await silent.close();
  });

  it('a socket that cannot bind is a DatagramPortError, not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // 203.0.113.1 (TEST-NET-3) is on no interface of this host.
      const errored = new Promise<unknown>((resolve) => discover$({ address: '127.0.0.1', bindAddress: '203.0.113.1', windowMs: 1000 }).subscribe({ error: resolve }));
      await expect(errored).resolves.toBeInstanceOf(DatagramPortError);
      await expect(discover({ address: '127.0.0.1', bindAddress: '203.0.113.1', windowMs: 1000 })).rejects.toBeInstanceOf(DatagramPortError);
      // Unhandled rejections are reported after the microtask queue drains: give it one macrotask.
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
