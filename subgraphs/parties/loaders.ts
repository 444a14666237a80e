import DataLoader from 'dataloader';
import { counts } from '../../lib/corrections.js';
import type { Connection } from '../../lib/pagination.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { and, asc, inArray, or, sql } from 'drizzle-orm';
import { idYearDemoCacheKey, inKeyOrder, rowsOf, type IdYearDemoKey } from '../../lib/batch.js';
import { named, namedColumns, rawRows, type Db } from '../../lib/db.js';
import { demoCacheKey, passesDemo, type DemoFilter } from '../../lib/demo.js';
import { distribute, keyTable, listCondition, placeListCondition, regionListCacheKey, type RegionListKey } from '../../lib/scope.js';
import { activeInYear } from '../../lib/calendar.js';
import { assistanceTable as assistance, recommendationsTable as recommendations, tripsTable as trips } from './tables.js';

/** An assistance record as the graph serves it (its bookkeeping timestamps are not served). */
export type AssistanceRow = Omit<typeof assistance.$inferSelect, 'createdAt' | 'updatedAt'>;
export type TripRow = typeof trips.$inferSelect;
export type RecommendationRow = typeof recommendations.$inferSelect;

/** The counts behind a `PartyYearReport`, straight from SQL. */
export interface ReportRow {
  partyId: string;
  year: number;
  known: boolean;
  provinces: string[];
  trips: number;
  places: number;
  recommendations: number;
  submitted: number;
  acknowledged: number;
  adopted: number;
  rejected: number;
  trainingSessions: number;
  peopleTrained: number;
  consultations: number;
  projects: number;
  experts: number;
}

/** A party's report for a year, over the records `demo` asks for. */
export interface PartyYearKey {
  partyId: string;
  year: number;
  demo: DemoFilter;
}

/** Rows grouped under each key, in fetch order. */
function groupedBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K | null): R[][] {
  const byKey = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    if (k === null) continue;
    const list = byKey.get(k);
    if (list) list.push(row);
    else byKey.set(k, [row]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}

/** The fields every kind of party assistance serves from its core columns: a place's list asking only these reads only those. */
export const CORE_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'channel', 'helper', 'helped', 'since', 'until']);
const coreColumns = {
  id: assistance.id,
  kind: assistance.kind,
  helperId: assistance.helperId,
  helpedCode: assistance.helpedCode,
  since: assistance.since,
  until: assistance.until,
};

/** `Region.partyAssistance` for a whole batch of places: one statement. */
export async function assistanceForRegions(db: Db, keys: readonly RegionListKey[]): Promise<AssistanceRow[][]> {
  // Raw rows (`rawRows`): the national picture's batch reads every county's records, for their
  // helpers alone (their core: 6 columns of 18; a core row serves only CORE_FIELDS).
  // A key filtering on demo needs the flag on each row (`distribute` filters by it).
  const core = keys.some((k) => k.demo !== 'all') ? { ...coreColumns, demo: assistance.demo } : coreColumns;
  const rows = await rawRows<AssistanceRow>(
    db,
    db
      .select(keys.every((k) => k.core) ? named(core) : namedColumns(assistance, 'createdAt', 'updatedAt'))
      .from(assistance)
      .where(placeListCondition(assistance.helpedCode, assistance, keys))
      .orderBy(asc(assistance.since), asc(assistance.id)),
  );
  return distribute(
    keys,
    rows,
    (r) => r.helpedCode,
    (r) => r,
  );
}

/** `Organization.partyAssistance`: records given by each organisation or by its party's committees, one statement. */
export async function assistanceForOrganizations(db: Db, keys: readonly IdYearDemoKey[]): Promise<AssistanceRow[][]> {
  const ids = [...new Set(keys.map((k) => k.id))];
  const rows = await db
    .select()
    .from(assistance)
    .where(listCondition(or(inArray(assistance.helperId, ids), inArray(assistance.partyId, ids)), assistance, keys))
    .orderBy(asc(assistance.since), asc(assistance.id));
  return keys.map((k) =>
    rows.filter((r) => (r.helperId === k.id || r.partyId === k.id) && activeInYear(r.since, r.until, k.year) && passesDemo(k.demo, r.demo)),
  );
}

