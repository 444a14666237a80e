import { defineConfig } from 'vitest/config';

// Test files run in separate processes, two at a time (the machines have two cores); each
// file gets its own throwaway database (test/harness.ts).
export default defineConfig({
  // graphql ships ESM (.mjs) and CommonJS (.js) builds; the Apollo libraries require the
  // CommonJS one, so everything must load that one or schemas cross "realms".
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: { APOLLO_TELEMETRY_DISABLED: '1' },
  },
});
