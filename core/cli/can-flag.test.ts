import { describe, expect, it } from 'vitest';
import { expandShortOutput, parseCanFlag } from './can-flag.js';
import { UsageError } from './usage-error.js';

describe('parseCanFlag', () => {
  it('reads socketcan:IFACE, and virtual where allowed', () => {
    expect(parseCanFlag('socketcan:vcan0', { allowVirtual: false })).toEqual({ kind: 'socketcan', iface: 'vcan0' });
    expect(parseCanFlag('virtual', { allowVirtual: true })).toEqual({ kind: 'virtual' });
  });

  it('refuses what is not an interface, naming the forms', () => {
    expect(() => parseCanFlag(undefined, { allowVirtual: false })).toThrow(/--can socketcan:IFACE is required/);
    expect(() => parseCanFlag('virtual', { allowVirtual: false })).toThrow(UsageError);
    expect(() => parseCanFlag('socketcan:', { allowVirtual: true })).toThrow(/socketcan:IFACE or virtual/);
    expect(() => parseCanFlag('socketcan:../etc/x', { allowVirtual: false })).toThrow(UsageError);
    expect(() => parseCanFlag('socketcan:a-very-long-interface', { allowVirtual: false })).toThrow(UsageError);
    expect(() => parseCanFlag('vcan0', { allowVirtual: false })).toThrow(UsageError);
  });

  it('takes -o for --output', () => {
    expect(expandShortOutput(['--can', 'x', '-o', 'f.log'])).toEqual(['--can', 'x', '--output', 'f.log']);
  });
});
