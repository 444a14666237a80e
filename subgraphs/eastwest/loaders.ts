import DataLoader from 'dataloader';
import { and, asc, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { idYearCacheKey, rowsOf, type IdYearKey } from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import {
  activeInYear,
  distribute,
  periodCondition,
  regionFieldCacheKey,
  scopeCondition,
  type RegionFieldKey,
  ScopeIndex,
} from '../../lib/scope.js';
import { sumMoney } from '../../lib/money.js';
import {
  fiscalAidTable,
  industrialProjectsTable,
  labourTable,
  meetingsTable,
  pairingsTable,
  produceTable,
  talentTable,
} from './tables.js';

export type PairingRow = typeof pairingsTable.$inferSelect;
export type MeetingRow = typeof meetingsTable.$inferSelect;
export type FiscalAidRow = typeof fiscalAidTable.$inferSelect;
export type IndustrialProjectRow = typeof industrialProjectsTable.$inferSelect;
export type LabourRow = typeof labourTable.$inferSelect;
export type TalentRow = typeof talentTable.$inferSelect;
export type ProduceRow = typeof produceTable.$inferSelect;

export type Role = 'HELPER' | 'HELPED';

export interface PairingFieldKey {
  role: Role;
  key: RegionFieldKey;
}

const codeOfRole = (role: Role) => (p: PairingRow) => (role === 'HELPED' ? p.helpedCode : p.helperCode);
const periodOf = (p: PairingRow) => ({ since: p.since, until: p.until });

/**
 * `Region.eastWestPairings` for a whole batch of regions, both roles: ONE statement matching
 * the helped codes of the HELPED keys or the helper codes of the HELPER keys, then each key
 * gets its rows by `distribute`.
 */
async function pairingsForRegions(db: Db, keys: readonly PairingFieldKey[]): Promise<PairingRow[][]> {
  const helped = keys.filter((k) => k.role === 'HELPED').map((k) => k.key);
  const helper = keys.filter((k) => k.role === 'HELPER').map((k) => k.key);
  const where = or(
    helped.length ? scopeCondition(pairingsTable.helpedCode, helped) : undefined,
    helper.length ? scopeCondition(pairingsTable.helperCode, helper) : undefined,
  );
  const rows = await db
    .select()
    .from(pairingsTable)
    .where(and(where, periodCondition(pairingsTable.since, pairingsTable.until, keys.map((k) => k.key))))
    .orderBy(asc(pairingsTable.since), asc(pairingsTable.id));
  const byRole = {
    HELPED: distribute(helped, rows, codeOfRole('HELPED'), periodOf),
    HELPER: distribute(helper, rows, codeOfRole('HELPER'), periodOf),
  };
  const next = { HELPED: 0, HELPER: 0 };
  return keys.map((k) => byRole[k.role][next[k.role]++]);
}

/** Pairings by id: one statement per batch. */
async function pairingsByIds(db: Db, ids: readonly string[]): Promise<(PairingRow | null)[]> {
  const rows = await db.select().from(pairingsTable).where(inArray(pairingsTable.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Key of a per-parent, per-year field (`Organization.eastWestPairings(year)`, a pairing's flows). */
export type YearKey = IdYearKey;

/** The years condition of a batch of year keys: none if any key asks for every year. */
function yearsIn(column: AnyColumn, keys: readonly YearKey[]): SQL | undefined {
  if (keys.some((k) => k.year === null)) return undefined;
  return inArray(column, [...new Set(keys.map((k) => k.year as number))]);
}

async function pairingsByHelpers(db: Db, keys: readonly YearKey[]): Promise<PairingRow[][]> {
  const rows = await db
    .select()
    .from(pairingsTable)
    .where(inArray(pairingsTable.helperId, [...new Set(keys.map((k) => k.id))]))
    .orderBy(asc(pairingsTable.since), asc(pairingsTable.id));
  const byHelper = groupBy(rows, (r) => r.helperId);
  return keys.map((k) => (byHelper.get(k.id) ?? []).filter((r) => activeInYear(r.since, r.until, k.year)));
}

type FlowTable =
  | typeof meetingsTable
  | typeof fiscalAidTable
  | typeof industrialProjectsTable
  | typeof labourTable
  | typeof talentTable
  | typeof produceTable;

/** A flow loader: all flows of a batch of pairings (and years) in one statement. */
function flowLoader<R extends { pairingId: string; year: number; id: number }>(db: Db, table: FlowTable) {
  return new DataLoader<YearKey, R[], string>(
    async (keys) => {
      const rows = (await db
        .select()
        .from(table)
        .where(and(inArray(table.pairingId, [...new Set(keys.map((k) => k.id))]), yearsIn(table.year, keys)))
        .orderBy(asc(table.year), asc(table.id))) as unknown as R[];
      const byPairing = groupBy(rows, (r) => r.pairingId);
      return keys.map((k) => (byPairing.get(k.id) ?? []).filter((r) => k.year === null || r.year === k.year));
    },
    { cacheKeyFn: idYearCacheKey },
  );
}

// ---- summaries -------------------------------------------------------------------------

export interface TalentTotals {
  persons: number;
  personDays: number;
}

export interface Totals {
  pairings: number;
  helpers: number;
  meetings: number;
  fiscalAidPledged: string;
  fiscalAidCommitted: string;
  fiscalAidDisbursed: string;
  industrialProjects: number;
  industrialInvestment: string;
  jobsForPoor: number;
  workersPlaced: number;
  poorWorkersPlaced: number;
  talentEastToWest: TalentTotals;
  talentWestToEast: TalentTotals;
  producePurchases: string;
}

export interface Summary {
  code: string;
  year: number | null;
  asHelper: Totals;
  asHelped: Totals;
}

/** One row of the summary statement: a pairing, and one aggregate of its flows (or none). */
interface AggregateRow {
  id: string;
  helper_id: string;
  helper_code: string;
  helped_code: string;
  since: string;
  until: string | null;
  year: number | null;
  kind: string | null;
  sub: string | null;
  n: number | string | null;
  a: string | null;
  i1: number | string | null;
  i2: number | string | null;
}

/**
 * `Region.eastWestSummary` for a batch of regions in ONE statement: the pairings in scope of
 * any key on either side, each joined to its flows summed per year and kind in SQL (numeric,
 * exact). The per-region totals then add those per-pairing sums exactly (money.ts).
 */
async function summaries(db: Db, keys: readonly RegionFieldKey[]): Promise<Summary[]> {
  const scope = or(scopeCondition(pairingsTable.helpedCode, keys), scopeCondition(pairingsTable.helperCode, keys));
  const years = keys.some((k) => k.year === null) ? null : [...new Set(keys.map((k) => k.year as number))];
  const yearFilter = (table: FlowTable) => (years ? sql` and ${inArray(table.year, years)}` : sql``);
  const inP = (table: FlowTable) => sql`${table.pairingId} in (select id from p)${yearFilter(table)}`;
  // Every key asks for all years (the national picture): flows summed over the years in SQL,
  // one row per pairing and kind rather than per pairing, kind and year.
  const allYears = keys.every((k) => k.year === null);
  const yearOf = (table: FlowTable) => (allYears ? sql`null::int` : sql`${table.year}`);
  const result = await db.execute(sql`
    with p as (
      select ${pairingsTable.id} as id, ${pairingsTable.helperId} as helper_id, ${pairingsTable.helperCode} as helper_code,
        ${pairingsTable.helpedCode} as helped_code, ${pairingsTable.since}::text as since, ${pairingsTable.until}::text as until
      from ${pairingsTable} where ${scope}
    ),
    f as (
      select ${meetingsTable.pairingId} as pairing_id, ${yearOf(meetingsTable)} as year, 'meeting' as kind, null::text as sub,
        count(*)::int as n, null::numeric as a, 0::bigint as i1, 0::bigint as i2
      from ${meetingsTable} where ${inP(meetingsTable)} group by 1, 2
      union all
      select ${fiscalAidTable.pairingId}, ${yearOf(fiscalAidTable)}, 'fiscal', ${fiscalAidTable.stage}::text,
        count(*)::int, sum(${fiscalAidTable.amount}), 0, 0
      from ${fiscalAidTable} where ${inP(fiscalAidTable)} group by 1, 2, 4
      union all
      select ${industrialProjectsTable.pairingId}, ${yearOf(industrialProjectsTable)}, 'project', null,
        count(*)::int, sum(${industrialProjectsTable.investment}), sum(${industrialProjectsTable.jobsForPoor}), 0
      from ${industrialProjectsTable} where ${inP(industrialProjectsTable)} group by 1, 2
      union all
      select ${labourTable.pairingId}, ${yearOf(labourTable)}, 'labour', null,
        count(*)::int, null, sum(${labourTable.workersPlaced}), sum(${labourTable.poorWorkersPlaced})
      from ${labourTable} where ${inP(labourTable)} group by 1, 2
      union all
      select ${talentTable.pairingId}, ${yearOf(talentTable)}, 'talent', ${talentTable.direction}::text,
        count(*)::int, null, sum(${talentTable.persons}), sum(${talentTable.personDays})
      from ${talentTable} where ${inP(talentTable)} group by 1, 2, 4
      union all
      select ${produceTable.pairingId}, ${yearOf(produceTable)}, 'produce', null,
        count(*)::int, sum(${produceTable.amount}), 0, 0
      from ${produceTable} where ${inP(produceTable)} group by 1, 2
    )
    select p.id, p.helper_id, p.helper_code, p.helped_code, p.since, p.until,
      f.year, f.kind, f.sub, f.n, f.a::text as a, f.i1::text as i1, f.i2::text as i2
    from p left join f on f.pairing_id = p.id
    order by p.id, f.kind, f.sub, f.year`);
  const rows = rowsOf<AggregateRow>(result);
  // Codes and subtree prefixes are map lookups, never a scan per key (see ScopeIndex).
  const byHelper = new ScopeIndex(rows, (r) => r.helper_code);
  const byHelped = new ScopeIndex(rows, (r) => r.helped_code);
  return keys.map((k) => ({
    code: k.scope.code,
    year: k.year,
    asHelper: totalsOf(byHelper.rowsIn(k.scope), k.year),
    asHelped: totalsOf(byHelped.rowsIn(k.scope), k.year),
  }));
}

function groupBy<R>(rows: readonly R[], keyOf: (row: R) => string): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of rows) {
    const list = out.get(keyOf(r));
    if (list) list.push(r);
    else out.set(keyOf(r), [r]);
  }
  return out;
}

function totalsOf(rows: AggregateRow[], year: number | null): Totals {
  const pairings = new Map<string, string>();
  for (const r of rows) if (activeInYear(r.since, r.until, year)) pairings.set(r.id, r.helper_id);
  const flows = rows.filter((r) => r.kind !== null && (year === null || r.year === year));
  const of = (kind: string, sub?: string) => flows.filter((r) => r.kind === kind && (sub === undefined || r.sub === sub));
  const int = (list: AggregateRow[], field: 'n' | 'i1' | 'i2') => list.reduce((s, r) => s + Number(r[field] ?? 0), 0);
  const money = (list: AggregateRow[]) => sumMoney(list.map((r) => r.a));
  const talent = (direction: string): TalentTotals => ({
    persons: int(of('talent', direction), 'i1'),
    personDays: int(of('talent', direction), 'i2'),
  });
  return {
    pairings: pairings.size,
    helpers: new Set(pairings.values()).size,
    meetings: int(of('meeting'), 'n'),
    fiscalAidPledged: money(of('fiscal', 'PLEDGED')),
    fiscalAidCommitted: money(of('fiscal', 'COMMITTED')),
    fiscalAidDisbursed: money(of('fiscal', 'DISBURSED')),
    industrialProjects: int(of('project'), 'n'),
    industrialInvestment: money(of('project')),
    jobsForPoor: int(of('project'), 'i1'),
    workersPlaced: int(of('labour'), 'i1'),
    poorWorkersPlaced: int(of('labour'), 'i2'),
    talentEastToWest: talent('EAST_TO_WEST'),
    talentWestToEast: talent('WEST_TO_EAST'),
    producePurchases: money(of('produce')),
  };
}

export function createLoaders(db: Db) {
  return {
    pairingById: new DataLoader<string, PairingRow | null>((ids) => pairingsByIds(db, ids)),
    regionPairings: new DataLoader<PairingFieldKey, PairingRow[], string>((keys) => pairingsForRegions(db, keys), {
      cacheKeyFn: (k) => `${k.role}|${regionFieldCacheKey(k.key)}`,
    }),
    helperPairings: new DataLoader<YearKey, PairingRow[], string>((keys) => pairingsByHelpers(db, keys), { cacheKeyFn: idYearCacheKey }),
    regionSummary: new DataLoader<RegionFieldKey, Summary, string>((keys) => summaries(db, keys), { cacheKeyFn: regionFieldCacheKey }),
    meetings: flowLoader<MeetingRow>(db, meetingsTable),
    fiscalAid: flowLoader<FiscalAidRow>(db, fiscalAidTable),
    industrialProjects: flowLoader<IndustrialProjectRow>(db, industrialProjectsTable),
    labour: flowLoader<LabourRow>(db, labourTable),
    talent: flowLoader<TalentRow>(db, talentTable),
    produce: flowLoader<ProduceRow>(db, produceTable),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
