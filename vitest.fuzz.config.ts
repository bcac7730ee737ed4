import { defineConfig } from 'vitest/config';

// The long relay fuzz (`npm run fuzz:relay`): minutes of fuzzed frames the relay's
// decoder takes, counted from its own /metrics; too long for `npm test`.
export default defineConfig({
  test: { include: ['test/fuzz/**/*.fuzz.ts'], testTimeout: 1_020_000, hookTimeout: 60_000 },
});
