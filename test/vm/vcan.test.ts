/**
 * SocketCAN on a real kernel CAN stack: boots Debian's kernel in QEMU once (or uses this kernel's
 * vcan when it has one), runs every in-VM test in one node process there, and declares one vitest
 * test per in-VM test with its result. A missing peer (qemu, the guest kernel, can-utils) is never a
 * silent skip: it is printed, and under CI=true every test fails with the reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { reportMissingPeer } from '../helpers/peers.js';
import { detectVcanMode, runVcanSuite, type SuiteRun } from './vcan-host.js';
import { vcanTests } from './vcan-tests.js';

const mode = await detectVcanMode();
const inCi = process.env.CI === 'true';

describe(`SocketCAN on vcan (${mode.kind === 'missing' ? 'peer missing' : mode.kind === 'vm' ? 'QEMU guest' : 'this kernel'})`, () => {
  let run: SuiteRun | undefined;

  beforeAll(async () => {
    if (mode.kind === 'missing') {
      reportMissingPeer(`vcan (${mode.reason})`, mode.install);
      process.stderr.write(`\n*** PEER MISSING: vcan suite NOT RUN: ${mode.reason} (install: ${mode.install})${inCi ? '; CI=true: every test fails' : ''} ***\n\n`);
      return;
    }
    run = await runVcanSuite(mode);
    if (run.results.length < vcanTests.length) process.stderr.write(`vcan suite output:\n${run.log.slice(-6000)}\n`);
  }, 300_000);

  for (const test of vcanTests) {
    it(test.name, (context) => {
      if (mode.kind === 'missing') {
        if (inCi) throw new Error(`peer missing: ${mode.reason} (install: ${mode.install})`);
        context.skip(`peer missing: ${mode.reason}`);
        return;
      }
      const result = run?.results.find((r) => r.name === test.name);
      expect(result, `no result for this test: the suite stopped early (exit ${String(run?.exitCode)})`).toBeDefined();
      for (const note of result?.notes ?? []) context.annotate(note);
      expect(result?.error ?? '', 'in-VM failure').toBe('');
      expect(result?.ok).toBe(true);
    });
  }
});