/**
 * Every figure of `PartyYearReport` for a batch of (party, year) keys in one statement: a
 * JSON table of the keys and one scalar subquery per figure, each served by the
 * (party_id, date) indexes. A key reading one side only (real or demo) carries the flag it
 * wants (`dm`), and each subquery keeps the records of that side; a batch of default keys reads
 * every record with the statement as it always was.
 */
export async function reportsFor(db: Db, keys: readonly PartyYearKey[]): Promise<(ReportRow | null)[]> {
  const flag = (demo: DemoFilter) => (demo === 'all' ? null : demo === 'demo');
  const filtering = keys.some((k) => k.demo !== 'all');
  const table = filtering
    ? keyTable(
        keys.map((k) => ({ party_id: k.partyId, year: k.year, dm: flag(k.demo) })),
        'party_id text, year int, dm boolean',
      )
    : keyTable(
        keys.map((k) => ({ party_id: k.partyId, year: k.year })),
        'party_id text, year int',
      );
  /** The key's side of a table's records (nothing when no key of the batch filters). */
  const side = (t: typeof assistance | typeof trips | typeof recommendations) =>
    sql` and ${t.voidedAt} is null${filtering ? sql` and (k.dm is null or ${t.demo} = k.dm)` : sql``}`;
  const inYear = (column: unknown) => sql`${column} between make_date(k.year, 1, 1) and make_date(k.year, 12, 31)`;
  const recs = (condition: ReturnType<typeof sql>) =>
    sql`(select count(*)::int from ${recommendations} where ${recommendations.partyId} = k.party_id and ${inYear(recommendations.submittedOn)} and ${condition}${side(recommendations)})`;
  const aid = (aggregate: ReturnType<typeof sql>, condition: ReturnType<typeof sql>) =>
    sql`(select ${aggregate} from ${assistance} where ${assistance.kind} = 'INTELLECTUAL' and ${assistance.partyId} = k.party_id and ${inYear(assistance.since)} and ${condition}${side(assistance)})`;
  const result = await db.execute(sql`
    with k as (select * from ${table})
    select k.party_id as "partyId", k.year as "year",${filtering ? sql` k.dm as "dm",` : sql``}
      (exists (select 1 from ${assistance} where ${assistance.partyId} = k.party_id${side(assistance)})
        or exists (select 1 from ${trips} where ${trips.partyId} = k.party_id${side(trips)})) as "known",
      coalesce((select array_agg(${assistance.helpedCode} order by ${assistance.helpedCode}) from ${assistance}
        where ${assistance.kind} = 'SUPERVISION' and ${assistance.partyId} = k.party_id
          and ${assistance.since} <= make_date(k.year, 12, 31)
          and (${assistance.until} is null or ${assistance.until} >= make_date(k.year, 1, 1))${side(assistance)}), '{}') as "provinces",
      (select count(*)::int from ${trips} where ${trips.partyId} = k.party_id and ${inYear(trips.startDate)}${side(trips)}) as "trips",
      (select count(distinct place)::int from ${trips} cross join lateral unnest(${trips.placesVisited}) as place
        where ${trips.partyId} = k.party_id and ${inYear(trips.startDate)}${side(trips)}) as "places",
      ${recs(sql`true`)} as "recommendations",
      ${recs(sql`${recommendations.status} = 'SUBMITTED'`)} as "submitted",
      ${recs(sql`${recommendations.status} = 'ACKNOWLEDGED'`)} as "acknowledged",
      ${recs(sql`${recommendations.status} = 'ADOPTED'`)} as "adopted",
      ${recs(sql`${recommendations.status} = 'REJECTED'`)} as "rejected",
      ${aid(sql`count(*)::int`, sql`${assistance.form} = 'TRAINING'`)} as "trainingSessions",
      ${aid(sql`coalesce(sum(${assistance.trainees}), 0)::bigint`, sql`${assistance.form} = 'TRAINING'`)} as "peopleTrained",
      ${aid(sql`count(*)::int`, sql`${assistance.form} = 'CONSULTATION'`)} as "consultations",
      ${aid(sql`count(*)::int`, sql`${assistance.form} = 'PROJECT'`)} as "projects",
      ${aid(sql`coalesce(sum(${assistance.experts}), 0)::bigint`, sql`true`)} as "experts"
    from k`);
  // Sums arrive as bigint (text from postgres.js): served as numbers.
  const rows = rowsOf<ReportRow & { dm?: boolean | null }>(result).map((r) => ({ ...r, peopleTrained: Number(r.peopleTrained), experts: Number(r.experts) }));
  return keys.map((k) => rows.find((r) => r.partyId === k.partyId && Number(r.year) === k.year && (!filtering || r.dm === flag(k.demo))) ?? null);
}

