import { and, sql } from 'drizzle-orm';
import type { GraphQLResolveInfo } from 'graphql';
import type { Db } from '../../lib/db.js';
import type { DemoFilter } from '../../lib/demo.js';
import type { Identity } from '../../lib/identity.js';
import { fromFen, toFen } from '../../lib/money.js';
import { rowsOf } from '../../lib/batch.js';
import { regionKeyTable, type RegionFieldKey } from '../../lib/scope.js';
import { oncePerField, selects } from '../../lib/subgraph.js';
import { visibleCondition } from './access.js';
import type { Conditions, RecordRow } from './loaders.js';
import type { Resolvers } from './types.generated.js';
import { CONTRIBUTION_KINDS, compactsTable as compacts, contributionsTable as contributions, type ContributionKind } from './tables.js';

/**
 * Totals of a set of records, computed exactly (fen as BigInt). Each money field sums ONE
 * stage across records; a record without that stage adds nothing to it. Stages are never
 * added to each other.
 */
export interface ContributionTotals {
  contributions: number;
  pledged: string;
  committed: string;
  disbursed: string;
  verified: string;
  jobs: number;
  trainees: number;
  peopleReached: number;
  demoPart?: DemoPart<ContributionTotals>;
}

export interface KindTotals {
  kind: ContributionKind;
  total: ContributionTotals;
  totalExcludingReportedElsewhere: ContributionTotals;
  demoPart?: DemoPart<KindTotals>;
}

// ---- demo parts ------------------------------------------------------------------------------

/**
 * The demo part of a figure (its `demo` field, lib/demo.ts): the same figure computed over the
 * demo records alone, read when a query asks for it. Null inside a demo part and in a read of
 * real records only (`includeDemo: false`: its figures hold no demo record).
 */
export type DemoPart<T> = (() => Promise<T>) | null;

/**
 * The demo part of a read made with `filter`: `read()` is the same read with the 'demo' filter,
 * made once however many figures ask for it.
 */
export function demoPartOf<T>(filter: DemoFilter, read: () => Promise<T>): DemoPart<T> {
  if (filter !== 'all') return null;
  let once: Promise<T> | undefined;
  return () => (once ??= read());
}

/** The demo part of a figure taken from another figure: the same taking from that one's demo part. */
export const derivePart = <A, T>(part: DemoPart<A> | undefined, take: (a: A) => T | Promise<T>): DemoPart<T> => (part ? async () => take(await part()) : null);

/** A figure of a list: its demo part is the figure of the same key in the list's demo part, or `none` when it has none. */
export const partOfItem = <T, K>(list: DemoPart<readonly T[]>, keyOf: (t: T) => K, key: K, none: () => T): DemoPart<T> =>
  derivePart(list, (items) => items.find((t) => keyOf(t) === key) ?? none());

/** Totals with their demo part. */
export const totalsWith = (t: ContributionTotals, demo: DemoPart<ContributionTotals>): ContributionTotals => ({ ...t, demoPart: demo });

/** A kind's totals with their demo part, and each of its totals with theirs. */
export const kindWith = (k: KindTotals, demo: DemoPart<KindTotals>): KindTotals => ({
  kind: k.kind,
  total: totalsWith(
    k.total,
    derivePart(demo, (d) => d.total),
  ),
  totalExcludingReportedElsewhere: totalsWith(
    k.totalExcludingReportedElsewhere,
    derivePart(demo, (d) => d.totalExcludingReportedElsewhere),
  ),
  demoPart: demo,
});

/** The `demo` field of every aggregate type. */
export const demoField = <T>(v: { demoPart?: DemoPart<T> }) => (v.demoPart ? v.demoPart() : null);

/**
 * An `EnterpriseSummary` as its resolvers receive it: the counts, and the aggregate rows of its
 * contributions, which the totals are summed from when a query asks for them
 * (`summaryResolvers`): the national picture asks 831 summaries for one total each.
 */
export interface EnterpriseSummary {
  year: number | null;
  compacts: number;
  helpers: number;
  villages: number;
  given: readonly AggregateRow[];
  demoPart?: DemoPart<EnterpriseSummary>;
}

/**
 * The summary of records already filtered to one place or helper and one year: the records
 * grouped as the SQL aggregate groups them (`regionSummaries`), then assembled the same way.
 */
