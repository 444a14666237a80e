import DataLoader from 'dataloader';
import type { Connection } from '../../lib/pagination.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { and, asc, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { idYearCacheKey, idYearDemoCacheKey, rowsOf, type IdYearDemoKey, type IdYearKey } from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import { demoCondition, passesDemo } from '../../lib/demo.js';
import { activeInYear } from '../../lib/calendar.js';
import { distribute, listCondition, regionFieldCacheKey, scopeCondition, type RegionFieldKey, ScopeIndex } from '../../lib/scope.js';
import { fromFen, toFen } from '../../lib/money.js';
import { counts } from '../../lib/corrections.js';
import { fiscalAidTable, industrialProjectsTable, labourTable, meetingsTable, pairingsTable, produceTable, talentTable } from './tables.js';

export type PairingRow = typeof pairingsTable.$inferSelect;
export type MeetingRow = typeof meetingsTable.$inferSelect;
export type FiscalAidRow = typeof fiscalAidTable.$inferSelect;
export type IndustrialProjectRow = typeof industrialProjectsTable.$inferSelect;
export type LabourRow = typeof labourTable.$inferSelect;
export type TalentRow = typeof talentTable.$inferSelect;
export type ProduceRow = typeof produceTable.$inferSelect;
export type PairingPage = Connection<PairingRow>;

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
    .where(
      listCondition(
        where,
        pairingsTable,
        keys.map((k) => k.key),
      ),
    )
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
  const rows = await db
    .select()
    .from(pairingsTable)
    .where(inArray(pairingsTable.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Key of a per-parent, per-year field (a pairing's flows); `includeVoided`: voided flows too. */
export type YearKey = IdYearKey & { includeVoided?: boolean };

/** The years condition of a batch of year keys: none if any key asks for every year. */
function yearsIn(column: AnyColumn, keys: readonly YearKey[]): SQL | undefined {
  if (keys.some((k) => k.year === null)) return undefined;
  return inArray(column, [...new Set(keys.map((k) => k.year as number))]);
}

async function pairingsByHelpers(db: Db, keys: readonly IdYearDemoKey[]): Promise<PairingRow[][]> {
  const rows = await db
    .select()
    .from(pairingsTable)
    .where(
      and(
        inArray(pairingsTable.helperId, [...new Set(keys.map((k) => k.id))]),
        counts(pairingsTable.voidedAt),
        demoCondition(
          pairingsTable.demo,
          keys.map((k) => k.demo),
        ),
      ),
    )
    .orderBy(asc(pairingsTable.since), asc(pairingsTable.id));
  const byHelper = groupBy(rows, (r) => r.helperId);
  return keys.map((k) => (byHelper.get(k.id) ?? []).filter((r) => activeInYear(r.since, r.until, k.year) && passesDemo(k.demo, r.demo)));
}

type FlowTable = typeof meetingsTable | typeof fiscalAidTable | typeof industrialProjectsTable | typeof labourTable | typeof talentTable | typeof produceTable;

/** A flow loader: all flows of a batch of pairings (and years) in one statement. */
function flowLoader<R extends { pairingId: string; year: number; id: number; voidedAt: Date | null }>(db: Db, table: FlowTable) {
  return new DataLoader<YearKey, R[], string>(
    async (keys) => {
      const rows = (await db
        .select()
        .from(table)
        .where(
          and(
            inArray(table.pairingId, [...new Set(keys.map((k) => k.id))]),
            yearsIn(table.year, keys),
            keys.some((k) => k.includeVoided) ? undefined : counts(table.voidedAt),
          ),
        )
        .orderBy(asc(table.year), asc(table.id))) as unknown as R[];
      const byPairing = groupBy(rows, (r) => r.pairingId);
      return keys.map((k) => (byPairing.get(k.id) ?? []).filter((r) => (k.year === null || r.year === k.year) && (k.includeVoided || r.voidedAt === null)));
    },
    { cacheKeyFn: (k) => `${idYearCacheKey(k)}|${k.includeVoided ? 'v' : ''}` },
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
  /** The region, year and demo filter it was computed for: its `demo` part asks the same with 'demo'. */
  key: RegionFieldKey;
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
  /** The pairing's flag, read only when a key of the batch filters on it. */
  demo?: boolean;
}

/** A summary's two sides: the region as the helpers' home, and as the helped place. */
export type Side = 'asHelper' | 'asHelped';
/** The kinds of flow a summary sums. */
export type FlowKind = 'meeting' | 'fiscal' | 'project' | 'labour' | 'talent' | 'produce';

/**
 * A region's summary key: its scope and year, the sides its query shows and the kinds of flow
 * their totals read (`summaryAsked`); the national picture shows one side's pairings and fiscal
 * aid, and reads neither the helpers' side nor five of the six flow tables.
 */
export type SummaryKey = RegionFieldKey & { sides: readonly Side[]; flows: readonly FlowKind[] };

/** The flow kind each EastWestTotals field reads (none: pairings and helpers). */
export const FLOW_OF_FIELD: Record<keyof Totals, FlowKind | null> = {
  pairings: null,
  helpers: null,
  meetings: 'meeting',
  fiscalAidPledged: 'fiscal',
  fiscalAidCommitted: 'fiscal',
  fiscalAidDisbursed: 'fiscal',
  industrialProjects: 'project',
  industrialInvestment: 'project',
  jobsForPoor: 'project',
  workersPlaced: 'labour',
  poorWorkersPlaced: 'labour',
  talentEastToWest: 'talent',
  talentWestToEast: 'talent',
  producePurchases: 'produce',
};

/** Each flow table summed per pairing (and year, unless `yearOf` folds the years). */
function flowSums(kind: FlowKind, inP: (table: FlowTable) => SQL, yearOf: (table: FlowTable) => SQL): SQL {
  switch (kind) {
    case 'meeting':
      return sql`select ${meetingsTable.pairingId} as pairing_id, ${yearOf(meetingsTable)} as year, 'meeting' as kind, null::text as sub,
        count(*)::int as n, null::numeric as a, 0::bigint as i1, 0::bigint as i2
      from ${meetingsTable} where ${inP(meetingsTable)} group by 1, 2`;
    case 'fiscal':
      return sql`select ${fiscalAidTable.pairingId}, ${yearOf(fiscalAidTable)}, 'fiscal', ${fiscalAidTable.stage}::text,
        count(*)::int, sum(${fiscalAidTable.amount}), 0::bigint, 0::bigint
      from ${fiscalAidTable} where ${inP(fiscalAidTable)} group by 1, 2, 4`;
    case 'project':
      return sql`select ${industrialProjectsTable.pairingId}, ${yearOf(industrialProjectsTable)}, 'project', null::text,
        count(*)::int, sum(${industrialProjectsTable.investment}), sum(${industrialProjectsTable.jobsForPoor}), 0::bigint
      from ${industrialProjectsTable} where ${inP(industrialProjectsTable)} group by 1, 2`;
    case 'labour':
      return sql`select ${labourTable.pairingId}, ${yearOf(labourTable)}, 'labour', null::text,
        count(*)::int, null::numeric, sum(${labourTable.workersPlaced}), sum(${labourTable.poorWorkersPlaced})
      from ${labourTable} where ${inP(labourTable)} group by 1, 2`;
    case 'talent':
      return sql`select ${talentTable.pairingId}, ${yearOf(talentTable)}, 'talent', ${talentTable.direction}::text,
        count(*)::int, null::numeric, sum(${talentTable.persons}), sum(${talentTable.personDays})
      from ${talentTable} where ${inP(talentTable)} group by 1, 2, 4`;
    case 'produce':
      return sql`select ${produceTable.pairingId}, ${yearOf(produceTable)}, 'produce', null::text,
        count(*)::int, sum(${produceTable.amount}), 0::bigint, 0::bigint
      from ${produceTable} where ${inP(produceTable)} group by 1, 2`;
  }
}

/** The first branch names the columns; with no flow asked, `f` is empty. */
const NO_FLOWS = sql`select null::text as pairing_id, null::int as year, null::text as kind, null::text as sub,
  0 as n, null::numeric as a, 0::bigint as i1, 0::bigint as i2 where false`;

/**
 * `Region.eastWestSummary` for a batch of regions in ONE statement: the pairings in scope of
 * any key on a side some key shows, each joined to the kinds of flow some key reads, summed per
 * year and kind in SQL (numeric, exact). The per-region totals then add those per-pairing sums
 * exactly (money.ts). A side no key shows is not computed (its totals read zero, and no
 * resolver shows them: the side is part of the key). Flows inherit their pairing's demo flag,
 * so a key's demo filter is a filter on the pairings: in SQL when every key of the batch wants
 * the same side, otherwise on each key's rows. The flows' sums are computed once
 * (`materialized`): a planner that misjudges the pairings as few would otherwise sum them again
 * for every pairing (a national batch took seconds instead of milliseconds).
 */
async function summaries(db: Db, keys: readonly SummaryKey[]): Promise<Summary[]> {
  const shows = (side: Side) => keys.some((k) => k.sides.includes(side));
  const scope = or(
    shows('asHelped') ? scopeCondition(pairingsTable.helpedCode, keys) : undefined,
    shows('asHelper') ? scopeCondition(pairingsTable.helperCode, keys) : undefined,
  );
  const years = keys.some((k) => k.year === null) ? null : [...new Set(keys.map((k) => k.year as number))];
  const yearFilter = (table: FlowTable) => (years ? sql` and ${inArray(table.year, years)}` : sql``);
  const inP = (table: FlowTable) => sql`${table.pairingId} in (select id from p)${yearFilter(table)} and ${counts(table.voidedAt)}`;
  // Every key asks for all years (the national picture): flows summed over the years in SQL,
  // one row per pairing and kind rather than per pairing, kind and year.
  const allYears = keys.every((k) => k.year === null);
  const yearOf = (table: FlowTable) => (allYears ? sql`null::int` : sql`${table.year}`);
  const flows = [...new Set(keys.flatMap((k) => k.flows))].sort();
  const f = flows.length ? sql.join([NO_FLOWS, ...flows.map((kind) => flowSums(kind, inP, yearOf))], sql` union all `) : NO_FLOWS;
  const demo = demoCondition(
    pairingsTable.demo,
    keys.map((k) => k.demo),
  );
  const filtered = keys.some((k) => k.demo !== 'all');
  const result = await db.execute(sql`
    with p as (
      select ${pairingsTable.id} as id, ${pairingsTable.helperId} as helper_id, ${pairingsTable.helperCode} as helper_code,
        ${pairingsTable.helpedCode} as helped_code, ${pairingsTable.since}::text as since, ${pairingsTable.until}::text as until${filtered ? sql`, ${pairingsTable.demo} as demo` : sql``}
      from ${pairingsTable} where ${scope ?? sql`false`} and ${counts(pairingsTable.voidedAt)}${demo ? sql` and ${demo}` : sql``}
    ),
    f as materialized (${f})
    select p.id, p.helper_id, p.helper_code, p.helped_code, p.since, p.until,
      f.year, f.kind, f.sub, f.n, f.a::text as a, f.i1::text as i1, f.i2::text as i2${filtered ? sql`, p.demo` : sql``}
    from p left join f on f.pairing_id = p.id
    order by p.id, f.kind, f.sub, f.year`);
  const rows = rowsOf<AggregateRow>(result);
  // Codes and subtree prefixes are map lookups, never a scan per key (see ScopeIndex).
  const byHelper = shows('asHelper') ? new ScopeIndex(rows, (r) => r.helper_code) : null;
  const byHelped = shows('asHelped') ? new ScopeIndex(rows, (r) => r.helped_code) : null;
  const rowsOfKey = (index: ScopeIndex<AggregateRow>, k: SummaryKey) => {
    const found = index.rowsIn(k.scope);
    return k.demo === 'all' ? found : found.filter((r) => passesDemo(k.demo, r.demo!));
  };
  const totals = (index: ScopeIndex<AggregateRow> | null, k: SummaryKey, side: Side) =>
    index && k.sides.includes(side) ? totalsOf(rowsOfKey(index, k), k.year) : totalsOf([], k.year);
  return keys.map((k) => ({
    code: k.scope.code,
    year: k.year,
    asHelper: totals(byHelper, k, 'asHelper'),
    asHelped: totals(byHelped, k, 'asHelped'),
    key: { scope: k.scope, year: k.year, demo: k.demo },
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

/** A region's totals from its pairings' rows, in one pass (money summed exactly, in fen). */
function totalsOf(rows: AggregateRow[], year: number | null): Totals {
  const pairings = new Map<string, string>();
  const fen = { PLEDGED: 0n, COMMITTED: 0n, DISBURSED: 0n, project: 0n, produce: 0n };
  const count = { meeting: 0, project: 0, jobs: 0, workers: 0, poorWorkers: 0 };
  const talent: Record<string, TalentTotals> = { EAST_TO_WEST: { persons: 0, personDays: 0 }, WEST_TO_EAST: { persons: 0, personDays: 0 } };
  const int = (v: number | string | null) => Number(v ?? 0);
  const money = (v: string | null) => (v === null ? 0n : toFen(v));
  for (const r of rows) {
    if (activeInYear(r.since, r.until, year)) pairings.set(r.id, r.helper_id);
    if (r.kind === null || (year !== null && r.year !== year)) continue;
    switch (r.kind) {
      case 'meeting':
        count.meeting += int(r.n);
        break;
      case 'fiscal':
        if (r.sub === 'PLEDGED' || r.sub === 'COMMITTED' || r.sub === 'DISBURSED') fen[r.sub] += money(r.a);
        break;
      case 'project':
        count.project += int(r.n);
        count.jobs += int(r.i1);
        fen.project += money(r.a);
        break;
      case 'labour':
        count.workers += int(r.i1);
        count.poorWorkers += int(r.i2);
        break;
      case 'talent':
        if (r.sub !== null && talent[r.sub]) {
          talent[r.sub].persons += int(r.i1);
          talent[r.sub].personDays += int(r.i2);
        }
        break;
      case 'produce':
        fen.produce += money(r.a);
        break;
    }
  }
  return {
    pairings: pairings.size,
    helpers: new Set(pairings.values()).size,
    meetings: count.meeting,
    fiscalAidPledged: fromFen(fen.PLEDGED),
    fiscalAidCommitted: fromFen(fen.COMMITTED),
    fiscalAidDisbursed: fromFen(fen.DISBURSED),
    industrialProjects: count.project,
    industrialInvestment: fromFen(fen.project),
    jobsForPoor: count.jobs,
    workersPlaced: count.workers,
    poorWorkersPlaced: count.poorWorkers,
    talentEastToWest: talent.EAST_TO_WEST,
    talentWestToEast: talent.WEST_TO_EAST,
    producePurchases: fromFen(fen.produce),
  };
}

export function createLoaders(db: Db) {
  return {
    pairingById: new DataLoader<string, PairingRow | null>((ids) => pairingsByIds(db, ids)),
    regionPairings: new DataLoader<PairingFieldKey, PairingRow[], string>((keys) => pairingsForRegions(db, keys), {
      cacheKeyFn: (k) => `${k.role}|${regionFieldCacheKey(k.key)}`,
    }),
    helperPairings: new DataLoader<IdYearDemoKey, PairingRow[], string>((keys) => pairingsByHelpers(db, keys), {
      cacheKeyFn: idYearDemoCacheKey,
    }),
    regionSummary: new DataLoader<SummaryKey, Summary, string>((keys) => summaries(db, keys), {
      cacheKeyFn: (k) => `${regionFieldCacheKey(k)}|${k.sides.join(',')}|${k.flows.join(',')}`,
    }),
    meetings: flowLoader<MeetingRow>(db, meetingsTable),
    fiscalAid: flowLoader<FiscalAidRow>(db, fiscalAidTable),
    industrialProjects: flowLoader<IndustrialProjectRow>(db, industrialProjectsTable),
    labour: flowLoader<LabourRow>(db, labourTable),
    talent: flowLoader<TalentRow>(db, talentTable),
    produce: flowLoader<ProduceRow>(db, produceTable),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
/** What every resolver of this subgraph receives as its context. */
export type Context = SubgraphContext<Loaders>;