const partyYearKey = (k: PartyYearKey) => `${k.partyId}|${k.year}|${demoCacheKey(k.demo)}`;

export function createLoaders(db: Db) {
  return {
    regionAssistance: new DataLoader<RegionListKey, AssistanceRow[], string>((keys) => assistanceForRegions(db, keys), {
      cacheKeyFn: regionListCacheKey,
    }),
    organizationAssistance: new DataLoader<IdYearDemoKey, AssistanceRow[], string>((keys) => assistanceForOrganizations(db, keys), {
      cacheKeyFn: idYearDemoCacheKey,
    }),
    assistanceById: new DataLoader<string, AssistanceRow | null>(async (ids) =>
      inKeyOrder(
        ids,
        await db
          .select()
          .from(assistance)
          .where(inArray(assistance.id, [...ids])),
        (r) => r.id,
      ),
    ),
    tripById: new DataLoader<string, TripRow | null>(async (ids) =>
      inKeyOrder(
        ids,
        await db
          .select()
          .from(trips)
          .where(inArray(trips.id, [...ids])),
        (r) => r.id,
      ),
    ),
    recommendationById: new DataLoader<string, RecommendationRow | null>(async (ids) =>
      inKeyOrder(
        ids,
        await db
          .select()
          .from(recommendations)
          .where(inArray(recommendations.id, [...ids])),
        (r) => r.id,
      ),
    ),
    tripsByAssignment: new DataLoader<string, TripRow[]>(async (ids) =>
      groupedBy(
        ids,
        await db
          .select()
          .from(trips)
          .where(and(inArray(trips.assignmentId, [...ids]), counts(trips.voidedAt)))
          .orderBy(asc(trips.startDate), asc(trips.id)),
        (r) => r.assignmentId,
      ),
    ),
    recommendationsByAssignment: new DataLoader<string, RecommendationRow[]>(async (ids) =>
      groupedBy(
        ids,
        await db
          .select()
          .from(recommendations)
          .where(and(inArray(recommendations.assignmentId, [...ids]), counts(recommendations.voidedAt)))
          .orderBy(asc(recommendations.submittedOn), asc(recommendations.id)),
        (r) => r.assignmentId,
      ),
    ),
    recommendationsByTrip: new DataLoader<string, RecommendationRow[]>(async (ids) =>
      groupedBy(
        ids,
        await db
          .select()
          .from(recommendations)
          .where(and(inArray(recommendations.tripId, [...ids]), counts(recommendations.voidedAt)))
          .orderBy(asc(recommendations.submittedOn), asc(recommendations.id)),
        (r) => r.tripId,
      ),
    ),
    report: new DataLoader<PartyYearKey, ReportRow | null, string>((keys) => reportsFor(db, keys), { cacheKeyFn: partyYearKey }),
    /** The caller's party memberships, worked out once per request (see access.ts). */
    memberships: null as Promise<Memberships> | null,
  };
}

/** Which parties an editor writes for: central committees held directly, and parties reached through a committee. */
export interface Memberships {
  central: Set<string>;
  parties: Set<string>;
}

export type Loaders = ReturnType<typeof createLoaders>;
/** A page of trips or recommendations as the list resolvers return it. */
export type TripPage = Connection<TripRow>;
export type AssistancePage = Connection<AssistanceRow>;
export type RecommendationPage = Connection<RecommendationRow>;

/** What every resolver of this subgraph receives as its context. */
export type Context = SubgraphContext<Loaders>;
