import { sql } from 'drizzle-orm';
import type { DemoReferenceTarget } from '../../lib/seed.js';
import type { Database } from '../../lib/db.js';
import { pairingsTable as p, reportsTable as r } from './tables.js';

/**
 * The approved demo annual reports (those the channel's money figures count), with their county
 * and year: what the enterprises channel's demo data names as also reported here (its seed runs
 * after this channel's, lib/seed.ts).
 */
export async function demoReferenceTargets(database: Database): Promise<DemoReferenceTarget[]> {
  return database.db
    .select({ id: r.id, county: p.helpedCode, year: r.year })
    .from(r)
    .innerJoin(p, sql`${p.id} = ${r.pairingId}`)
    .where(sql`${r.demo} and ${r.status} = 'APPROVED' and ${r.voidedAt} is null and ${p.voidedAt} is null`)
    .orderBy(r.id);
}
