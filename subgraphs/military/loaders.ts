import type { Connection } from '../../lib/pagination.js';
import { counts } from '../../lib/corrections.js';
import DataLoader from 'dataloader';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { idYearCacheKey, idYearDemoCacheKey, rowsOf, splitByIdYearDemo, type IdYearDemoKey, type IdYearKey } from '../../lib/batch.js';
import { named, namedColumns, rawRows, type Db } from '../../lib/db.js';
import { demoCondition, type DemoFilter } from '../../lib/demo.js';
import {
  distribute,
  idListCondition,
  keyTable,
  placeListCondition,
  regionKeyTable,
  regionFieldCacheKey,
  regionListCacheKey,
  type RegionFieldKey,
  type RegionListKey,
} from '../../lib/scope.js';
import {
  assistanceTable as assistance,
  leadingGroupMembershipsTable as memberships,
  projectsTable as projects,
  unitProfilesTable as profiles,
  type AssistanceKind,
} from './tables.js';

/** An assistance record as the graph serves it (its bookkeeping timestamps are not served). */
export type AssistanceRow = Omit<typeof assistance.$inferSelect, 'createdAt' | 'updatedAt'>;

/** The fields of `MilitaryAssistance` its core columns serve: a place's list asking only these reads only those. */
export const CORE_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'channel', 'helper', 'helped', 'kind', 'since', 'until']);
const coreColumns = {
  id: assistance.id,
  helperId: assistance.helperId,
  helpedCode: assistance.helpedCode,
  kind: assistance.kind,
  since: assistance.since,
  until: assistance.until,
};

export type MembershipRow = typeof memberships.$inferSelect;
export type ProfileRow = typeof profiles.$inferSelect;
/** A project with the helper and place of its record: what the sensitivity rule needs. */
export type ProjectRow = typeof projects.$inferSelect & { helperId: string; helpedCode: string };

/** Sums over projects, exact: money as a decimal string straight from numeric. */
export interface Totals {
  projectCount: number;
  funds: string;
  householdsReached: number;
  peopleReached: number;
  personnelSent: number;
  officers: number;
  soldiers: number;
}

export interface KindFigures {
  kind: AssistanceKind;
  assistanceCount: number;
  placesHelped: number;
  totals: Totals;
}

export interface SummaryFigures {
  assistanceCount: number;
  placesHelped: number;
  villagesHelped: number;
  units: number;
  totals: Totals;
  byKind: KindFigures[];
}

/** Keys of the per-record loaders: an id and an optional year. */
export type { IdYearKey };

/**
 * The condition on `demo` for a statement over a batch of keys in a JSON table `k` with a `dm`
 * column (null: every record, else the flag wanted), or nothing when every key reads all (the
 * default path's statement stays as it was).
 */
const keyDemoCondition = (filtering: boolean) => (filtering ? sql`and (k.dm is null or ${assistance.demo} = k.dm)` : sql``);

export const EMPTY_TOTALS: Totals = {
  projectCount: 0,
  funds: '0.00',
  householdsReached: 0,
  peopleReached: 0,
  personnelSent: 0,
  officers: 0,
  soldiers: 0,
};

/** The aggregate columns every summary statement selects over a joined `p` (per-record sums). */
const TOTAL_COLUMNS = sql`coalesce(sum(p.n), 0)::bigint as project_count,
  coalesce(sum(p.funds), 0.00)::text as funds,
  coalesce(sum(p.households), 0)::bigint as households_reached,
  coalesce(sum(p.people), 0)::bigint as people_reached,
  coalesce(sum(p.personnel), 0)::bigint as personnel_sent,
  coalesce(sum(p.officers), 0)::bigint as officers,
  coalesce(sum(p.soldiers), 0)::bigint as soldiers`;

/** Per-record sums of the projects of the record's year (all years when `yr` is null). */
const PER_RECORD_SUMS = sql`select a.grp, a.id, count(pr.id) as n, sum(pr.funds) as funds,
    sum(pr.households_reached) as households, sum(pr.people_reached) as people,
    sum(pr.personnel_sent) as personnel, sum(pr.officers) as officers, sum(pr.soldiers) as soldiers
  from a left join ${projects} pr on pr.assistance_id = a.id and (a.yr is null or pr.year = a.yr) and pr.voided_at is null
  group by a.grp, a.id`;

interface TotalsDbRow {
  project_count: number;
  funds: string;
  households_reached: number;
  people_reached: number;
  personnel_sent: number;
  officers: number;
  soldiers: number;
}

