import { sql } from 'drizzle-orm';
import type { DemoReferenceTarget } from '../../lib/seed.js';
import type { Database } from '../../lib/db.js';
import { industrialProjectsTable, pairingsTable as p } from './tables.js';

/**
 * The demo industrial projects, with their county and year: what the enterprises channel's demo
 * data names as also reported here (its seed runs after this channel's, lib/seed.ts).
 */
export async function demoReferenceTargets(database: Database): Promise<DemoReferenceTarget[]> {
  const t = industrialProjectsTable;
  const rows = await database.db
    .select({ id: t.id, county: t.countyCode, year: t.year })
    .from(t)
    .innerJoin(p, sql`${p.id} = ${t.pairingId}`)
    .where(sql`${t.demo} and ${t.voidedAt} is null and ${p.voidedAt} is null`)
    .orderBy(t.id);
  return rows.map((row) => ({ id: `ew-project-${row.id}`, county: row.county, year: row.year }));
}
