import { defineConfig } from 'vitest/config';

/** Pure logic: no database, no server, no browser (`npm run test:unit`, seconds). */
const UNIT = ['test/unit/**/*.test.ts', 'test/**/*.unit.test.ts'];

// Two projects over one configuration: `unit` (pure logic, in seconds) and `e2e` (real
// servers, databases and browsers). `npm test` runs both. Test files run in separate
// processes, two at a time (the machines have two cores); each end-to-end file gets its own
// throwaway database (test/harness.ts).
export default defineConfig({
  // graphql ships ESM (.mjs) and CommonJS (.js) builds; the Apollo libraries require the
  // CommonJS one, so everything must load that one or schemas cross "realms".
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    env: { APOLLO_TELEMETRY_DISABLED: '1' },
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, testTimeout: 10_000 } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: UNIT } },
    ],
  },
});
