import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kioskArgs, openKiosk } from './open-kiosk.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'homeward-kiosk-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openKiosk', () => {
  it('says why when there is no Chromium or no display', () => {
    expect(openKiosk('http://127.0.0.1:1/', { chromiumPath: path.join(dir, 'none'), env: { DISPLAY: ':0' } })).toMatch(/no Chromium/);
    expect(openKiosk('http://127.0.0.1:1/', { chromiumPath: process.execPath, env: {} })).toMatch(/no display/);
  });

  it('starts the browser in kiosk app mode, with --no-sandbox only as root', async () => {
    // A stand-in browser: a script that records its arguments (Chromium itself is headful here).
    const script = path.join(dir, 'chromium');
    const out = path.join(dir, 'args.txt');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$@" > ${out}\n`);
    chmodSync(script, 0o755);
    const child = openKiosk('http://127.0.0.1:8080/', { chromiumPath: script, env: { WAYLAND_DISPLAY: 'wayland-0' }, uid: 0 });
    if (typeof child === 'string') throw new Error(child);
    await new Promise((resolve) => child.once('exit', resolve));
    const args = readFileSync(out, 'utf8').trim().split('\n');
    expect(args).toContain('--kiosk');
    expect(args).toContain('--app=http://127.0.0.1:8080/');
    expect(args).toContain('--no-sandbox');
    expect(kioskArgs('http://x/', { userDataDir: '/tmp/u', root: false })).not.toContain('--no-sandbox');
  });
});
