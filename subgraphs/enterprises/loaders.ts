import DataLoader from 'dataloader';
import type { Connection } from '../../lib/pagination.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { and, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { named, rawRows, type Db } from '../../lib/db.js';
import { demoCacheKey, demoCondition, passesDemo, type DemoFilter } from '../../lib/demo.js';
import type { Identity } from '../../lib/identity.js';
import { activeInYear, yearBounds } from '../../lib/calendar.js';
import { distribute, inList, placeListCondition, regionFieldCacheKey, type RegionFieldKey } from '../../lib/scope.js';
import { visibleCondition } from './access.js';
import type { HelperKind } from './types.generated.js';
import { regionSummaries, type EnterpriseSummary, type SummaryKey } from './summary.js';
import { compactsTable as compacts, contributionsTable as contributions, type ContributionKind, type ReportedChannel } from './tables.js';

/**
 * One row shape for both record types, so the channel field on `Region` and `Organization`
 * fetches compacts and contributions together in ONE statement (union all). A contribution's
 * period is its date (since = until = date). `RecordCore` is what a list of records needs to
 * be a list (type, id, helper, place, order); the place lists carry only that (the national
 * picture reads ~42,500 records for their helpers) and a field asking for more reads the
 * whole row by id (`recordById`, one statement per batch).
 */
export interface RecordCore {
  record: 'compact' | 'contribution';
  id: string;
  helperId: string;
  helpedCode: string;
  since: string;
  /** A compact's end; a contribution's period is its date (`until` is null in its core). */
  until: string | null;
  /** Generated demo data; in a core only when its batch read filters on it. */
  demo?: boolean;
}

/** The rest of a record. */
export interface RecordDetail {
  /** The helper's kind when the record was written: one of the kinds this channel accepts (`HELPER_KINDS`). */
  helperKind: HelperKind;
  /** The record's version (lib/versions.ts). */
  version: number;
  groupId: string;
  groupKind: string;
  published: boolean;
  kind: ContributionKind | null;
  note: string | null;
  demo: boolean;
  compactId: string | null;
  pledged: string | null;
  committed: string | null;
  disbursed: string | null;
  verified: string | null;
  jobs: number;
  trainees: number;
  peopleReached: number;
  purpose: string | null;
  alsoReportedAs: string | null;
  alsoReportedChannel: ReportedChannel | null;
  /** When the record was voided (ISO 8601), null while it counts; by whom and why. */
  voidedAt: string | null;
  voidedBy: string | null;
  voidReason: string | null;
}

export type RecordRow = RecordCore & RecordDetail;

/** A record as a resolver receives it: whole, or its core (from a place's list). */
export type AnyRecord = RecordCore & Partial<RecordDetail>;

export type CompactRow = RecordRow & { record: 'compact' };
export type ContributionRow = RecordRow & { record: 'contribution' };
export type RecordPage = Connection<AnyRecord>;

const contributionFields = {
  record: sql<RecordRow['record']>`'contribution'::text`,
  id: contributions.id,
  helperId: contributions.helperId,
  helperKind: contributions.helperKind,
  groupId: contributions.groupId,
  groupKind: contributions.groupKind,
  helpedCode: contributions.helpedCode,
  since: sql<string>`${contributions.date}`,
  until: sql<string | null>`${contributions.date}`,
  published: contributions.published,
  note: contributions.note,
  demo: contributions.demo,
  compactId: contributions.compactId,
  kind: sql<ContributionKind | null>`${contributions.kind}`,
  pledged: sql<string | null>`${contributions.pledged}::text`,
  committed: sql<string | null>`${contributions.committed}::text`,
  disbursed: sql<string | null>`${contributions.disbursed}::text`,
  verified: sql<string | null>`${contributions.verified}::text`,
  jobs: contributions.jobs,
  trainees: contributions.trainees,
  peopleReached: contributions.peopleReached,
  purpose: contributions.purpose,
  alsoReportedAs: contributions.alsoReportedAs,
  alsoReportedChannel: contributions.alsoReportedChannel,
  version: sql<number | null>`${contributions.version}`,
  voidedAt: sql<string | null>`to_json(${contributions.voidedAt}) #>> '{}'`,
  voidedBy: contributions.voidedBy,
  voidReason: contributions.voidReason,
};

const compactFields = {
  record: sql<RecordRow['record']>`'compact'::text`,
  id: compacts.id,
  helperId: compacts.helperId,
  helperKind: compacts.helperKind,
  groupId: compacts.groupId,
  groupKind: compacts.groupKind,
  helpedCode: compacts.helpedCode,
  since: compacts.since,
  until: compacts.until,
  published: compacts.published,
  note: compacts.note,
  demo: compacts.demo,
  compactId: sql<string | null>`null::text`,
  kind: sql<ContributionKind | null>`null::enterprises.contribution_kind`,
  pledged: sql<string | null>`null::text`,
  committed: sql<string | null>`null::text`,
  disbursed: sql<string | null>`null::text`,
  verified: sql<string | null>`null::text`,
  jobs: sql<number>`0`,
  trainees: sql<number>`0`,
  peopleReached: sql<number>`0`,
  purpose: sql<string | null>`null::text`,
  alsoReportedAs: sql<string | null>`null::text`,
  alsoReportedChannel: sql<ReportedChannel | null>`null::enterprises.reported_channel`,
  version: sql<number | null>`${compacts.version}`,
  voidedAt: sql<string | null>`to_json(${compacts.voidedAt}) #>> '{}'`,
  voidedBy: compacts.voidedBy,
  voidReason: compacts.voidReason,
};

