/** Every in-VM test, in the order the runner runs them (the host declares one vitest test each). */
import { benchToolsTests } from './bench-tools.vcan.js';
import { canUtilsInteropTests } from './can-utils-interop.vcan.js';
import { runtimeTests } from './runtime.vcan.js';
import { socketcanSourceTests } from './socketcan-source.vcan.js';
import type { VcanTest } from './vcan-test.js';

export const vcanTests: readonly VcanTest[] = [...socketcanSourceTests, ...canUtilsInteropTests, ...benchToolsTests, ...runtimeTests];
