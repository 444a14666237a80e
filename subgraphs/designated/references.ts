import { sql } from 'drizzle-orm';
import { existingIdsField, referableKind } from '../../lib/references.js';
import type { DemoReferenceTarget } from '../../lib/seed.js';
import type { Database } from '../../lib/db.js';
import { pairingsTable as p, reportsTable as r } from './tables.js';

/**
 * The designated records another channel may name as the same help (an enterprise
 * contribution's `alsoReportedAs`, lib/references.ts): pairings (`dsg-p-…`) and annual reports
 * (`dsg-r-…`) that count — not voided, a report's pairing not voided either.
 */
const KINDS = [
  referableKind('dsg-p-', 'text', sql`${p}`, p.id, sql`${p.voidedAt} is null`),
  referableKind('dsg-r-', 'text', sql`${r} join ${p} on ${p.id} = ${r.pairingId}`, r.id, sql`${r.voidedAt} is null and ${p.voidedAt} is null`),
];

export const referenceResolvers = { Query: { designatedRecordsExisting: existingIdsField(KINDS) } };

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
