import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoDriveLogPath } from '../../core/vehicle/demo/paths.js';
import { makeDemoDrive } from './make-demo-drive.js';

describe('make-demo-drive', () => {
  it('reproduces the committed core/vehicle/demo/drive-home.log byte for byte', () => {
    const committed = fs.readFileSync(demoDriveLogPath(), 'utf8');
    const made = makeDemoDrive();
    expect(made === committed).toBe(true);
    expect(Buffer.byteLength(made)).toBeLessThan(2 * 1024 * 1024);
  });
});
