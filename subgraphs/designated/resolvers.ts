import { and, asc, eq, gt, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { checkNotVoided, counts } from '../../lib/corrections.js';
import { checkUnlocked, type PeriodLockFacts } from '../../lib/locks.js';
import { audited } from '../../lib/audit.js';
import { connectionResolvers, pagedList } from '../../lib/pagination.js';
import { demoCondition, demoFilterOf, passesDemo, type DemoFilter } from '../../lib/demo.js';
import { badInput, conflict, forbidden, notFound, present } from '../../lib/errors.js';
import { answerRow, answerWritten, nextVersion } from '../../lib/versions.js';
import { canEditOrg, isAdmin, isAnonymous, type Identity } from '../../lib/identity.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { regionFieldKey, type RegionFieldArgs } from '../../lib/scope.js';
import { activeInSql, today, yearOf, yearsOfPeriod } from '../../lib/calendar.js';
import { checkYear, optionalText, requiredText } from '../../lib/rules.js';
import type { GraphQLResolveInfo } from 'graphql';
import { helperName, withHelperNames } from '../../lib/subgraph.js';
import { recordOne } from '../../lib/import/run.js';
import { importFields, importTypeResolvers } from '../../lib/import/graphql.js';
import { designatedCadreImport, designatedImports, designatedPairingImport, designatedPlanImport, designatedSummaryImport } from './import.js';
import { maskIdentityNumber, measureField, MONEY_MEASURES, shortfallsOf, type Measures } from './domain.js';
import { fromFen, toFen } from '../../lib/money.js';
import type {
  EndDesignatedPairingInput as EndPairingInput,
  OrganizationCadresArgs,
  OrganizationDesignatedAssistanceArgs,
  QueryDesignatedPlanAgainstActualArgs as PlanActualArgs,
  RecallDesignatedCadreInput as RecallCadreInput,
  RegionCadresArgs,
  Resolvers,
} from './types.generated.js';
import type { CadreRow, Context, PairingRow, ReportRow } from './loaders.js';
import { arrangesPairing, reviews, seesUnpublished, seesUnpublishedOwn, visibleReports } from './access.js';
import { correctCadre, correctPairing, lockedPairing, lockedReport, voidDesignatedRecord } from './corrections.js';
import { coverageWithin } from '../../lib/coverage.js';
import {
  auditLog,
  cadresTable as cadres,
  MEASURE_COLUMNS,
  pairingsTable as pairings,
  reportsTable as reports,
  type CadreRole,
  type ReportStatus,
} from './tables.js';

// ---- validation helpers ----------------------------------------------------------------------

/** One side of a report as GraphQL `DesignatedMeasures`, or null until filed. */
function measuresOf(row: ReportRow, side: 'plan' | 'summary'): Measures | null {
  if (!(side === 'plan' ? row.planFiledAt : row.summaryFiledAt)) return null;
  const out: Measures = {};
  for (const m of MEASURE_COLUMNS) out[measureField(m)] = row[`${side}${m}`] ?? (MONEY_MEASURES.has(m) ? '0.00' : 0);
  return out;
}

/** Sum selections of one side's measures (Money exact as text, counts as bigint). */
function measureSums(side: 'plan' | 'summary') {
  const out: Record<string, SQL<string | number>> = {};
  for (const m of MEASURE_COLUMNS) {
    const column = reports[`${side}${m}`];
    out[`${side}${m}`] = MONEY_MEASURES.has(m) ? sql<string>`coalesce(sum(${column}), 0)::text` : sql<number>`coalesce(sum(${column}), 0)::bigint`;
  }
  return out;
}

function measuresFromSums(row: Record<string, unknown>, side: 'plan' | 'summary'): Measures {
  const out: Measures = {};
  for (const m of MEASURE_COLUMNS) {
    const v = row[`${side}${m}`] ?? 0;
    out[measureField(m)] = MONEY_MEASURES.has(m) ? fromFen(toFen(String(v))) : Number(v);
  }
  return out;
}

const pairingStatus = (p: PairingRow) => {
  const day = today();
  if (p.since > day) return 'PLANNED';
  return p.until !== null && p.until < day ? 'ENDED' : 'ACTIVE';
};

const cadreStatus = (c: CadreRow) => {
  const day = today();
  if (c.since > day) return 'PLANNED';
  if (c.recallReason) return 'RECALLED';
  return c.until !== null && c.until < day ? 'ENDED' : 'SERVING';
};

const withRole = (rows: CadreRow[], role: CadreRole | null | undefined) => (role ? rows.filter((c) => c.role === role) : rows);

// ---- mutations -------------------------------------------------------------------------------

async function endPairing(ctx: Context, input: EndPairingInput): Promise<PairingRow> {
  const who = ctx.identity;
  const current = await ctx.loaders.pairingById.load(input.id);
  const lock = current ? await endLock(ctx, current.helpedCode, input.until, current.until) : null;
  return audited(ctx.db, auditLog, who, 'endDesignatedPairing', 'DesignatedAssistance', async ({ tx, log }) => {
    const before = await lockedPairing(tx, input.id);
    if (!before) throw notFound('input.id', 'pairing', input.id);
    if (!arrangesPairing(who, before.helperId, before.helpedCode)) throw forbidden(`you may not end pairing ${input.id}`);
    checkNotVoided('designated pairing', input.id, before, 'input.id');
    checkUnlocked(lock, 'input.until');
    checkYear('input.until', yearOf(input.until));
    if (input.until < before.since) throw badInput('input.until', 'period', `must be on or after since (${before.since})`);
    if (before.until !== null && input.until >= before.until) {
      throw badInput('input.until', 'already-ended', `the pairing already ends on ${before.until}; an end can only move earlier`);
    }
    const reason = optionalText('input.reason', input.reason, 500);
    const [late] = await tx
      .select({ id: cadres.id })
      .from(cadres)
      .where(and(eq(cadres.pairingId, input.id), gt(cadres.since, input.until)));
    if (late) throw badInput('input.until', 'records-outside-period', `cadre posting ${late.id} starts after that day: recall or correct it first`);

    const [after] = await tx
      .update(pairings)
      .set({ until: input.until, endReason: reason, version: nextVersion(before.version), updatedAt: new Date() })
      .where(eq(pairings.id, input.id))
      .returning();
    await log({ entity: 'DesignatedAssistance', entityId: input.id, before, after });
    // Postings cannot outlast their pairing: end the ones running past the new end with it.
    const running = await tx
      .select()
      .from(cadres)
      .where(and(eq(cadres.pairingId, input.id), or(isNull(cadres.until), gt(cadres.until, input.until))));
    for (const cadre of running) {
      const [capped] = await tx
        .update(cadres)
        .set({ until: input.until, version: nextVersion(cadre.version), updatedAt: new Date() })
        .where(eq(cadres.id, cadre.id))
        .returning();
      await log({ entity: 'DesignatedCadre', entityId: cadre.id, before: cadre, after: capped });
    }
    return after;
  });
}

/** The lock in force (lib/locks.ts) over a designated record on `code` for its period; one registry call before the write. */
async function designatedLock(ctx: Context, code: string | null, since: string, until: string | null): Promise<PeriodLockFacts | null> {
  if (!code || isAnonymous(ctx.identity) || !/^\d{4}-/.test(since)) return null;
  return ctx.registry.periodLock({ channel: 'DESIGNATED', codes: [code], years: yearsOfPeriod(since, until) });
}

/**
 * The lock over the years an end (or a recall) moves: from the new last day's year to the old
 * one's (an open period: this year). One registry call before the write.
 */
async function endLock(ctx: Context, code: string, until: string, before: string | null): Promise<PeriodLockFacts | null> {
  if (!/^\d{4}-/.test(until)) return null;
  return designatedLock(ctx, code, until, before !== null && before >= until ? before : null);
}

async function recallCadre(ctx: Context, input: RecallCadreInput): Promise<CadreRow> {
  const who = ctx.identity;
  const current = await ctx.loaders.cadreById.load(input.id);
  const lock = current ? await endLock(ctx, current.postedCode, input.until, current.until) : null;
  return audited(ctx.db, auditLog, who, 'recallDesignatedCadre', 'DesignatedCadre', async ({ tx, log }) => {
    const [before] = await tx.select().from(cadres).where(eq(cadres.id, input.id)).for('update');
    if (!before) throw notFound('input.id', 'cadre posting', input.id);
    if (!canEditOrg(who, before.helperId)) throw forbidden(`only editors of ${before.helperId} may recall its cadres`);
    checkNotVoided('cadre posting', input.id, before, 'input.id');
    checkUnlocked(lock, 'input.until');
    const reason = requiredText('input.reason', input.reason, 500);
    checkYear('input.until', yearOf(input.until));
    if (input.until < before.since) throw badInput('input.until', 'period', `must be on or after since (${before.since})`);
    if (before.recallReason) throw badInput('input.id', 'already-recalled', 'the cadre was already recalled');
    if (before.until !== null && input.until > before.until) {
      throw badInput('input.until', 'already-ended', `the posting already ends on ${before.until}; a recall can only move it earlier`);
    }
    const [after] = await tx
      .update(cadres)
      .set({ until: input.until, recallReason: reason, version: nextVersion(before.version), updatedAt: new Date() })
      .where(eq(cadres.id, input.id))
      .returning();
    await log({ entity: 'DesignatedCadre', entityId: input.id, before, after });
    return after;
  });
}

type Transition = {
  action: string;
  /** The unit's editors (submit) or a reviewing coordinator (the rest). */
  by: 'unit' | 'reviewer';
  from: ReportStatus[];
  /** Extra checks and the changes to apply, given the report as it stands. */
  apply(row: ReportRow, who: Identity): Partial<ReportRow>;
};

async function transition(ctx: Context, id: string, t: Transition): Promise<ReportRow> {
  const who = ctx.identity;
  return audited(ctx.db, auditLog, who, t.action, 'DesignatedReport', async ({ tx, log }) => {
    // Neither anonymous callers nor SASAC move a report on: refused whatever the id names.
    if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
    if (who.role === 'SASAC') throw forbidden('SASAC reads central-SOE reports; it does not move them on', 'write-role');
    const before = await lockedReport(tx, id);
    const [pairing] = before ? await tx.select().from(pairings).where(eq(pairings.id, before.pairingId)) : [];
    // A report not yet approved that the caller may not read answers as an unknown one.
    if (!before || (before.status !== 'APPROVED' && !seesUnpublishedOwn(who, pairing))) throw notFound('id', 'report', id);
    checkNotVoided('designated report', id, before);
    const allowed = t.by === 'unit' ? canEditOrg(who, pairing.helperId) : reviews(who, pairing.helpedCode);
    if (!allowed) {
      throw forbidden(
        t.by === 'unit'
          ? `only editors of ${pairing.helperId} may submit its reports`
          : `only a coordinator whose scope covers ${pairing.helpedCode} may review its reports`,
      );
    }
    if (!t.from.includes(before.status)) {
      throw conflict('id', before.status === 'APPROVED' ? 'locked' : 'status', `the report is ${before.status}; ${t.action} needs ${t.from.join(' or ')}`);
    }
    const changes = t.apply(before, who);
    const [after] = await tx
      .update(reports)
      .set({ ...changes, version: nextVersion(before.version), updatedAt: new Date() })
      .where(eq(reports.id, id))
      .returning();
    await log({ entity: 'DesignatedReport', entityId: id, before, after });
    return after;
  });
}

const reviewed = (who: Identity) => ({ reviewedAt: new Date(), reviewedBy: who.sub });

// ---- reads -----------------------------------------------------------------------------------

const provinceOf = (column: typeof pairings.helpedCode | typeof cadres.postedCode) => sql<string>`substr(${column}, 1, 2)`;

/**
 * A root aggregate once per request, arguments and demo filter (`ctx.loaders.aggregates`): the
 * `demo` part of each row of an answer reads the demo figures of every row at once.
 */
function once<T>(ctx: Context, key: unknown, compute: () => Promise<T>): Promise<T> {
  const k = JSON.stringify(key);
  let found = ctx.loaders.aggregates.get(k);
  if (!found) ctx.loaders.aggregates.set(k, (found = compute()));
  return found as Promise<T>;
}

/**
 * The `demo` part of a figure computed with `demo`: the same figures over the demo records,
 * null inside a demo part and with `includeDemo: false` (no demo record in the figure).
 */
const demoPartOf = (demo: DemoFilter) => demo === 'all';

function planAgainstActual(ctx: Context, args: PlanActualArgs, demo: DemoFilter) {
  return once(ctx, ['planAgainstActual', args.year, args.groupBy, args.within ?? null, demo], async () => {
    checkYear('year', args.year);
    const within = await coverageWithin(ctx.registry, args.within);
    const group = args.groupBy === 'UNIT' ? pairings.helperId : provinceOf(pairings.helpedCode);
    const rows = await ctx.db
      .select({ key: sql<string>`${group}`.as('key'), reportCount: sql<number>`count(*)::int`, ...measureSums('plan'), ...measureSums('summary') })
      .from(reports)
      .innerJoin(pairings, eq(pairings.id, reports.pairingId))
      .where(
        and(
          eq(reports.year, args.year),
          eq(reports.status, 'APPROVED'),
          counts(reports.voidedAt),
          counts(pairings.voidedAt),
          within ? like(pairings.helpedCode, `${within}%`) : undefined,
          demoCondition(reports.demo, [demo]),
        ),
      )
      .groupBy(group)
      .orderBy(asc(group));
    return rows.map((r) => planActualRow(args, demo, r.key, r.reportCount, measuresFromSums(r, 'plan'), measuresFromSums(r, 'summary')));
  });
}

function planActualRow(args: PlanActualArgs, demo: DemoFilter, key: string, reportCount: number, plan: Measures, actual: Measures) {
  return {
    year: args.year,
    unit: args.groupBy === 'UNIT' ? { id: key } : null,
    province: args.groupBy === 'PROVINCE' ? { code: key } : null,
    reportCount,
    plan,
    actual,
    shortfalls: shortfallsOf(plan, actual),
    part: { args, demo, key },
  };
}

export type PlanActual = ReturnType<typeof planActualRow>;

/** A row's demo part: the demo rows of the same question, this row's key (zero when it has none). */
async function planActualDemo(ctx: Context, row: PlanActual): Promise<PlanActual | null> {
  const { args, demo, key } = row.part;
  if (!demoPartOf(demo)) return null;
  const found = (await planAgainstActual(ctx, args, 'demo')).find((r) => r.part.key === key);
  const zero = measuresFromSums({}, 'plan');
  return found ?? planActualRow(args, 'demo', key, 0, zero, zero);
}

function totalsByProvince(ctx: Context, year: number | null, demo: DemoFilter) {
  return once(ctx, ['totalsByProvince', year, demo], async () => {
    if (year !== null) checkYear('year', year);
    const pairingProvince = provinceOf(pairings.helpedCode);
    const cadreProvince = provinceOf(cadres.postedCode);
    const [pairingRows, cadreRows, reportRows] = await Promise.all([
      ctx.db
        .select({
          province: pairingProvince,
          pairingCount: sql<number>`count(*)::int`,
          unitCount: sql<number>`count(distinct ${pairings.helperId})::int`,
          countyCount: sql<number>`count(distinct ${pairings.helpedCode})::int`,
        })
        .from(pairings)
        .where(
          and(counts(pairings.voidedAt), year !== null ? activeInSql(pairings.since, pairings.until, year) : undefined, demoCondition(pairings.demo, [demo])),
        )
        .groupBy(pairingProvince),
      ctx.db
        .select({ province: cadreProvince, role: cadres.role, n: sql<number>`count(*)::int` })
        .from(cadres)
        .where(and(counts(cadres.voidedAt), year !== null ? activeInSql(cadres.since, cadres.until, year) : undefined, demoCondition(cadres.demo, [demo])))
        .groupBy(cadreProvince, cadres.role),
      ctx.db
        .select({ province: pairingProvince, reportCount: sql<number>`count(*)::int`, ...measureSums('summary') })
        .from(reports)
        .innerJoin(pairings, eq(pairings.id, reports.pairingId))
        .where(
          and(
            eq(reports.status, 'APPROVED'),
            counts(reports.voidedAt),
            counts(pairings.voidedAt),
            year !== null ? eq(reports.year, year) : undefined,
            demoCondition(reports.demo, [demo]),
          ),
        )
        .groupBy(pairingProvince),
    ]);
    const provinces = new Map<string, ProvinceTotals>();
    const of = (code: string) => {
      let t = provinces.get(code);
      if (!t) provinces.set(code, (t = emptyTotals(code, year, demo)));
      return t;
    };
    for (const r of pairingRows) Object.assign(of(r.province), { pairingCount: r.pairingCount, unitCount: r.unitCount, countyCount: r.countyCount });
    const roleField = { DEPUTY_COUNTY_HEAD: 'deputyCountyHeads', FIRST_SECRETARY: 'firstSecretaries', WORK_TEAM_MEMBER: 'workTeamMembers' } as const;
    for (const r of cadreRows) of(r.province)[roleField[r.role]] = r.n;
    for (const r of reportRows) Object.assign(of(r.province), { reportCount: r.reportCount, delivered: measuresFromSums(r, 'summary') });
    return [...provinces.values()].sort((a, b) => a.province.code.localeCompare(b.province.code));
  });
}

function emptyTotals(code: string, year: number | null, demo: DemoFilter) {
  return {
    province: { code },
    pairingCount: 0,
    unitCount: 0,
    countyCount: 0,
    deputyCountyHeads: 0,
    firstSecretaries: 0,
    workTeamMembers: 0,
    reportCount: 0,
    delivered: measuresFromSums({}, 'summary'),
    part: { year, demo },
  };
}

export type ProvinceTotals = ReturnType<typeof emptyTotals>;

/** A province's demo part: the demo totals of the same year, this province's (zero when it has none). */
async function provinceTotalsDemo(ctx: Context, row: ProvinceTotals): Promise<ProvinceTotals | null> {
  const { year, demo } = row.part;
  if (!demoPartOf(demo)) return null;
  const code = row.province.code;
  return (await totalsByProvince(ctx, year, 'demo')).find((t) => t.province.code === code) ?? emptyTotals(code, year, 'demo');
}

/** A record read by id, unless `includeDemo: false` and the record is generated. */
async function byId<R extends { demo: boolean }>(found: Promise<R | null>, args: { includeDemo?: boolean | null }): Promise<R | null> {
  const row = await found;
  return row && passesDemo(demoFilterOf(args.includeDemo), row.demo) ? row : null;
}

async function visibleReport(ctx: Context, row: ReportRow | null): Promise<ReportRow | null> {
  if (!row) return null;
  if (row.status === 'APPROVED') return row;
  const pairing = await ctx.loaders.pairingById.load(row.pairingId);
  return pairing && (await seesUnpublished(ctx, pairing)) ? row : null;
}

/** What a write made or changed, read again: NOT_FOUND naming `field` when it is gone. */
/** The kinds this channel imports (docs/import.md), and their GraphQL fields. */
const imports = importFields(() => designatedImports());
/** A filed report as its filing wrote it, the request's loader primed with it. */
const filed = (ctx: Context, row: ReportRow) => answerWritten(ctx.loaders.reportById, row.id, row);

export const resolvers: Resolvers = {
  ...scalarResolvers,
  ...importTypeResolvers,
  DesignatedAssistanceConnection: connectionResolvers,
  DesignatedCadreConnection: connectionResolvers,
  Query: {
    designatedImport: imports.read,
    designatedPairing: (_, args, ctx) => byId(ctx.loaders.pairingById.load(args.id), args),
    designatedCadre: (_, args, ctx) => byId(ctx.loaders.cadreById.load(args.id), args),
    designatedReport: async (_, args, ctx) => visibleReport(ctx, await byId(ctx.loaders.reportById.load(args.id), args)),
    designatedPlanAgainstActual: (_, args, ctx) => planAgainstActual(ctx, args, demoFilterOf(args.includeDemo)),
    designatedTotalsByProvince: (_, args, ctx) => totalsByProvince(ctx, args.year ?? null, demoFilterOf(args.includeDemo)),
  },
  Mutation: {
    startDesignatedImport: imports.start,
    voidDesignatedRecord: (_, { id, reason }, ctx) => voidDesignatedRecord(ctx, id, reason),
    correctDesignatedPairing: (_, a, ctx) => correctPairing(ctx, a.id, a.input, a.reason, a.expectedVersion),
    correctDesignatedCadre: (_, a, ctx) => correctCadre(ctx, a.id, a.input, a.reason, a.expectedVersion),
    createDesignatedPairing: async (_, { input }, ctx) =>
      answerRow(
        ctx.loaders.pairingById,
        await recordOne(ctx, designatedPairingImport, auditLog, input, (e) =>
          badInput('input.since', 'duplicate', `the unit already helps the county in an overlapping period (${(e as PairingRow).id})`),
        ),
      ),
    endDesignatedPairing: async (_, { input }, ctx) => answerRow(ctx.loaders.pairingById, await endPairing(ctx, input)),
    assignDesignatedCadre: async (_, { input }, ctx) =>
      answerRow(
        ctx.loaders.cadreById,
        await recordOne(ctx, designatedCadreImport, auditLog, input, (e) =>
          badInput('input.identityNumber', 'duplicate', `the person already holds a posting in an overlapping period (${(e as CadreRow).id})`),
        ),
      ),
    recallDesignatedCadre: async (_, { input }, ctx) => answerRow(ctx.loaders.cadreById, await recallCadre(ctx, input)),
    fileDesignatedPlan: async (_, { input }, ctx) => filed(ctx, await recordOne(ctx, designatedPlanImport, auditLog, input, 'update')),
    fileDesignatedSummary: async (_, { input }, ctx) => filed(ctx, await recordOne(ctx, designatedSummaryImport, auditLog, input, 'update')),
    submitDesignatedReport: async (_, { id }, ctx) =>
      filed(
        ctx,
        await transition(ctx, id, {
          action: 'submitDesignatedReport',
          by: 'unit',
          from: ['DRAFT', 'RETURNED'],
          apply: (row) => {
            if (!row.planFiledAt || !row.summaryFiledAt) {
              throw badInput('id', 'incomplete', `file both the plan and the summary before submitting (missing: ${row.planFiledAt ? 'summary' : 'plan'})`);
            }
            return { status: 'SUBMITTED', submittedAt: new Date() };
          },
        }),
      ),
    approveDesignatedReport: async (_, { id }, ctx) =>
      filed(
        ctx,
        await transition(ctx, id, {
          action: 'approveDesignatedReport',
          by: 'reviewer',
          from: ['SUBMITTED'],
          apply: (_row, who) => ({ status: 'APPROVED', ...reviewed(who) }),
        }),
      ),
    returnDesignatedReport: async (_, { id, reason }, ctx) =>
      filed(
        ctx,
        await transition(ctx, id, {
          action: 'returnDesignatedReport',
          by: 'reviewer',
          from: ['SUBMITTED'],
          apply: (_row, who) => ({ status: 'RETURNED', returnReason: requiredText('reason', reason, 500), ...reviewed(who) }),
        }),
      ),
    reopenDesignatedReport: async (_, { id, reason }, ctx) =>
      filed(
        ctx,
        await transition(ctx, id, {
          action: 'reopenDesignatedReport',
          by: 'reviewer',
          from: ['APPROVED'],
          // The grade assessed the approved figures, which may now change: the audit log keeps it.
          apply: (_row, who) => ({
            status: 'DRAFT',
            reopenReason: requiredText('reason', reason, 500),
            grade: null,
            assessor: null,
            assessedOn: null,
            ...reviewed(who),
          }),
        }),
      ),
    assessDesignatedReport: async (_, { input }, ctx) =>
      filed(
        ctx,
        await transition(ctx, input.id, {
          action: 'assessDesignatedReport',
          by: 'reviewer',
          from: ['APPROVED'],
          apply: (row, who) => {
            const on = input.assessedOn ?? today();
            if (on < `${row.year}-01-01` || on > today()) {
              throw badInput('input.assessedOn', 'date-range', `must fall between ${row.year}-01-01 and today`);
            }
            return { grade: input.grade, assessor: who.office ? `${who.sub} (${who.office})` : who.sub, assessedOn: on };
          },
        }),
      ),
  },
  Region: {
    ...pagedList('designatedAssistance', async (r: { code: string }, args: RegionFieldArgs, ctx: Context, info: GraphQLResolveInfo) =>
      withHelperNames(await ctx.loaders.regionPairings.load(regionFieldKey(r.code, args)), ctx, info),
    ),
    ...pagedList('cadres', async (r: { code: string }, args: RegionCadresArgs, ctx: Context, info: GraphQLResolveInfo) =>
      withHelperNames(withRole(await ctx.loaders.regionCadres.load(regionFieldKey(r.code, args)), args.role), ctx, info),
    ),
  },
  Organization: {
    name: helperName,
    ...pagedList('designatedAssistance', (o: { id: string }, args: OrganizationDesignatedAssistanceArgs, ctx: Context) =>
      ctx.loaders.helperPairings.load({ id: o.id, year: args.year ?? null, demo: demoFilterOf(args.includeDemo) }),
    ),
    ...pagedList('cadres', async (o: { id: string }, args: OrganizationCadresArgs, ctx: Context) =>
      withRole(await ctx.loaders.helperCadres.load({ id: o.id, year: args.year ?? null, demo: demoFilterOf(args.includeDemo) }), args.role),
    ),
  },
  DesignatedRecord: { __resolveType: (r) => ('postedCode' in r ? 'DesignatedCadre' : 'status' in r ? 'DesignatedReport' : 'DesignatedAssistance') },
  DesignatedAssistance: {
    status: pairingStatus,
    cadres: async (p, args, ctx) => withRole(await ctx.loaders.pairingCadres.load({ id: p.id, year: args.year ?? null }), args.role),
    reports: async (p, _, ctx) => visibleReports(ctx, p, await ctx.loaders.pairingReports.load(p.id)),
    report: async (p, { year }, ctx) =>
      (
        await visibleReports(
          ctx,
          p,
          (await ctx.loaders.pairingReports.load(p.id)).filter((r) => r.year === year),
        )
      )[0] ?? null,
  },
  DesignatedCadre: {
    /** A reference from another channel (a work-team member's posting): one statement per batch; null when unknown. */
    __resolveReference: (ref, ctx) => ctx.loaders.cadreById.load(ref.id),
    status: cadreStatus,
    pairing: async (c, _, ctx) => present(await ctx.loaders.pairingById.load(c.pairingId), 'pairing', 'pairing', c.pairingId),
    // Never to anonymous callers; in full to administrators and the sending unit's editors,
    // who hold the personnel file; masked to any other signed-in role.
    identityNumber: (c, _, ctx) => {
      const who = ctx.identity;
      if (isAnonymous(who)) return null;
      return isAdmin(who) || canEditOrg(who, c.helperId) ? c.identityNumber : maskIdentityNumber(c.identityNumber);
    },
  },
  DesignatedReport: {
    pairing: async (r, _, ctx) => present(await ctx.loaders.pairingById.load(r.pairingId), 'pairing', 'pairing', r.pairingId),
    plan: (r) => measuresOf(r, 'plan'),
    summary: (r) => measuresOf(r, 'summary'),
    shortfalls: (r) => {
      const plan = measuresOf(r, 'plan');
      const summary = measuresOf(r, 'summary');
      return plan && summary ? shortfallsOf(plan, summary) : [];
    },
    // The three are written together (assessDesignatedReport) and cleared together (reopen).
    assessment: (r) => (r.grade && r.assessor && r.assessedOn ? { grade: r.grade, assessor: r.assessor, assessedOn: r.assessedOn } : null),
  },
  DesignatedPlanActual: {
    demo: (row, _, ctx) => planActualDemo(ctx, row),
  },
  DesignatedProvinceTotals: {
    demo: (row, _, ctx) => provinceTotalsDemo(ctx, row),
  },
};