interface GroupDbRow extends TotalsDbRow {
  kind: AssistanceKind | null;
  all_kinds: number;
  assistance_count: number;
  places: number;
  villages: number;
  units: number;
}

function totalsOf(r: TotalsDbRow): Totals {
  return {
    projectCount: Number(r.project_count),
    funds: String(r.funds),
    householdsReached: Number(r.households_reached),
    peopleReached: Number(r.people_reached),
    personnelSent: Number(r.personnel_sent),
    officers: Number(r.officers),
    soldiers: Number(r.soldiers),
  };
}

/** Split grouping-set rows (kind rows and the all-kinds row) into one summary. */
function summaryOf(rows: GroupDbRow[]): SummaryFigures {
  const all = rows.find((r) => Number(r.all_kinds) === 1);
  const byKind = rows
    .filter((r) => Number(r.all_kinds) === 0 && r.kind)
    .map((r) => ({ kind: r.kind!, assistanceCount: Number(r.assistance_count), placesHelped: Number(r.places), totals: totalsOf(r) }))
    .sort((x, y) => x.kind.localeCompare(y.kind));
  return {
    assistanceCount: Number(all?.assistance_count ?? 0),
    placesHelped: Number(all?.places ?? 0),
    villagesHelped: Number(all?.villages ?? 0),
    units: Number(all?.units ?? 0),
    totals: all ? totalsOf(all) : EMPTY_TOTALS,
    byKind,
  };
}

/** The figures of a place or report with no record. */
export const EMPTY_SUMMARY: SummaryFigures = summaryOf([]);

const GROUP_COLUMNS = sql`a.kind, grouping(a.kind) as all_kinds, count(*)::int as assistance_count,
  count(distinct a.helped_code)::int as places,
  count(distinct a.helped_code) filter (where length(a.helped_code) = 12)::int as villages,
  count(distinct a.helper_id)::int as units`;

/**
 * A batch whose queries ask only for counts and totals: no distinct places, villages and units,
 * no per-kind rows (the national picture; a third of the statement). Those figures read 0 and
 * no resolver shows them.
 */
const COUNT_ONLY = sql`null::text as kind, 1 as all_kinds, count(*)::int as assistance_count, 0 as places, 0 as villages, 0 as units`;

/** A place's summary key: its scope and year, and whether its query asks for distinct counts or kinds. */
export type SummaryKey = RegionFieldKey & { detail: boolean };

/** "Valid at some time in k.yr" for an assistance row (null year: always). */
const validInKeyYear = sql`${assistance.voidedAt} is null and (k.yr is null or (${assistance.since} <= make_date(k.yr, 12, 31)
  and (${assistance.until} is null or ${assistance.until} >= make_date(k.yr, 1, 1))))`;

/** The assistance columns the aggregate statements carry, as plain names for the CTE `a`. */
const RECORD_COLUMNS = sql`${assistance.id} as id, ${assistance.kind} as kind,
  ${assistance.helpedCode} as helped_code, ${assistance.helperId} as helper_id`;

/**
 * Summaries for a batch of region keys in ONE statement: the keys travel as one JSON table,
 * each record joins the keys whose scope holds it (exact, subtree prefix, or containing
 * place), and grouping sets give the per-kind and all-kinds figures per key. Money is summed
 * in SQL as numeric, never in JavaScript.
 */
async function summaries(db: Db, keys: readonly SummaryKey[]): Promise<SummaryFigures[]> {
  const filtering = keys.some((k) => k.demo !== 'all');
  const table = regionKeyTable(keys, filtering);
  const detail = keys.some((k) => k.detail);
  // Canonical codes nest by prefix, so matching is equality on prefixes (hash-joinable), not a
  // LIKE per key and row: a record meets the keys at its own code and, for keys that include
  // descendants, at its containing codes; keys that include ancestors meet the records on
  // their own containing codes. The two branches never yield the same (key, record) pair.
  const result = await db.execute(sql`with k as (select * from ${table}),
    lengths(n) as (values (2), (4), (6), (9), (12)),
    a as (
      select k.grp, k.yr, ${RECORD_COLUMNS}
      from ${assistance} join lengths on lengths.n <= length(${assistance.helpedCode})
      join k on k.code = substr(${assistance.helpedCode}, 1, lengths.n)
        and (lengths.n = length(${assistance.helpedCode}) or k.descendants)
      where ${validInKeyYear} ${keyDemoCondition(filtering)}
      union all
      select k.grp, k.yr, ${RECORD_COLUMNS}
      from k join lengths on k.ancestors and lengths.n < length(k.code)
      join ${assistance} on ${assistance.helpedCode} = substr(k.code, 1, lengths.n)
      where ${validInKeyYear} ${keyDemoCondition(filtering)}
    ),
    p as (${PER_RECORD_SUMS})
    select a.grp, ${detail ? GROUP_COLUMNS : COUNT_ONLY}, ${TOTAL_COLUMNS}
    from a join p on p.grp = a.grp and p.id = a.id
    group by ${detail ? sql`grouping sets ((a.grp, a.kind), (a.grp))` : sql`a.grp`}`);
  const byKey = new Map<number, GroupDbRow[]>();
  for (const r of rowsOf<GroupDbRow & { grp: number }>(result)) {
    const g = Number(r.grp);
    byKey.set(g, [...(byKey.get(g) ?? []), r]);
  }
  return keys.map((_, i) => summaryOf(byKey.get(i) ?? []));
}

