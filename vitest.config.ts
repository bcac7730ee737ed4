import { defineConfig } from 'vitest/config';

// Three projects so each layer can be run alone; `npm test` runs them all.
// e2e and integration start real processes, so they get longer timeouts.
export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
    projects: [
      { test: { name: 'unit', include: ['shared/**/*.test.ts', 'relay/**/*.test.ts', 'renderer/**/*.test.ts', 'electron/**/*.test.ts', 'bench/**/*.test.ts'], environment: 'node', pool: 'threads' } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/fuzz/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