export function summarize(rows: readonly RecordRow[], year: number | null): EnterpriseSummary {
  const groups = new Map<string, { row: AggregateRow; fen: Record<(typeof STAGES)[number], bigint> }>();
  for (const r of rows) {
    const once = r.alsoReportedAs == null;
    const key = `${r.record}|${r.kind ?? ''}|${once}`;
    let g = groups.get(key);
    if (!g) {
      const row: AggregateRow = {
        grp: 0,
        record: r.record,
        kind: r.kind,
        once,
        n: 0,
        pledged: null,
        committed: null,
        disbursed: null,
        verified: null,
        jobs: 0,
        trainees: 0,
        people_reached: 0,
      };
      groups.set(key, (g = { row, fen: { pledged: 0n, committed: 0n, disbursed: 0n, verified: 0n } }));
    }
    g.row.n++;
    for (const stage of STAGES) if (r[stage] != null) g.fen[stage] += toFen(r[stage]!);
    g.row.jobs = Number(g.row.jobs) + r.jobs;
    g.row.trainees = Number(g.row.trainees) + r.trainees;
    g.row.people_reached = Number(g.row.people_reached) + r.peopleReached;
  }
  const aggregated = [...groups.values()].map(({ row, fen }) => ({ ...row, ...Object.fromEntries(STAGES.map((st) => [st, fromFen(fen[st])])) }));
  aggregated.push(
    { ...EMPTY_GROUP, record: 'helpers', n: new Set(rows.map((r) => r.helperId)).size },
    { ...EMPTY_GROUP, record: 'villages', n: new Set(rows.filter((r) => r.helpedCode.length === 12).map((r) => r.helpedCode)).size },
  );
  return summaryOf(aggregated, year);
}

// ---- a place's summary, aggregated in SQL ----------------------------------------------------

/**
 * What a summary's selection needs computed: its distinct helpers and villages (`counts`), the
 * sums its totals show (`sums`), and how its contributions are split (`split`).
 */
export interface SummaryNeeds {
  counts: boolean;
  sums: readonly SumColumn[];
  split: SummarySplit;
}

/** A place's summary key: its scope, year and demo filter, and what its query needs. */
export type SummaryKey = RegionFieldKey & SummaryNeeds;

/**
 * How a summary's contributions must be split for its selection: by kind (`byKind`), and by
 * whether they are also reported elsewhere (`totalExcludingReportedElsewhere`). A total alone
 * needs neither: each place then aggregates to one row per record type (the national picture's
 * 831 counties: 831 groups instead of 4,480, and a third less of the statement's time).
 */
export interface SummarySplit {
  byKind: boolean;
  byOnce: boolean;
}

/** The sums a summary's totals can show: ContributionTotals field → aggregate column. */
const SUMS = {
  pledged: 'pledged',
  committed: 'committed',
  disbursed: 'disbursed',
  verified: 'verified',
  jobs: 'jobs',
  trainees: 'trainees',
  peopleReached: 'people_reached',
} as const;
export type SumColumn = (typeof SUMS)[keyof typeof SUMS];
const SUM_FIELDS = Object.keys(SUMS) as (keyof typeof SUMS)[];
/** Where a summary's selection holds ContributionTotals. */
const TOTALS_AT = [['total'], ['totalExcludingReportedElsewhere'], ['byKind', 'total'], ['byKind', 'totalExcludingReportedElsewhere']];

/** A path of a summary's selection and, in a demo part, the paths reaching the same figure through one `demo` field. */
const throughDemo = (path: string[]) => path.map((_, i) => [...path.slice(0, i), 'demo', ...path.slice(i)]);

/**
 * What an `enterpriseSummary` selection needs, for the summary itself (`whole`) and for its demo
 * part (`demo`: the figures asked under a `demo` field, at any depth), decided once per operation
 * field: a sum is a numeric aggregate over every record of every key (the national picture asks
 * only `disbursed` of seven, and summing the six others cost a quarter of the statement), and
 * counting distinct helpers and villages a third of it.
 */
export function summaryNeeds(info: GraphQLResolveInfo): { whole: SummaryNeeds; demo: SummaryNeeds } {
  return oncePerField(info, 'enterprise needs', () => {
    const needs = (paths: (path: string[]) => string[][]): SummaryNeeds => {
      const asks = (...path: string[]) => paths(path).some((p) => selects(info, ...p));
      return {
        counts: asks('helpers') || asks('villages'),
        sums: SUM_FIELDS.filter((field) => TOTALS_AT.some((path) => asks(...path, field))).map((field) => SUMS[field]),
        split: {
          byKind: asks('byKind'),
          byOnce: asks('totalExcludingReportedElsewhere') || asks('byKind', 'totalExcludingReportedElsewhere'),
        },
      };
    };
    return { whole: needs((path) => [path]), demo: needs(throughDemo) };
  });
}