/** Totals of records (all years, or one year's projects) in one statement over a JSON table of keys. */
async function recordTotals(db: Db, keys: readonly IdYearKey[]): Promise<Totals[]> {
  const table = keyTable(
    keys.map((k, i) => ({ grp: i, id: k.id, yr: k.year })),
    'grp int, id text, yr int',
  );
  const result = await db.execute(sql`with k as (select * from ${table}),
    a as (select k.grp, k.yr, k.id from k), p as (${PER_RECORD_SUMS})
    select p.grp, ${TOTAL_COLUMNS} from p group by p.grp`);
  const byKey = new Map(rowsOf<TotalsDbRow & { grp: number }>(result).map((r) => [Number(r.grp), totalsOf(r)]));
  return keys.map((_, i) => byKey.get(i) ?? EMPTY_TOTALS);
}

export interface ProvinceFigures extends SummaryFigures {
  provinceCode: string | null;
}

/**
 * The report: places helped by kind per province and nationally, in one statement, over the
 * records `demo` asks for.
 */
export async function report(db: Db, year: number | null, demo: DemoFilter = 'all'): Promise<ProvinceFigures[]> {
  const wanted = demoCondition(assistance.demo, [demo]);
  const result = await db.execute(sql`with k(yr) as (values (${year}::int)),
    a as (
      select 0 as grp, k.yr, ${RECORD_COLUMNS}, substr(${assistance.helpedCode}, 1, 2) as province
      from ${assistance}, k where ${validInKeyYear}${wanted ? sql` and ${wanted}` : sql``}
    ),
    p as (${PER_RECORD_SUMS})
    select a.province, grouping(a.province) as all_provinces, ${GROUP_COLUMNS}, ${TOTAL_COLUMNS}
    from a join p on p.id = a.id
    group by grouping sets ((a.province, a.kind), (a.province), (a.kind), ())
    order by a.province nulls first`);
  const groups = new Map<string, GroupDbRow[]>();
  for (const r of rowsOf<GroupDbRow & { province: string | null; all_provinces: number }>(result)) {
    const key = Number(r.all_provinces) === 1 ? '' : r.province!;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  if (!groups.has('')) groups.set('', []);
  return [...groups.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([code, rows]) => ({ provinceCode: code || null, ...summaryOf(rows) }));
}

/** Leading-group seats of a batch of places or of units, valid in each key's year: one statement. */
async function membershipsOf(db: Db, keys: readonly IdYearDemoKey[], by: 'regionCode' | 'unitId'): Promise<MembershipRow[][]> {
  const rows = await db
    .select()
    .from(memberships)
    .where(idListCondition(memberships[by], memberships, keys))
    .orderBy(asc(memberships.since), asc(memberships.id));
  return splitByIdYearDemo(keys, rows, (r) => r[by]);
}

export function createLoaders(db: Db) {
  return {
    /** Region.militaryAssistance: one statement per batch of region keys. */
    regionAssistance: new DataLoader<RegionListKey, AssistanceRow[], string>(
      async (keys) => {
        // Raw rows (`rawRows`): the national picture's batch reads ~6,000 records, for their
        // helpers alone (their core: 6 columns of 12; a core row serves only CORE_FIELDS).
        // A key filtering on demo needs the flag on each row (`distribute` filters by it).
        const core = keys.some((k) => k.demo !== 'all') ? { ...coreColumns, demo: assistance.demo } : coreColumns;
        const columns = keys.every((k) => k.core) ? named(core) : namedColumns(assistance, 'createdAt', 'updatedAt');
        const rows = await rawRows<AssistanceRow>(
          db,
          db
            .select(columns)
            .from(assistance)
            .where(placeListCondition(assistance.helpedCode, assistance, keys))
            .orderBy(asc(assistance.helpedCode), asc(assistance.since), asc(assistance.id)),
        );
        return distribute(
          keys,
          rows,
          (r) => r.helpedCode,
          (r) => r,
        );
      },
      { cacheKeyFn: regionListCacheKey },
    ),
    /** Region.militarySummary: one statement per batch. */
    regionSummary: new DataLoader<SummaryKey, SummaryFigures, string>((keys) => summaries(db, keys), {
      cacheKeyFn: (k) => `${regionFieldCacheKey(k)}|${k.detail ? 'd' : ''}`,
    }),
    /** Organization.militaryAssistance: one statement per batch of helpers. */
    helperAssistance: new DataLoader<IdYearDemoKey, AssistanceRow[], string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(assistance)
          .where(idListCondition(assistance.helperId, assistance, keys))
          .orderBy(asc(assistance.since), asc(assistance.helpedCode), asc(assistance.id));
        return splitByIdYearDemo(keys, rows, (r) => r.helperId);
      },
      { cacheKeyFn: idYearDemoCacheKey },
    ),
    assistanceById: new DataLoader<string, AssistanceRow | null>(async (ids) => {
      const rows = await db
        .select()
        .from(assistance)
        .where(inArray(assistance.id, [...ids]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** MilitaryAssistance.projects: one statement per batch of records. */
    projects: new DataLoader<IdYearKey, ProjectRow[], string>(
      async (keys) => {
        const years = keys.map((k) => k.year);
        const rows = await db
          .select({ ...projectColumns(), helperId: assistance.helperId, helpedCode: assistance.helpedCode })
          .from(projects)
          .innerJoin(assistance, eq(assistance.id, projects.assistanceId))
          .where(
            and(
              inArray(projects.assistanceId, [...new Set(keys.map((k) => k.id))]),
              counts(projects.voidedAt),
              years.some((y) => y === null) ? undefined : inArray(projects.year, years as number[]),
            ),
          )
          .orderBy(asc(projects.year), asc(projects.id));
        return keys.map((k) => rows.filter((r) => r.assistanceId === k.id && (k.year === null || r.year === k.year)));
      },
      { cacheKeyFn: idYearCacheKey },
    ),
    projectById: new DataLoader<string, ProjectRow | null>(async (ids) => {
      const rows = await db
        .select({ ...projectColumns(), helperId: assistance.helperId, helpedCode: assistance.helpedCode })
        .from(projects)
        .innerJoin(assistance, eq(assistance.id, projects.assistanceId))
        .where(inArray(projects.id, [...ids]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** MilitaryAssistance.totals: one statement per batch. */
    totals: new DataLoader<IdYearKey, Totals, string>((keys) => recordTotals(db, keys), { cacheKeyFn: idYearCacheKey }),
    /** Region.militaryLeadingGroupMembers: one statement per batch of places. */
    regionMembers: new DataLoader<IdYearDemoKey, MembershipRow[], string>((keys) => membershipsOf(db, keys, 'regionCode'), {
      cacheKeyFn: idYearDemoCacheKey,
    }),
    /** Organization.leadingGroupMemberships: one statement per batch of units. */
    unitMembers: new DataLoader<IdYearDemoKey, MembershipRow[], string>((keys) => membershipsOf(db, keys, 'unitId'), {
      cacheKeyFn: idYearDemoCacheKey,
    }),
    membershipById: new DataLoader<string, MembershipRow | null>(async (ids) => {
      const rows = await db
        .select()
        .from(memberships)
        .where(inArray(memberships.id, [...ids]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    profile: new DataLoader<string, ProfileRow | null>(async (ids) => {
      const rows = await db
        .select()
        .from(profiles)
        .where(inArray(profiles.unitId, [...ids]));
      const byId = new Map(rows.map((r) => [r.unitId, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

function projectColumns() {
  return {
    id: projects.id,
    assistanceId: projects.assistanceId,
    year: projects.year,
    name: projects.name,
    funds: projects.funds,
    householdsReached: projects.householdsReached,
    peopleReached: projects.peopleReached,
    personnelSent: projects.personnelSent,
    officers: projects.officers,
    soldiers: projects.soldiers,
    version: projects.version,
    demo: projects.demo,
    source: projects.source,
    createdAt: projects.createdAt,
    voidedAt: projects.voidedAt,
    voidedBy: projects.voidedBy,
    voidReason: projects.voidReason,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
/** What every resolver of this subgraph receives as its context. */
export type Context = SubgraphContext<Loaders>;

export type AssistancePage = Connection<AssistanceRow>;
export type MembershipPage = Connection<MembershipRow>;
