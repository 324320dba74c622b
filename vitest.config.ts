import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**', 'test/bench/**', 'test/fuzz/**'],
    // Prints the one line naming each missing peer (and fails it under CI=true): test/helpers/peers.ts.
    globalSetup: ['test/helpers/missing-peers-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
