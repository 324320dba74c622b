import { describe, expect, it } from 'vitest';
import type { CanFrame } from '../can/frame.js';
import { classifyFrame } from '../dbc/classify-frame.js';
import { createDbcCodec } from '../dbc/codec.js';
import { loadDbcFile } from '../dbc/load-dbc-file.js';
import { homewardEvDbcPath } from '../vehicle/demo/paths.js';
import { createMonitorState, noteFrame, renderMonitor } from './monitor-view.js';

const codec = createDbcCodec(loadDbcFile(homewardEvDbcPath()));
const frame = (id: number, hex: string, ts: number, extra: Partial<CanFrame> = {}): CanFrame => ({
  id, extended: false, fd: false, rtr: false, error: false, data: Uint8Array.from(Buffer.from(hex, 'hex')), ts, ...extra,
});

describe('the monitor table', () => {
  it('keeps the latest decode of each message, counts the rest, and draws them sorted by name', () => {
    const state = createMonitorState();
    const note = (f: CanFrame): ReturnType<typeof noteFrame> => noteFrame(state, f, classifyFrame(f, codec.getMessage, { decodeChoices: true }));
    expect(note(frame(0x320, '4000000000000000', 10))?.name).toBe('BCM_BodyStatus');
    note(frame(0x100, '5E220000DEF60100', 10.5));
    note(frame(0x100, '60220000DEF60100', 11));
    expect(note(frame(0x7ab, '01', 11.5))).toBeUndefined();
    note(frame(4, '0004000000000000', 12, { error: true, extended: true }));
    note(frame(0x100, '01', 12)); // too short: a decode error on its row
    const screen = renderMonitor(state, 'vcan0');
    expect(screen.split('\n')[0]).toBe('homeward monitor vcan0: 6 frames (3/s), 1 unknown, 1 error frames, 1 decode errors   Ctrl-C quits');
    expect(screen).toContain('BCM_BodyStatus (0x320)  1 0.5/s\n    BCM_PowerMode: ON\n    BCM_DoorFrontLeft: CLOSED');
    expect(screen).toMatch(/VCU_VehicleSpeed \(0x100\)  3 1\.5\/s\n {4}error: .*8 bytes/);
    expect(screen.indexOf('BCM_BodyStatus')).toBeLessThan(screen.indexOf('VCU_VehicleSpeed'));
    expect(renderMonitor(state, 'vcan0', 3).split('\n')).toHaveLength(3);
  });
});
