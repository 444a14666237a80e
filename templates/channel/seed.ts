import { demoName } from '../../lib/demo.js';
import { hasRows, type SeedHooks } from '../../lib/seed.js';
import { recordsTable } from './tables.js';

/** The demo helper, registered through the registry's seeding API. */
export const DEMO_HELPER = 'sample-demo-helper';

/**
 * One demo step: the demo helper helps every poverty county from a drawn year (2015 or 2016)
 * until its exit year's end, one record each, drawn from the scope's `rng` (forked per stream).
 */
export const seed: SeedHooks = {
  steps: [
    {
      name: 'demo',
      demo: true,
      loadedBefore: (db) => hasRows(db, recordsTable),
      run: async (scope) => {
        await scope.registry.upsertOrganizations([
          { id: DEMO_HELPER, name: demoName('样例帮扶基金会'), kind: 'SOCIAL_ORGANIZATION', demo: true, source: 'demo' },
        ]);
        const counties = await scope.registry.povertyCounties();
        const rng = scope.rng.fork('records');
        const rows = counties.map((c) => [
          `sample-demo-${c.code}`,
          DEMO_HELPER,
          c.code,
          `${rng.int(2015, 2016)}-01-01`,
          c.povertyExitYear === null ? null : `${c.povertyExitYear}-12-31`,
          true,
          'demo',
        ]);
        await scope.database.copyRows('sample.records', ['id', 'helper_id', 'helped_code', 'since', 'until', 'demo', 'source'], rows);
        return rows.length;
      },
    },
  ],
};
