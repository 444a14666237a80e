import { and, asc, eq, like, max, or, sql } from 'drizzle-orm';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../lib/db.js';
import { hasRows, type RegionRow, type RegistrySeedApi, type SeedHooks } from '../../lib/seed.js';
import { HISTORY_FILE, loadCodeHistory } from './code-history.js';
import { hasDivisions, importPovertyCounties, loadDivisions, upsertOrganizations } from './import.js';
import { referenceOrganizations } from './reference.js';
import { codeHistoryTable, organizationsTable, poorVillagesTable, povertyDesignationsTable as designations, regionsTable as regions } from './tables.js';

/** File of the 832-county form looked for in the reference folder. */
export const POVERTY_FILE = 'poverty-counties-832.csv';

/** About 128,000 villages were filed as poor in 2014; no public list names them. */
const POOR_VILLAGES_2014 = 128_000;

export const seed: SeedHooks = {
  steps: [
    {
      name: 'divisions',
      loadedBefore: (db) => hasDivisions(db),
      async run({ database, divisionsWithin, log, progress }) {
        const divisions = await loadDivisions(database, { within: divisionsWithin ?? undefined, progress });
        const total = Object.values(divisions.rows).reduce((a, b) => a + b, 0);
        log(
          `registry: ${total} divisions (${Object.entries(divisions.rows)
            .map(([l, n]) => `${n} ${l.toLowerCase()}`)
            .join(', ')}) in ${divisions.ms} ms`,
        );
        return total;
      },
    },
    {
      name: 'poverty designations',
      loadedBefore: (db) => hasRows(db, designations),
      async run({ database, referenceDir, log }) {
        const povertyPath = join(referenceDir, POVERTY_FILE);
        if (!existsSync(povertyPath)) {
          log(`registry: no ${POVERTY_FILE} in the reference folder: poverty designations not loaded`);
          return 0;
        }
        const report = await importPovertyCounties(database, povertyPath);
        log(
          `registry: ${report.loaded} poverty designations from ${report.file}${report.unknown.length ? `, ${report.unknown.length} unknown codes skipped` : ''}`,
        );
        return report.loaded;
      },
    },
    {
      name: 'reference organisations',
      loadedBefore: (db) => hasRows(db, organizationsTable, sql`not ${organizationsTable.demo}`),
      async run({ database, referenceDir, log }) {
        const orgs = referenceOrganizations(referenceDir);
        await upsertOrganizations(database, orgs);
        log(`registry: ${orgs.length} reference organisations`);
        return orgs.length;
      },
    },
    {
      name: 'code history',
      loadedBefore: (db) => hasRows(db, codeHistoryTable),
      /** The county-level codes of 1981–2024, each resolved to the places of the edition. */
      async run({ database, referenceDir, log }) {
        const history = await loadCodeHistory(database, referenceDir);
        log(
          history
            ? `registry: ${history.rows} code-history rows (${history.former} former codes with one current place, ${history.split} split) in ${history.ms} ms`
            : `registry: no ${HISTORY_FILE} in the reference folder: former codes are not read`,
        );
        return history?.rows ?? 0;
      },
    },
    {
      name: 'demo poor villages',
      demo: true,
      loadedBefore: (db) => hasRows(db, poorVillagesTable),
      /** Generated village-level poverty flags, inside the poverty counties, each marked demo. */
      async run({ database, rng, log }) {
        const villages = await database.db
          .select({ code: regions.code })
          .from(regions)
          .where(and(eq(regions.level, 'VILLAGE'), sql`substr(${regions.code}, 1, 6) in (select ${designations.code} from ${designations})`))
          .orderBy(asc(regions.code));
        const p = Math.min(0.9, POOR_VILLAGES_2014 / villages.length);
        const flagged = villages.filter(() => rng.chance(p)).map((v) => [v.code, true]);
        await database.copyRows('registry.poor_villages', ['code', 'demo'], flagged);
        log(`registry: ${flagged.length} demo poor-village flags (generated: no public list names them)`);
        return flagged.length;
      },
    },
  ],
};

/** The registry's seeding API, handed by seed/index.ts to every channel's seed hooks. */
export function createRegistrySeedApi(database: Database): RegistrySeedApi {
  const withPoverty = (where: ReturnType<typeof and>) =>
    database.db
      .select({ code: regions.code, name: regions.name, povertyExitYear: max(designations.exitYear) })
      .from(regions)
      .leftJoin(designations, eq(designations.code, regions.code))
      .where(where)
      .groupBy(regions.code, regions.name)
      .orderBy(asc(regions.code));
  return {
    upsertOrganizations: (list) => upsertOrganizations(database, list),
    regions: async (level, within) =>
      (await withPoverty(
        and(
          eq(regions.level, level as (typeof regions.$inferSelect)['level']),
          within?.length ? or(...within.map((w) => like(regions.code, `${w}%`))) : undefined,
        ),
      )) as RegionRow[],
    povertyCounties: async () => (await withPoverty(sql`${regions.code} in (select ${designations.code} from ${designations})`)) as RegionRow[],
  };
}