/** Conditions on each record table: the records a batch may need. */
export interface Conditions {
  compacts: SQL | undefined;
  contributions: SQL | undefined;
}

/**
 * Both record types matching per-table conditions, visible to `who`, whole: one statement, in no
 * particular order (callers sort what they hand out, `byPeriod`). Rows come raw (`rawRows`). A
 * place's list reads only the records' cores (`fetchCores`).
 */
async function fetchRecords(db: Db, who: Identity, where: Conditions, includeVoided = false): Promise<RecordRow[]> {
  return rawRows<RecordRow>(
    db,
    db
      .select(named(contributionFields))
      .from(contributions)
      .where(and(where.contributions, visibleCondition(contributions, who, includeVoided)))
      .unionAll(
        db
          .select(named(compactFields))
          .from(compacts)
          .where(and(where.compacts, visibleCondition(compacts, who, includeVoided))),
      ),
  );
}

/**
 * The conditions of the records any region key of a batch may need: in scope, in a year, and on
 * the side of the demo line every key of the batch wants (none when the keys differ). Voided
 * records are `visibleCondition`'s to leave out, so no `voidedAt` here.
 */
const inRegions = (keys: readonly RegionFieldKey[]): Conditions => ({
  compacts: placeListCondition(compacts.helpedCode, { since: compacts.since, until: compacts.until, demo: compacts.demo }, keys),
  contributions: placeListCondition(contributions.helpedCode, { since: contributions.date, until: contributions.date, demo: contributions.demo }, keys),
});

/**
 * The core of every record matching the conditions, visible to `who`, packed by PostgreSQL into
 * one text per place: `kind id helper since until` per record (`c` contribution, `k` compact;
 * an empty until is null), records separated by commas. Ids (letters, digits, hyphens), codes
 * and ISO dates hold neither separator. The national picture's 42,505 records arrive as 831
 * values instead of 255,030, which the driver would decode one by one. `withDemo`: each core
 * also carries its demo flag (`t` or `f` after its until), for a batch filtering on it.
 */
async function fetchCores(db: Db, who: Identity, where: Conditions, withDemo: boolean): Promise<RecordCore[]> {
  const packed = (kind: string, t: typeof compacts | typeof contributions, since: PgColumn, until: PgColumn | SQL) =>
    withDemo
      ? sql`concat_ws(' ', ${kind}::text, ${t.id}, ${t.helperId}, ${since}, coalesce(${until}::text, ''), case when ${t.demo} then 't' else 'f' end)`.as(
          'packed',
        )
      : sql`concat_ws(' ', ${kind}::text, ${t.id}, ${t.helperId}, ${since}, coalesce(${until}::text, ''))`.as('packed');
  const union = db
    .select({ code: sql<string>`${contributions.helpedCode}`.as('code'), packed: packed('c', contributions, contributions.date, sql`null`) })
    .from(contributions)
    .where(and(where.contributions, visibleCondition(contributions, who)))
    .unionAll(
      db
        .select({ code: sql<string>`${compacts.helpedCode}`.as('code'), packed: packed('k', compacts, compacts.since, compacts.until) })
        .from(compacts)
        .where(and(where.compacts, visibleCondition(compacts, who))),
    );
  const places = await rawRows<{ code: string; records: string }>(db, sql`select code, string_agg(packed, ',') as records from (${union}) u group by code`);
  const fields = withDemo ? 6 : 5;
  const cores: RecordCore[] = [];
  for (const { code, records } of places) {
    for (const packedRecord of records.split(',')) {
      const parts = packedRecord.split(' ');
      if (parts.length !== fields) throw new Error(`enterprise record core not decodable: ${packedRecord}`);
      const [kind, id, helperId, since, until, demo] = parts;
      const core: RecordCore = { record: kind === 'k' ? 'compact' : 'contribution', id, helperId, helpedCode: code, since, until: until || null };
      if (withDemo) core.demo = demo === 't';
      cores.push(core);
    }
  }
  return cores;
}

/** The core of the records landing on each region key (scope and year): one statement per batch. */
async function recordsForRegions(db: Db, who: Identity, keys: readonly RegionFieldKey[]): Promise<RecordCore[][]> {
  // A key filtering on demo needs each core's flag (`distribute` filters by it).
  const rows = await fetchCores(
    db,
    who,
    inRegions(keys),
    keys.some((k) => k.demo !== 'all'),
  );
  // Sorted per key (a few dozen records each), cheaper than sorting the batch's ~45,000.
  return distribute(keys, rows, (r) => r.helpedCode, periodOf).map((list) => list.sort(byPeriod));
}

