import { and, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { yearBounds } from './calendar.js';
import { LEVEL_LENGTH, LEVELS } from './codes.js';
import { rawRows, type Db } from './db.js';
import { demoCondition, demoFilterOf, type DemoFilter } from './demo.js';
import { placeCodeArg, type RegistryApi } from './registry-api.js';
import { checkCode, checkYear } from './rules.js';

/**
 * Coverage gaps, one implementation for every channel: the registry's national poverty
 * counties (or, at `VILLAGE` level, its poor villages) inside `within` that no record of the
 * channel covers in a year.
 *
 * A channel declares where its records land (`CoverageSource`: the table, its place column,
 * its period and its demo flag, and any condition of its own such as visibility) and whether
 * a record given to a place containing a county covers the county (`containing`: a party
 * supervising a province covers its counties). A record on a township or village always covers
 * its county (the code's 6-digit prefix). The covered places are read in ONE statement; the
 * candidates are reference facts of the registry, shared by the whole answer and its `demo` part.
 */
export interface CoverageSource {
  table: PgTable;
  /** The canonical code of the place the record lands on. */
  code: AnyColumn;
  /** First day of the record's period. */
  since: AnyColumn;
  /** Last day of the period (null: ongoing); null for a dated record, whose period is `since`. */
  until: AnyColumn | null;
  demo: AnyColumn;
  /** The channel's own condition (arrangements, what the caller may read); undefined: none. */
  where?: SQL;
}

export interface CoverageChannel {
  sources: CoverageSource[];
  /** Does a record given to a place containing a county cover the county? */
  containing: boolean;
}

/** The places coverage is asked of: the poverty counties, or the poor villages. */
export type CoverageLevel = 'COUNTY' | 'VILLAGE';

export interface CoverageArgs {
  year: number;
  within?: string | null;
  level?: CoverageLevel | null;
  includeDemo?: boolean | null;
}

/** What a part hands its `demo` part: the resolved `within`, the level and candidates of the whole. */
export interface CoverageWhole {
  within: string | null;
  level: CoverageLevel;
  candidates: Promise<string[]>;
}

/**
 * The places a channel's records cover in a year, as one statement reads them: each record's
 * place cut to the level asked, distinct, with the channel's `containing` rule to read them by
 * (`isCovered`). What a channel's `…CoveredPlaces` answers the registry's cross-channel view.
 */
export interface CoveredPlaces {
  containing: boolean;
  codes: string[];
}

export interface CoverageGaps {
  year: number;
  candidateCount: number;
  coveredCount: number;
  gaps: { code: string }[];
  /** How to compute the `demo` part (null inside one, and with `includeDemo: false`). */
  part: { args: CoverageArgs; demo: DemoFilter; whole: CoverageWhole };
}

export interface CoverageContext {
  db: Db;
  registry: RegistryApi;
}

/** The registry filter of a level's candidates. */
export const candidateFilter = (level: CoverageLevel) => (level === 'VILLAGE' ? { poorVillage: true } : { povertyCounty: true });

/** A `within` argument as the place it names now (a former code: its successor's code). */
export async function coverageWithin(registry: RegistryApi, within: string | null | undefined): Promise<string | null> {
  return within == null ? null : placeCodeArg(registry, 'within', checkCode('within', within));
}

/**
 * The statement reading the places covered in `year`: each record's place, cut to the level's
 * length (a county's, or a village's) when it lies below one, distinct. Inside `within` means on
 * or below it, or (for `containing` channels) on a place containing it.
 */
function coveredStatement(channel: CoverageChannel, year: number, within: string | null, demo: DemoFilter, level: CoverageLevel): SQL {
  const { start, end } = yearBounds(year);
  const cut = LEVEL_LENGTH[level];
  const branches = channel.sources.map((s) => {
    const until = s.until ?? s.since;
    const inside = within
      ? channel.containing
        ? sql`(${s.code} like ${`${within}%`} or ${within} like ${s.code} || '%')`
        : sql`${s.code} like ${`${within}%`}`
      : undefined;
    const where = and(
      sql`${s.since} <= ${end}`,
      s.until ? sql`(${until} is null or ${until} >= ${start})` : sql`${until} >= ${start}`,
      inside,
      demoCondition(s.demo, [demo]),
      s.where,
    );
    return sql`select case when length(${s.code}) > ${cut} then left(${s.code}, ${cut}) else ${s.code} end as code from ${s.table} where ${where}`;
  });
  return sql`select distinct code from (${sql.join(branches, sql` union all `)}) covered`;
}

/** The code lengths of the places containing a place: a village's are 2, 4, 6 and 9. */
const CONTAINING_LENGTHS = LEVELS.map((l) => LEVEL_LENGTH[l]);

/**
 * Is `place` (a county or a village) covered by one of the `covered` places: itself, or, for a
 * `containing` channel, a place containing it?
 */
export function isCovered(place: string, covered: ReadonlySet<string>, containing: boolean): boolean {
  if (covered.has(place)) return true;
  if (!containing) return false;
  return CONTAINING_LENGTHS.some((n) => n < place.length && covered.has(place.slice(0, n)));
}

/** The places `channel` covers in `year` at `level`, inside `within` (a canonical code): one statement. */
export async function coveredPlaces(
  ctx: CoverageContext,
  channel: CoverageChannel,
  args: { year: number; within?: string | null; level?: CoverageLevel | null },
  demo: DemoFilter,
): Promise<CoveredPlaces> {
  checkYear('year', args.year);
  const within = args.within == null ? null : checkCode('within', args.within);
  const rows = await rawRows<{ code: string }>(ctx.db, coveredStatement(channel, args.year, within, demo, args.level ?? 'COUNTY'));
  return { containing: channel.containing, codes: rows.map((r) => r.code) };
}

/**
 * The coverage gaps of `channel` over the records passing `demo`. A `demo` part is handed its
 * whole's resolved `within` and candidates, so it costs one statement and no registry call.
 */
export async function coverageGaps(
  ctx: CoverageContext,
  channel: CoverageChannel,
  args: CoverageArgs,
  demo: DemoFilter,
  whole?: CoverageWhole,
): Promise<CoverageGaps> {
  checkYear('year', args.year);
  const within = whole ? whole.within : await coverageWithin(ctx.registry, args.within);
  const level = whole?.level ?? args.level ?? 'COUNTY';
  const candidatesPromise = whole?.candidates ?? ctx.registry.regionCodes({ ...candidateFilter(level), ...(within ? { within } : {}) });
  const [candidates, covered] = await Promise.all([
    candidatesPromise,
    rawRows<{ code: string }>(ctx.db, coveredStatement(channel, args.year, within, demo, level)),
  ]);
  const coveredCodes = new Set(covered.map((r) => r.code));
  const gaps = candidates.filter((c) => !isCovered(c, coveredCodes, channel.containing));
  return {
    year: args.year,
    candidateCount: candidates.length,
    coveredCount: candidates.length - gaps.length,
    gaps: gaps.map((code) => ({ code })),
    part: { args, demo, whole: { within, level, candidates: candidatesPromise } },
  };
}

/**
 * A channel's `…CoverageGaps` root field, the `demo` part of its answer, and its
 * `…CoveredPlaces` (kept out of the public graph: the registry's cross-channel view asks it).
 */
export function coverageResolvers<C extends CoverageContext>(channel: (ctx: C, args: CoverageArgs) => CoverageChannel) {
  return {
    field: (_: unknown, args: CoverageArgs, ctx: C) => coverageGaps(ctx, channel(ctx, args), args, demoFilterOf(args.includeDemo)),
    covered: (_: unknown, args: CoverageArgs, ctx: C) => coveredPlaces(ctx, channel(ctx, args), args, demoFilterOf(args.includeDemo)),
    demo: (c: CoverageGaps, _: unknown, ctx: C) =>
      c.part.demo === 'all' ? coverageGaps(ctx, channel(ctx, c.part.args), c.part.args, 'demo', c.part.whole) : null,
  };
}
