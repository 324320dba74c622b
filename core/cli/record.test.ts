import { describe, expect, it } from 'vitest';
import { SocketcanUnavailableError } from '../can/errors.js';
import type { CliIo } from './io.js';
import { runMonitorCommand } from './monitor.js';
import { runRecordCommand } from './record.js';
import { UsageError } from './usage-error.js';

// Real traffic runs in the vcan VM (test/vm/bench-tools.vcan.ts); here: the options and a missing interface.
const io: CliIo = { out: () => undefined, err: () => undefined, stdin: process.stdin };
const signal = new AbortController().signal;

describe('homeward record and monitor options', () => {
  it('record needs a socketcan interface and a sane count', async () => {
    await expect(runRecordCommand([], io, { signal })).rejects.toThrow(/--can socketcan:IFACE is required/);
    await expect(runRecordCommand(['--can', 'virtual'], io, { signal })).rejects.toThrow(UsageError);
    await expect(runRecordCommand(['--can', 'socketcan:vcan0', '--count', '0'], io, { signal })).rejects.toThrow(/--count must be an integer/);
  });

  it('record and monitor say clearly when the interface is not there', async () => {
    await expect(runRecordCommand(['--can', 'socketcan:hwnone0', '-o', '/dev/null'], io, { signal })).rejects.toThrow(SocketcanUnavailableError);
    await expect(runMonitorCommand(['--can', 'socketcan:hwnone0', '--dbc', 'core/vehicle/demo/homeward-ev.dbc'], io, { signal, tty: false })).rejects.toThrow(/no such CAN interface hwnone0/);
  });

  it('monitor needs a DBC', async () => {
    await expect(runMonitorCommand(['--can', 'socketcan:vcan0'], io, { signal })).rejects.toThrow(/--dbc FILE is required/);
    await expect(runMonitorCommand(['--can', 'socketcan:vcan0', '--dbc', '/nonexistent.dbc'], io, { signal })).rejects.toThrow();
  });
});
