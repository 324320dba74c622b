/** The SocketCAN source and sender on a real kernel CAN stack (vcan), against can-utils. */
import assert from 'node:assert/strict';
import { firstValueFrom, from, lastValueFrom } from 'rxjs';
import { formatCandumpLine } from '../../core/can/candump.js';
import { SocketcanUnavailableError } from '../../core/can/errors.js';
import type { CanFrame } from '../../core/can/frame.js';
import { openSocketcan, sendSocketcan, type SocketcanStatus } from '../../core/can/sources/socketcan.js';
import { BUS, cansend, captureCandump, ip, receive, SYNC_ID, until, withoutTs } from './vcan-kit.js';
import type { VcanTest } from './vcan-test.js';

const hex = (frame: CanFrame): string => Buffer.from(frame.data).toString('hex').toUpperCase();
const brief = (frame: CanFrame): string => withoutTs(formatCandumpLine({ ...frame, fdFlags: 0 }));
const frame = (id: number, data: number[], extra: Partial<CanFrame> = {}): CanFrame => ({
  id, extended: false, fd: false, rtr: false, error: false, data: new Uint8Array(data), ts: 0, ...extra,
});

/** Sends the candump-style frames with cansend and returns what the Homeward source received. */
async function sendAndReceive(texts: string[], options: Parameters<typeof openSocketcan>[1] = {}): Promise<CanFrame[]> {
  const rx = await receive(openSocketcan(BUS, options));
  try {
    for (const text of texts) await cansend(BUS, text);
    await cansend(BUS, '7FE#FF'); // an end marker, passed by every filter below
    await until(() => rx.frames.some((f) => f.id === 0x7fe), 'the end marker');
    return rx.frames.filter((f) => f.id !== 0x7fe);
  } finally {
    rx.stop();
  }
}

/** The real addon, watched: stop() is what closes its socket. */
function watchedSocketcan(): { importSocketcan: () => Promise<unknown>; stopped: Promise<string> } {
  let resolveStopped!: (iface: string) => void;
  const stopped = new Promise<string>((resolve) => (resolveStopped = resolve));
  const importSocketcan = async (): Promise<unknown> => {
    const specifier = 'socketcan';
    const real = (await import(specifier)) as { createRawChannel(iface: string, timestamps?: boolean): { stop(): void } };
    return {
      createRawChannel(iface: string, timestamps?: boolean) {
        const channel = real.createRawChannel(iface, timestamps);
        const stop = channel.stop.bind(channel);
        channel.stop = () => {
          stop();
          resolveStopped(iface);
        };
        return channel;
      },
    };
  };
  return { importSocketcan, stopped };
}

