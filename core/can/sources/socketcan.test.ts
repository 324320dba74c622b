import { existsSync } from 'node:fs';
import { Subject, firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SocketcanUnavailableError } from '../errors.js';
import type { CanFrame } from '../frame.js';
import { openSocketcan, sendSocketcan } from './socketcan.js';

// This machine's kernel has no CAN: vcan0 does not exist. The vcan VM tests cover real traffic
// (test/vm/socketcan-source.vcan.ts), including a subscriber that leaves while the socket opens.
const hasVcan0 = existsSync('/sys/class/net/vcan0');
const frame: CanFrame = { id: 0x123, extended: false, fd: false, rtr: false, error: false, data: new Uint8Array([1]), ts: 0 };

/** Stands in for `import('socketcan')` when the optional package is absent. */
const fakeMissingImport = (): Promise<unknown> =>
  Promise.reject(Object.assign(new Error("Cannot find package 'socketcan'"), { code: 'ERR_MODULE_NOT_FOUND' }));

describe('openSocketcan', () => {
  it.skipIf(hasVcan0)('errors cleanly when the interface does not exist', async () => {
    const error = await firstValueFrom(openSocketcan('vcan0')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocketcanUnavailableError);
    expect((error as SocketcanUnavailableError).message).toMatch(/^no such CAN interface vcan0: .*ENOENT/);
    expect((error as SocketcanUnavailableError).code).toBe('socketcan_unavailable');
  });

  it('refuses an interface that is not CAN', async () => {
    await expect(firstValueFrom(openSocketcan('lo'))).rejects.toThrow(/lo is not a CAN interface \(link type 772/);
  });

  it('refuses a name that is no interface name', async () => {
    await expect(firstValueFrom(openSocketcan('../etc'))).rejects.toThrow(SocketcanUnavailableError);
  });

  it('says so when the socketcan package is not installed', async () => {
    const error = await firstValueFrom(openSocketcan('vcan0', { importSocketcan: fakeMissingImport })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocketcanUnavailableError);
    expect((error as Error).message).toMatch(/^socketcan package not installed .*Cannot find package 'socketcan'/);
  });

  it('says so when the package is there but is not socketcan as we know it', async () => {
    await expect(firstValueFrom(openSocketcan('vcan0', { importSocketcan: async () => ({ default: {} }) }))).rejects.toThrow(/no createRawChannel/);
  });
});

describe('sendSocketcan', () => {
  it.skipIf(hasVcan0)('errors cleanly when the interface does not exist, without touching the frames', async () => {
    const frames = new Subject<CanFrame>();
    await expect(firstValueFrom(frames.pipe(sendSocketcan('vcan0')))).rejects.toThrow(/^no such CAN interface vcan0/);
    expect(frames.observed).toBe(false);
    await expect(firstValueFrom(of(frame).pipe(sendSocketcan('vcan0', { importSocketcan: fakeMissingImport })))).rejects.toThrow(
      SocketcanUnavailableError,
    );
  });
});