/**
 * One aggregate row: a key's contributions of one kind, split by whether they are also reported
 * elsewhere (`record` 'contribution'), its compacts ('compact'), or its distinct helpers or
 * villages ('helpers', 'villages': `n` only).
 */
interface AggregateRow {
  grp: number;
  record: 'contribution' | 'compact' | 'helpers' | 'villages';
  kind: ContributionKind | null;
  once: boolean | null;
  n: number;
  pledged: string | null;
  committed: string | null;
  disbursed: string | null;
  verified: string | null;
  jobs: number | string | null;
  trainees: number | string | null;
  people_reached: number | string | null;
}

/** Totals of aggregate rows (exact: money summed in fen). */
function totalsOf(rows: readonly AggregateRow[]): ContributionTotals {
  const money = (stage: (typeof STAGES)[number]) => fromFen(rows.reduce((fen, r) => fen + toFen(r[stage] ?? '0'), 0n));
  const count = (field: 'n' | 'jobs' | 'trainees' | 'people_reached') => rows.reduce((n, r) => n + Number(r[field] ?? 0), 0);
  return {
    contributions: count('n'),
    pledged: money('pledged'),
    committed: money('committed'),
    disbursed: money('disbursed'),
    verified: money('verified'),
    jobs: count('jobs'),
    trainees: count('trainees'),
    peopleReached: count('people_reached'),
  };
}

const STAGES = ['pledged', 'committed', 'disbursed', 'verified'] as const;

/**
 * `Region.enterpriseSummary` for a batch of keys in ONE statement, summed inside PostgreSQL
 * (numeric, exact): the records any key needs (`where`, served by the code index), each joined
 * to the keys whose scope holds it (its own code, a containing code for keys with descendants,
 * a containing place of the key for keys with ancestors) and valid in the key's year, then
 * hashed into one row per key, record type, kind and "reported only here", plus each key's
 * distinct helpers and villages when asked for (counting them distinct costs a third of the
 * statement). Same figures as `summarize` over the same records; the
 * national picture's 831 summaries come back as ~6,000 rows instead of ~45,000 records.
 */
export async function regionSummaries(db: Db, who: Identity, keys: readonly SummaryKey[], where: Conditions): Promise<EnterpriseSummary[]> {
  // Keys of one batch on different sides of the demo line (`where` then reads both): each key
  // keeps the records of its side (`dm`: null for both, else the demo flag it wants).
  const sides = new Set(keys.map((k) => k.demo)).size > 1;
  const table = regionKeyTable(keys, sides);
  // The distinct helpers and villages only when a key's query asks for them (`SummaryKey.counts`).
  const counts = keys.some((k) => k.counts);
  const validInKeyYear = sql`(k.yr is null or (r.since <= make_date(k.yr, 12, 31) and (r.until is null or r.until >= make_date(k.yr, 1, 1))))${
    sides ? sql` and (k.dm is null or r.demo = k.dm)` : sql``
  }`;
  // A record meets a key at its own code; inside a key that includes descendants (a prefix of
  // its code); at a containing place of a key that includes ancestors. The three never yield
  // the same (key, record) pair; a branch no key of the batch needs is left out.
  const branches = [sql`select k.grp, r.* from r join k on k.code = r.helped_code where ${validInKeyYear}`];
  if (keys.some((k) => k.scope.prefix !== null))
    branches.push(sql`select k.grp, r.* from r join lengths on lengths.n < length(r.helped_code)
      join k on k.descendants and k.code = substr(r.helped_code, 1, lengths.n) where ${validInKeyYear}`);
  if (keys.some((k) => k.scope.exact.length > 1))
    branches.push(sql`select k.grp, r.* from k join lengths on k.ancestors and lengths.n < length(k.code)
      join r on r.helped_code = substr(k.code, 1, lengths.n) where ${validInKeyYear}`);
  // Only the sums some key shows; the others answer null, which no resolver reads.
  const shown = new Set(keys.flatMap((k) => k.sums));
  // Contributions split by kind or by once only when some key shows the split.
  const byKind = keys.some((k) => k.split.byKind);
  const byOnce = keys.some((k) => k.split.byOnce);
  const sum = (column: SumColumn, cast: string) => (shown.has(column) ? sql.raw(`sum(${column})${cast}::text as ${column}`) : sql.raw(`null as ${column}`));
  const result = await db.execute(sql`with k as (select * from ${table}),
    lengths(n) as (values (2), (4), (6), (9), (12)),
    r as (
      select 'contribution' as record, ${contributions.helperId} as helper_id, ${contributions.helpedCode} as helped_code,
        ${contributions.date} as since, ${contributions.date} as until, ${contributions.kind}::text as kind,
        ${contributions.pledged} as pledged, ${contributions.committed} as committed, ${contributions.disbursed} as disbursed,
        ${contributions.verified} as verified, ${contributions.jobs} as jobs, ${contributions.trainees} as trainees,
        ${contributions.peopleReached} as people_reached, ${contributions.alsoReportedAs} is null as once${sides ? sql`, ${contributions.demo} as demo` : sql``}
      from ${contributions} where ${and(where.contributions, visibleCondition(contributions, who)) ?? sql`true`}
      union all
      select 'compact', ${compacts.helperId}, ${compacts.helpedCode}, ${compacts.since}, ${compacts.until}, null,
        null, null, null, null, 0, 0, 0, true${sides ? sql`, ${compacts.demo}` : sql``}
      from ${compacts} where ${and(where.compacts, visibleCondition(compacts, who)) ?? sql`true`}
    ),
    a as ${counts ? sql`materialized ` : sql``}(${sql.join(branches, sql` union all `)})
    select grp, record, ${byKind ? sql`kind` : sql`null as kind`}, ${byOnce ? sql`once` : sql`null as once`}, count(*)::int as n,
      ${sum('pledged', '')}, ${sum('committed', '')}, ${sum('disbursed', '')}, ${sum('verified', '')},
      ${sum('jobs', '::bigint')}, ${sum('trainees', '::bigint')}, ${sum('people_reached', '::bigint')}
    from a group by grp, record${byKind ? sql`, kind` : sql``}${byOnce ? sql`, once` : sql``}${
      counts
        ? sql`
    union all
    select grp, 'helpers', null, null, count(*)::int, null, null, null, null, null, null, null
    from (select distinct grp, helper_id from a) h group by grp
    union all
    select grp, 'villages', null, null, count(*)::int, null, null, null, null, null, null, null
    from (select distinct grp, helped_code from a where length(helped_code) = 12) v group by grp`
        : sql``
    }`);
  const byKey = new Map<number, AggregateRow[]>();
  for (const r of rowsOf<AggregateRow>(result)) {
    const g = Number(r.grp);
    const list = byKey.get(g);
    if (list) list.push(r);
    else byKey.set(g, [r]);
  }
  return keys.map((k, i) => summaryOf(byKey.get(i) ?? [], k.year));
}