export const socketcanSourceTests: VcanTest[] = [
  {
    name: 'a subscriber that leaves while the socket opens: the channel opened after it left is closed',
    async run() {
      const receiving = watchedSocketcan();
      openSocketcan(BUS, { importSocketcan: receiving.importSocketcan }).subscribe().unsubscribe();
      const sending = watchedSocketcan();
      from([frame(0x123, [1])]).pipe(sendSocketcan(BUS, { importSocketcan: sending.importSocketcan })).subscribe().unsubscribe();
      // Without the fix nothing stops the channels and this never settles (the runner's timeout).
      assert.deepEqual(await Promise.all([receiving.stopped, sending.stopped]), [BUS, BUS]);
    },
  },
  {
    name: 'socketcan receives classic frames with 11- and 29-bit ids, kernel-stamped',
    async run() {
      const before = Date.now() / 1000;
      const got = await sendAndReceive(['123#DEADBEEF', '1ABCDEF0#0102', '000#', '7FF#0011223344556677']);
      assert.deepEqual(got.map(brief), ['vcan0 123#DEADBEEF', 'vcan0 1ABCDEF0#0102', 'vcan0 000#', 'vcan0 7FF#0011223344556677']);
      assert.deepEqual(got.map((f) => f.extended), [false, true, false, false]);
      for (const f of got) assert.ok(f.ts >= before - 1 && f.ts <= Date.now() / 1000 + 1, `ts ${f.ts} is the kernel's receive time`);
    },
  },
  {
    name: 'socketcan receives CAN FD frames (12 and 64 bytes, 11- and 29-bit ids)',
    async run() {
      const long = '00112233445566778899AABBCCDDEEFF'.repeat(4);
      const got = await sendAndReceive(['123##1112233445566778899AABBCC', `12345678##0${long}`]);
      assert.deepEqual(got.map((f) => [f.id, f.extended, f.fd, f.data.length, hex(f)]), [
        [0x123, false, true, 12, '112233445566778899AABBCC'],
        [0x12345678, true, true, 64, long],
      ]);
    },
  },
  {
    name: 'socketcan passes remote and error frames through, flagged',
    async run() {
      const got = await sendAndReceive(['123#R', '1ABCDEF0#R3', '20000004#0004000000000000']);
      assert.deepEqual(got.map((f) => [f.id, f.extended, f.rtr, f.error, f.data.length]), [
        [0x123, false, true, false, 0],
        [0x1abcdef0, true, true, false, 3],
        [0x004, true, false, true, 8],
      ]);
      assert.equal(brief(got[2]), 'vcan0 20000004#0004000000000000');
      // errorMask 0: the kernel delivers no error frames at all.
      const quiet = await sendAndReceive(['20000004#0004000000000000', '321#01'], { errorMask: 0 });
      assert.deepEqual(quiet.map(brief), ['vcan0 321#01']);
    },
  },
  {
    name: 'socketcan applies kernel filters (id/mask, 11- vs 29-bit, inverted)',
    async run() {
      const sync = { id: SYNC_ID, mask: 0x1fffffff, extended: true };
      const marker = { id: 0x7fe, mask: 0x7ff, extended: false };
      const traffic = ['100#01', '1F0#02', '200#03', '00000100#04', '10F#05'];
      const narrow = await sendAndReceive(traffic, { filters: [sync, marker, { id: 0x100, mask: 0x700, extended: false }] });
      assert.deepEqual(narrow.map(brief), ['vcan0 100#01', 'vcan0 1F0#02', 'vcan0 10F#05']);
      const wide = await sendAndReceive(traffic, { filters: [sync, marker, { id: 0x100, mask: 0x1fffffff, extended: true }] });
      assert.deepEqual(wide.map(brief), ['vcan0 00000100#04']);
      // Filters are OR-ed: an inverted one passes everything but 0x200 (and the others add nothing new).
      const inverted = await sendAndReceive(traffic, { filters: [{ id: 0x200, mask: 0x7ff, extended: false, invert: true }] });
      assert.deepEqual(inverted.map(brief), ['vcan0 100#01', 'vcan0 1F0#02', 'vcan0 00000100#04', 'vcan0 10F#05']);
    },
  },
  {
    name: 'socketcan sends classic, 29-bit, remote and FD frames that candump records',
    async run() {
      const frames = [
        frame(0x123, [0xde, 0xad, 0xbe, 0xef]),
        frame(0x1abcdef0, [1, 2, 3], { extended: true }),
        frame(0x321, [0, 0, 0, 0], { rtr: true }),
        frame(0x456, Array.from({ length: 16 }, (_, i) => i), { fd: true }),
        frame(0x7ff, []),
      ];
      const dump = await captureCandump();
      const sent = await lastValueFrom(from(frames).pipe(sendSocketcan(BUS)), { defaultValue: undefined });
      assert.equal(sent, frames[frames.length - 1]);
      await until(() => dump.lines().length >= frames.length, 'candump to record 5 frames');
      const lines = (await dump.stop()).map(withoutTs);
      // Linux 6.x marks every CAN FD frame with CANFD_FDF (0x04): candump prints that flag nibble as 4.
      assert.deepEqual(lines, ['vcan0 123#DEADBEEF', 'vcan0 1ABCDEF0#010203', 'vcan0 321#R4', 'vcan0 456##4000102030405060708090A0B0C0D0E0F', 'vcan0 7FF#']);
      await assert.rejects(lastValueFrom(from([frame(0x8, [0], { error: true })]).pipe(sendSocketcan(BUS))), /error frames cannot be sent/);
    },
  },
  {
    name: 'socketcan reports the interface going down and resumes when it is back up',
    async run() {
      const statuses: SocketcanStatus[] = [];
      const rx = await receive(openSocketcan(BUS, { retryMs: 50, onStatus: (s) => statuses.push(s) }));
      try {
        await cansend(BUS, '101#01');
        await until(() => rx.frames.length === 1, 'the first frame');
        assert.deepEqual(statuses.map((s) => s.state), ['up']);
        await ip('link', 'set', BUS, 'down');
        await until(() => statuses.length >= 2, 'the down report');
        assert.equal(statuses[1].state, 'down');
        assert.match(statuses[1].message, /vcan0 went down/);
        await assert.rejects(cansend(BUS, '102#02'), /Network is down/);
        await ip('link', 'set', BUS, 'up');
        await until(() => statuses.slice(2).some((s) => s.state === 'up'), 'the up report');
        await cansend(BUS, '103#03');
        await until(() => rx.frames.length === 2, 'a frame after the interface came back');
        assert.deepEqual(rx.frames.map(brief), ['vcan0 101#01', 'vcan0 103#03']);
        assert.deepEqual(rx.errors, []);
      } finally {
        rx.stop();
        await ip('link', 'set', BUS, 'up');
      }
      // With onDown 'error' the same event ends the stream with a clear error.
      const strict = await receive(openSocketcan(BUS, { onDown: 'error' }));
      try {
        await ip('link', 'set', BUS, 'down');
        await until(() => strict.errors.length === 1, 'the error');
        assert.match(String(strict.errors[0]), /CAN interface vcan0 went down/);
      } finally {
        strict.stop();
        await ip('link', 'set', BUS, 'up');
      }
    },
  },
  {
    name: 'socketcan closes a channel that opened after its subscriber left',
    async run() {
      const stopped: string[] = [];
      // The real addon, with stop() watched: stop() is what closes the socket's thread.
      const importSocketcan = async (): Promise<unknown> => {
        const specifier = 'socketcan';
        const real = (await import(specifier)) as { createRawChannel(iface: string, ts?: boolean): { stop(): void } };
        return {
          createRawChannel(iface: string, ts?: boolean) {
            const channel = real.createRawChannel(iface, ts);
            const stop = channel.stop.bind(channel);
            channel.stop = () => {
              stop();
              stopped.push(iface);
            };
            return channel;
          },
        };
      };
      openSocketcan(BUS, { importSocketcan }).subscribe().unsubscribe();
      from([frame(1, [1])]).pipe(sendSocketcan(BUS, { importSocketcan })).subscribe().unsubscribe();
      await until(() => stopped.length === 2, 'both channels to stop');
      assert.deepEqual(stopped, [BUS, BUS]);
    },
  },
  {
    name: 'socketcan says clearly when the interface does not exist',
    async run() {
      const error = await firstValueFrom(openSocketcan('vcan9')).catch((e: unknown) => e);
      assert.ok(error instanceof SocketcanUnavailableError, String(error));
      assert.match(error.message, /^no such CAN interface vcan9: .*ENOENT/);
      await assert.rejects(lastValueFrom(from([frame(1, [1])]).pipe(sendSocketcan('vcan9'))), /^SocketcanUnavailableError: no such CAN interface vcan9|no such CAN interface vcan9/);
      await assert.rejects(firstValueFrom(openSocketcan('lo')), /lo is not a CAN interface/);
    },
  },
];