/** A helper's records, or a group's with its subsidiaries', in a year (null: all years), on one side of the demo line or both. */
export interface OrganizationFieldKey {
  id: string;
  year: number | null;
  includeSubsidiaries: boolean;
  demo: DemoFilter;
}

export const organizationFieldCacheKey = (k: OrganizationFieldKey) => `${k.id}|${k.year ?? ''}|${k.includeSubsidiaries ? 's' : ''}|${demoCacheKey(k.demo)}`;

/** Valid at some time in one of the keys' years (no condition when a key asks for all years). */
function yearSpan(keys: readonly { year: number | null }[], since: PgColumn, until: PgColumn): SQL | undefined {
  if (keys.some((k) => k.year === null)) return undefined;
  const years = keys.map((k) => k.year as number);
  const first = yearBounds(Math.min(...years)).start;
  const last = yearBounds(Math.max(...years)).end;
  return sql`${since} <= ${last} and (${until} is null or ${until} >= ${first})`;
}

async function recordsForOrganizations(db: Db, who: Identity, keys: readonly OrganizationFieldKey[]): Promise<RecordRow[][]> {
  const ids = [...new Set(keys.map((k) => k.id))];
  const groups = [...new Set(keys.filter((k) => k.includeSubsidiaries).map((k) => k.id))];
  const byHelper = <T extends typeof compacts | typeof contributions>(t: T) =>
    groups.length ? or(inArray(t.helperId, ids), inArray(t.groupId, groups)) : inArray(t.helperId, ids);
  const demo = keys.map((k) => k.demo);
  const rows = await fetchRecords(db, who, {
    compacts: and(byHelper(compacts), yearSpan(keys, compacts.since, compacts.until), demoCondition(compacts.demo, demo)),
    contributions: and(byHelper(contributions), yearSpan(keys, contributions.date, contributions.date), demoCondition(contributions.demo, demo)),
  });
  const ofHelper = new Map<string, RecordRow[]>();
  const ofGroup = new Map<string, RecordRow[]>();
  for (const r of rows) {
    push(ofHelper, r.helperId, r);
    if (r.groupId !== r.helperId) push(ofGroup, r.groupId, r);
  }
  return keys.map((k) => {
    const own = ofHelper.get(k.id) ?? [];
    const mine = (k.includeSubsidiaries ? [...own, ...(ofGroup.get(k.id) ?? [])] : own).sort(byPeriod);
    return mine.filter((r) => activeInYear(r.since, r.until, k.year) && passesDemo(k.demo, r.demo));
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A record's period: a contribution's is its date. */
export const periodOf = (r: RecordCore) => ({ since: r.since, until: r.record === 'contribution' ? r.since : r.until });

const byPeriod = (a: RecordCore, b: RecordCore) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Records by id (either type), visible to `who`. */
export async function recordsByIds(db: Db, who: Identity, ids: readonly string[]): Promise<(RecordRow | null)[]> {
  const rows = await fetchRecords(
    db,
    who,
    {
      // A place's list asking for details asks for all its records at once: one array parameter.
      compacts: inList(compacts.id, ids),
      contributions: inList(contributions.id, ids),
    },
    true,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Contributions made under each compact, visible to `who`. */
async function contributionsOfCompacts(db: Db, who: Identity, compactIds: readonly string[]): Promise<RecordRow[][]> {
  const rows = await fetchRecords(db, who, {
    compacts: sql`false`,
    contributions: inArray(contributions.compactId, [...compactIds]),
  });
  return compactIds.map((id) => rows.filter((r) => r.compactId === id).sort(byPeriod));
}

export function createLoaders(db: Db, identity: Identity) {
  return {
    regionRecords: new DataLoader<RegionFieldKey, RecordCore[], string>((keys) => recordsForRegions(db, identity, keys), {
      cacheKeyFn: regionFieldCacheKey,
    }),
    regionSummary: new DataLoader<SummaryKey, EnterpriseSummary, string>((keys) => regionSummaries(db, identity, keys, inRegions(keys)), {
      cacheKeyFn: (k) => `${regionFieldCacheKey(k)}|${k.counts ? 'c' : ''}|${k.sums.join(',')}|${k.split.byKind ? 'k' : ''}${k.split.byOnce ? 'o' : ''}`,
    }),
    organizationRecords: new DataLoader<OrganizationFieldKey, RecordRow[], string>((keys) => recordsForOrganizations(db, identity, keys), {
      cacheKeyFn: organizationFieldCacheKey,
    }),
    recordById: new DataLoader<string, RecordRow | null>((ids) => recordsByIds(db, identity, ids)),
    compactContributions: new DataLoader<string, RecordRow[]>((ids) => contributionsOfCompacts(db, identity, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
/** What every resolver of this subgraph receives as its context. */
export type Context = SubgraphContext<Loaders>;
