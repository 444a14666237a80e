import { sql } from 'drizzle-orm';
import { existingIdsField, referableKind } from '../../lib/references.js';
import type { DemoReferenceTarget } from '../../lib/seed.js';
import type { Database } from '../../lib/db.js';
import { fiscalAidTable, industrialProjectsTable, labourTable, meetingsTable, pairingsTable as p, produceTable, talentTable } from './tables.js';

/**
 * The east-west records another channel may name as the same help (an enterprise
 * contribution's `alsoReportedAs`, lib/references.ts): the flows (`ew-fiscal-…`,
 * `ew-project-…`, …) that count — not voided, nor their pairing.
 */
const FLOWS = [
  ['ew-meeting-', meetingsTable],
  ['ew-fiscal-', fiscalAidTable],
  ['ew-project-', industrialProjectsTable],
  ['ew-labour-', labourTable],
  ['ew-talent-', talentTable],
  ['ew-produce-', produceTable],
] as const;

const KINDS = FLOWS.map(([prefix, t]) =>
  referableKind(prefix, 'serial', sql`${t} join ${p} on ${p.id} = ${t.pairingId}`, t.id, sql`${t.voidedAt} is null and ${p.voidedAt} is null`),
);

export const referenceResolvers = { Query: { eastWestRecordsExisting: existingIdsField(KINDS) } };

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