const EMPTY_GROUP: AggregateRow = {
  grp: 0,
  record: 'compact',
  kind: null,
  once: null,
  n: 0,
  pledged: null,
  committed: null,
  disbursed: null,
  verified: null,
  jobs: null,
  trainees: null,
  people_reached: null,
};

/** A key's summary from its aggregate rows (SQL or `summarize`). */
function summaryOf(rows: readonly AggregateRow[], year: number | null): EnterpriseSummary {
  const n = (record: AggregateRow['record']) => rows.reduce((sum, r) => (r.record === record ? sum + Number(r.n) : sum), 0);
  return { year, compacts: n('compact'), helpers: n('helpers'), villages: n('villages'), given: rows.filter((r) => r.record === 'contribution') };
}

/** A kind's totals among aggregate rows. */
function kindTotals(kind: ContributionKind, given: readonly AggregateRow[]): KindTotals {
  const ofKind = given.filter((r) => r.kind === kind);
  return { kind, total: totalsOf(ofKind), totalExcludingReportedElsewhere: totalsOf(ofKind.filter((r) => r.once)) };
}

/** No contribution: the totals of an empty set. */
export const NO_CONTRIBUTIONS: ContributionTotals = totalsOf([]);

/**
 * The figures of a summary, summed when asked; each with its demo part, the same figure of the
 * summary's demo part.
 */
export const summaryResolvers: Resolvers = {
  EnterpriseSummary: {
    total: (s): ContributionTotals =>
      totalsWith(
        totalsOf(s.given),
        derivePart(s.demoPart, (d) => totalsOf(d.given)),
      ),
    totalExcludingReportedElsewhere: (s): ContributionTotals => {
      const once = (given: readonly AggregateRow[]) => totalsOf(given.filter((r) => r.once));
      return totalsWith(
        once(s.given),
        derivePart(s.demoPart, (d) => once(d.given)),
      );
    },
    byKind: (s): KindTotals[] =>
      CONTRIBUTION_KINDS.flatMap((kind) =>
        s.given.some((r) => r.kind === kind)
          ? [
              kindWith(
                kindTotals(kind, s.given),
                derivePart(s.demoPart, (d) => kindTotals(kind, d.given)),
              ),
            ]
          : [],
      ),
    demo: demoField,
  },
  ContributionTotals: { demo: demoField },
  KindTotals: { demo: demoField },
};
