import { and, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { yearBounds } from './calendar.js';
import { LEVEL_LENGTH } from './codes.js';
import { rawRows, type Db } from './db.js';
import { demoCondition, demoFilterOf, type DemoFilter } from './demo.js';
import { placeCodeArg, type RegistryApi } from './registry-api.js';
import { checkCode, checkYear } from './rules.js';

/**
 * Coverage gaps, one implementation for every channel: the registry's national poverty
 * counties (inside `within`) that no record of the channel covers in a year.
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

export interface CoverageArgs {
  year: number;
  within?: string | null;
  includeDemo?: boolean | null;
}

/** What a part hands its `demo` part: the resolved `within` and candidates of the whole. */
export interface CoverageWhole {
  within: string | null;
  candidates: Promise<string[]>;
}

export interface CoverageGaps {
  year: number;
  candidateCount: number;
  coveredCount: number;
  gaps: { code: string }[];
  /** How to compute the `demo` part (null inside one, and with `includeDemo: false`). */
  part: { year: number; demo: DemoFilter; whole: CoverageWhole };
}

export interface CoverageContext {
  db: Db;
  registry: RegistryApi;
}

const COUNTY = LEVEL_LENGTH.COUNTY;

/** A `within` argument as the place it names now (a former code: its successor's code). */
export async function coverageWithin(registry: RegistryApi, within: string | null | undefined): Promise<string | null> {
  return within == null ? null : placeCodeArg(registry, 'within', checkCode('within', within));
}

/**
 * The statement reading the places covered in `year`: each record's place, cut to its county
 * when it lies below one, distinct. Inside `within` means on or below it, or (for `containing`
 * channels) on a place containing it.
 */
function coveredStatement(channel: CoverageChannel, year: number, within: string | null, demo: DemoFilter): SQL {
  const { start, end } = yearBounds(year);
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
    return sql`select case when length(${s.code}) > ${COUNTY} then left(${s.code}, ${COUNTY}) else ${s.code} end as code from ${s.table} where ${where}`;
  });
  return sql`select distinct code from (${sql.join(branches, sql` union all `)}) covered`;
}

/** Is `county` covered by one of the `covered` places (itself, or a place containing it)? */
function isCovered(county: string, covered: ReadonlySet<string>, containing: boolean): boolean {
  if (covered.has(county)) return true;
  if (!containing) return false;
  return covered.has(county.slice(0, LEVEL_LENGTH.PROVINCE)) || covered.has(county.slice(0, LEVEL_LENGTH.PREFECTURE));
}

/**
 * The coverage gaps of `channel` over the records passing `demo`. A `demo` part is handed its
 * whole's resolved `within` and candidates, so it costs one statement and no registry call.
 */
export async function coverageGaps(
  ctx: CoverageContext,
  channel: CoverageChannel,
  args: { year: number; within?: string | null },
  demo: DemoFilter,
  whole?: CoverageWhole,
): Promise<CoverageGaps> {
  checkYear('year', args.year);
  const within = whole ? whole.within : await coverageWithin(ctx.registry, args.within);
  const candidatesPromise = whole?.candidates ?? ctx.registry.regionCodes({ povertyCounty: true, ...(within ? { within } : {}) });
  const [candidates, covered] = await Promise.all([candidatesPromise, rawRows<{ code: string }>(ctx.db, coveredStatement(channel, args.year, within, demo))]);
  const coveredCodes = new Set(covered.map((r) => r.code));
  const gaps = candidates.filter((c) => !isCovered(c, coveredCodes, channel.containing));
  return {
    year: args.year,
    candidateCount: candidates.length,
    coveredCount: candidates.length - gaps.length,
    gaps: gaps.map((code) => ({ code })),
    part: { year: args.year, demo, whole: { within, candidates: candidatesPromise } },
  };
}

/** A channel's `…CoverageGaps` root field and the `demo` part of its answer. */
export function coverageResolvers<C extends CoverageContext>(channel: (ctx: C) => CoverageChannel) {
  return {
    field: (_: unknown, args: CoverageArgs, ctx: C) => coverageGaps(ctx, channel(ctx), args, demoFilterOf(args.includeDemo)),
    demo: (c: CoverageGaps, _: unknown, ctx: C) =>
      c.part.demo === 'all' ? coverageGaps(ctx, channel(ctx), { year: c.part.year }, 'demo', c.part.whole) : null,
  };
}
