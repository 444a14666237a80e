import { and, asc, desc, eq, gte, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { checkNotVoided, counts } from '../../lib/corrections.js';
import { checkUnlocked } from '../../lib/locks.js';
import { audited } from '../../lib/audit.js';
import type { Db } from '../../lib/db.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { demoCondition, demoFilterOf, type DemoFilter } from '../../lib/demo.js';
import { coordinates, isAdmin } from '../../lib/identity.js';
import { connection, connectionResolvers, decodeCursor, pagedList, pageSize } from '../../lib/pagination.js';
import { placeCodeArg } from '../../lib/registry-api.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { regionFieldKey, type RegionFieldArgs } from '../../lib/scope.js';
import type { GraphQLResolveInfo } from 'graphql';
import { importFields, importTypeResolvers } from '../../lib/import/graphql.js';
import type { ImportKind } from '../../lib/import/kind.js';
import { recordOne } from '../../lib/import/run.js';
import { intellectualImport, ownAidCountyImport, partiesImports, supervisionImport } from './import.js';
import { recommendationImport, tripImport } from './work-import.js';
import { asksOnly, helperName, withHelperNames } from '../../lib/subgraph.js';
import { editsParty, memberships, readsWork } from './access.js';
import { CORE_FIELDS, type AssistanceRow, type Context, type RecommendationRow, type ReportRow } from './loaders.js';
import { assistanceTable as assistance, auditLog, recommendationsTable as recommendations, tripsTable as trips, type RecommendationStatus } from './tables.js';
import type {
  AdvanceRecommendationInput,
  RecommendationFilter,
  RecordSupervisionTripInput,
  Resolvers,
  SubmitRecommendationInput,
  SupervisionTripFilter,
} from './types.generated.js';
import {
  correctIntellectualAssistance,
  correctOwnAidCounty,
  correctRecommendation,
  correctSupervisionAssignment,
  correctSupervisionTrip,
  voidPartyRecord,
} from './corrections.js';
import { partyLock, refuseAnonymous } from './access.js';
import { ASSISTANCE_TYPE } from './tables.js';
import { checkCode, checkDateYear, checkNotFuture, checkYear, optionalText } from '../../lib/rules.js';

// ---- inputs --------------------------------------------------------------------------------

interface PageArgs {
  first?: number | null;
  after?: string | null;
  includeDemo?: boolean | null;
}

async function assistanceSnapshot(tx: Db, id: string) {
  const [row] = await tx.select().from(assistance).where(eq(assistance.id, id));
  return row ?? null;
}

// ---- reads ---------------------------------------------------------------------------------

const STATUS_RANK: Record<RecommendationStatus, number> = { SUBMITTED: 0, ACKNOWLEDGED: 1, ADOPTED: 2, REJECTED: 2 };

/** Keyset cursors of the newest-first lists: `date|id`. */
function decodeDateCursor(after: string | null | undefined): { date: string; id: string } | null {
  const key = decodeCursor(after);
  if (key === null) return null;
  const [date, id] = key.split('|');
  if (!date || !id) throw badInput('after', 'cursor', 'is not a cursor this list returned');
  return { date, id };
}

async function tripConditions(ctx: Context, filter: SupervisionTripFilter | null | undefined): Promise<SQL | undefined> {
  if (!filter) return undefined;
  checkYear('filter.year', filter.year);
  const conditions: (SQL | undefined)[] = [];
  if (filter.partyId != null) conditions.push(eq(trips.partyId, filter.partyId));
  if (filter.assignmentId != null) conditions.push(eq(trips.assignmentId, filter.assignmentId));
  if (filter.year != null) conditions.push(sql`${trips.startDate} between ${`${filter.year}-01-01`} and ${`${filter.year}-12-31`}`);
  if (filter.visitedWithin != null) {
    const code = await placeCodeArg(ctx.registry, 'filter.visitedWithin', checkCode('filter.visitedWithin', filter.visitedWithin));
    conditions.push(sql`exists (select 1 from unnest(${trips.placesVisited}) as place where place like ${`${code}%`})`);
  }
  return and(...conditions);
}

async function recommendationConditions(ctx: Context, filter: RecommendationFilter | null | undefined): Promise<SQL | undefined> {
  if (!filter) return undefined;
  checkYear('filter.year', filter.year);
  const conditions: (SQL | undefined)[] = [];
  if (filter.partyId != null) conditions.push(eq(recommendations.partyId, filter.partyId));
  if (filter.assignmentId != null) conditions.push(eq(recommendations.assignmentId, filter.assignmentId));
  if (filter.status != null) conditions.push(eq(recommendations.status, filter.status));
  if (filter.year != null) {
    conditions.push(sql`${recommendations.submittedOn} between ${`${filter.year}-01-01`} and ${`${filter.year}-12-31`}`);
  }
  if (filter.recipientWithin != null) {
    const code = await placeCodeArg(ctx.registry, 'filter.recipientWithin', checkCode('filter.recipientWithin', filter.recipientWithin));
    conditions.push(sql`${recommendations.recipientCode} like ${`${code}%`}`);
  }
  return and(...conditions);
}

async function tripPage(ctx: Context, filter: SQL | undefined, { first, after, includeDemo }: PageArgs) {
  const where = and(filter, counts(trips.voidedAt), demoCondition(trips.demo, [demoFilterOf(includeDemo)]));
  const size = pageSize(first);
  const cursor = decodeDateCursor(after);
  const rows = await ctx.db
    .select()
    .from(trips)
    .where(and(where, cursor ? sql`(${trips.startDate}, ${trips.id}) < (${cursor.date}, ${cursor.id})` : undefined))
    .orderBy(desc(trips.startDate), desc(trips.id))
    .limit(size + 1);
  return connection(
    rows,
    size,
    (r) => `${r.startDate}|${r.id}`,
    async () => {
      const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(trips).where(where);
      return n;
    },
  );
}

async function recommendationPage(ctx: Context, filter: SQL | undefined, { first, after, includeDemo }: PageArgs) {
  const where = and(filter, counts(recommendations.voidedAt), demoCondition(recommendations.demo, [demoFilterOf(includeDemo)]));
  const size = pageSize(first);
  const cursor = decodeDateCursor(after);
  const rows = await ctx.db
    .select()
    .from(recommendations)
    .where(and(where, cursor ? sql`(${recommendations.submittedOn}, ${recommendations.id}) < (${cursor.date}, ${cursor.id})` : undefined))
    .orderBy(desc(recommendations.submittedOn), desc(recommendations.id))
    .limit(size + 1);
  return connection(
    rows,
    size,
    (r) => `${r.submittedOn}|${r.id}`,
    async () => {
      const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(recommendations).where(where);
      return n;
    },
  );
}

/**
 * A report row as the schema shows it, with the records it was computed over (for its demo
 * part), or null when the channel knows nothing of the party (on the side asked for).
 */
function report(row: ReportRow | null, demo: DemoFilter) {
  if (!row?.known) return null;
  const decided = row.adopted + row.rejected;
  return {
    ...row,
    year: Number(row.year),
    demoFilter: demo,
    party: { id: row.partyId },
    placesVisited: row.places,
    supervisedProvinces: row.provinces.map((code) => ({ code })),
    adoptionRate: decided === 0 ? null : row.adopted / decided,
  };
}
export type ReportOut = NonNullable<ReturnType<typeof report>>;

/** A report of nothing: the demo part of a real-only report. */
const emptyReport = (partyId: string, year: number): ReportRow => ({
  partyId,
  year,
  known: true,
  provinces: [],
  trips: 0,
  places: 0,
  recommendations: 0,
  submitted: 0,
  acknowledged: 0,
  adopted: 0,
  rejected: 0,
  trainingSessions: 0,
  peopleTrained: 0,
  consultations: 0,
  projects: 0,
  experts: 0,
});

/** A party's report for a year over the records `includeDemo` asks for. */
async function partyReport(ctx: Context, partyId: string, year: number, includeDemo: boolean | null | undefined) {
  checkYear('year', year);
  const demo = demoFilterOf(includeDemo);
  return report(await ctx.loaders.report.load({ partyId, year, demo }), demo);
}

function transitionsOf(r: RecommendationRow) {
  const out: { status: RecommendationStatus; on: string }[] = [{ status: 'SUBMITTED', on: r.submittedOn }];
  if (r.acknowledgedOn) out.push({ status: 'ACKNOWLEDGED', on: r.acknowledgedOn });
  if (r.decidedOn) out.push({ status: r.status, on: r.decidedOn });
  return out;
}

const inYear = (date: string, year: number | null | undefined) => year == null || date.startsWith(`${year}-`);

/** The fields every Assistance record type shares. */
const assistanceFields = {};

// ---- writes --------------------------------------------------------------------------------

async function endPartyAssistance(ctx: Context, id: string, until: string) {
  const action = 'endPartyAssistance';
  await refuseAnonymous(ctx, action, 'Assistance');
  const m = await memberships(ctx);
  await audited(ctx.db, auditLog, ctx.identity, action, 'Assistance', async ({ tx, log }) => {
    const [before] = await tx.select().from(assistance).where(eq(assistance.id, id)).for('update');
    if (!before) throw notFound('id', 'party assistance record', id);
    if (!editsParty(ctx, m, before.partyId, before.kind !== 'INTELLECTUAL')) throw forbidden(`you may not end ${id}`);
    checkNotVoided('party assistance record', id, before);
    if (before.until !== null && !before.untilPlanned) throw badInput('until', 'already-ended', `${id} already ended on ${before.until}`);
    checkDateYear('until', until);
    if (until < before.since) throw badInput('until', 'period', `${until} is before ${before.since}`);
    if (before.kind === 'SUPERVISION') {
      // Ending an assignment must not leave its recorded work outside its period.
      const [late] = await tx
        .select({ id: trips.id })
        .from(trips)
        .where(and(eq(trips.assignmentId, id), sql`${trips.endDate} > ${until}`))
        .limit(1);
      const [lateRec] = await tx
        .select({ id: recommendations.id })
        .from(recommendations)
        .where(and(eq(recommendations.assignmentId, id), sql`${recommendations.submittedOn} > ${until}`))
        .limit(1);
      const after = late?.id ?? lateRec?.id;
      if (after) throw badInput('until', 'records-outside-period', `${after} is dated after ${until}`);
    }
    await tx.update(assistance).set({ until, untilPlanned: false, updatedAt: new Date() }).where(eq(assistance.id, id));
    await log({ entity: ASSISTANCE_TYPE[before.kind], entityId: id, before, after: await assistanceSnapshot(tx, id) });
  });
  ctx.loaders.assistanceById.clear(id);
  return present(await ctx.loaders.assistanceById.load(id), 'id', 'party assistance record', id);
}

/** A supervision trip, as a file's row is recorded (`tripImport`): the same checks and write. */
async function recordSupervisionTrip(ctx: Context, input: RecordSupervisionTripInput) {
  const row = await recordOne(ctx, tripImport, auditLog, input, (e) =>
    badInput('input.startDate', 'duplicate', `${(e as { id: string }).id} already records this trip (same dates and places)`),
  );
  return present(await ctx.loaders.tripById.load(row.id), 'id', 'supervision trip', row.id);
}

/** A report or recommendation, as a file's row is submitted (`recommendationImport`): the same checks and write. */
async function submitRecommendation(ctx: Context, input: SubmitRecommendationInput) {
  const row = await recordOne(ctx, recommendationImport, auditLog, input, (e) =>
    badInput('input.title', 'duplicate', `${(e as { id: string }).id} already records a submission with this title on ${input.submittedOn}`),
  );
  return present(await ctx.loaders.recommendationById.load(row.id), 'id', 'recommendation', row.id);
}

async function advanceRecommendation(ctx: Context, id: string, input: AdvanceRecommendationInput) {
  const action = 'advanceRecommendation';
  await refuseAnonymous(ctx, action, 'Recommendation');
  const current = await ctx.loaders.recommendationById.load(id);
  const lock = current ? await partyLock(ctx, current.provinceCode, current.submittedOn, current.submittedOn) : null;
  await audited(ctx.db, auditLog, ctx.identity, action, 'Recommendation', async ({ tx, log }) => {
    const [before] = await tx.select().from(recommendations).where(eq(recommendations.id, id)).for('update');
    if (!before) throw notFound('id', 'recommendation', id);
    if (!isAdmin(ctx.identity) && !coordinates(ctx.identity, before.recipientCode)) {
      throw forbidden(`only the recipient (a coordinator of ${before.recipientCode}) moves ${id} on`, 'recipient');
    }
    checkNotVoided('recommendation', id, before);
    checkUnlocked(lock, 'id');
    if (STATUS_RANK[input.status] <= STATUS_RANK[before.status]) {
      throw badInput('input.status', 'status-forward', `${id} is ${before.status}: it cannot move to ${input.status} (statuses only move forward)`);
    }
    checkDateYear('input.on', input.on);
    const last = before.decidedOn ?? before.acknowledgedOn ?? before.submittedOn;
    if (input.on < last) throw badInput('input.on', 'date-order', `${input.on} is before the previous transition on ${last}`);
    checkNotFuture('input.on', input.on);
    const response = optionalText('input.response', input.response, 20_000);
    const decided = input.status === 'ADOPTED' || input.status === 'REJECTED';
    await tx
      .update(recommendations)
      .set({
        status: input.status,
        acknowledgedOn: before.acknowledgedOn ?? input.on,
        decidedOn: decided ? input.on : null,
        response: response ?? before.response,
        version: sql`${recommendations.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(recommendations.id, id), ne(recommendations.status, input.status)));
    const [after] = await tx.select().from(recommendations).where(eq(recommendations.id, id));
    await log({ entity: 'Recommendation', entityId: id, before, after });
  });
  ctx.loaders.recommendationById.clear(id);
  return present(await ctx.loaders.recommendationById.load(id), 'id', 'recommendation', id);
}

// ---- the resolver map ------------------------------------------------------------------------

/** The kinds this channel imports (docs/import.md), and their GraphQL fields. */
const imports = importFields(() => partiesImports());

/**
 * A record of help (`createSupervisionAssignment`, `recordOwnAidCounty`,
 * `recordIntellectualAssistance`): the checks and write of its import kind (import.ts). The same
 * record given again is refused as an overlap with itself (`duplicate`, on `field`).
 */
async function recordParty<I>(ctx: Context, kind: ImportKind<I, unknown, unknown, AssistanceRow>, input: I, field: string) {
  const row = await recordOne(ctx, kind, auditLog, input, (e) =>
    badInput(field, 'duplicate', `${(e as AssistanceRow).id} already records this in an overlapping period`),
  );
  return present(await ctx.loaders.assistanceById.load(row.id), 'id', 'party assistance record', row.id);
}

export const resolvers: Resolvers = {
  ...importTypeResolvers,
  ...scalarResolvers,
  PartyAssistanceConnection: connectionResolvers,
  SupervisionTripConnection: connectionResolvers,
  RecommendationConnection: connectionResolvers,
  Query: {
    partiesImport: imports.read,
    supervisionAssignment: async (_, { id }, ctx) => {
      const row = await ctx.loaders.assistanceById.load(id);
      return row?.kind === 'SUPERVISION' ? row : null;
    },
    supervisionAssignments: async (_, args, ctx) => {
      checkYear('year', args.year);
      const y = args.year;
      return ctx.db
        .select()
        .from(assistance)
        .where(
          and(
            eq(assistance.kind, 'SUPERVISION'),
            counts(assistance.voidedAt),
            args.partyId != null ? eq(assistance.partyId, args.partyId) : undefined,
            y != null ? and(lte(assistance.since, `${y}-12-31`), or(sql`${assistance.until} is null`, gte(assistance.until, `${y}-01-01`))) : undefined,
            demoCondition(assistance.demo, [demoFilterOf(args.includeDemo)]),
          ),
        )
        .orderBy(asc(assistance.helpedCode), asc(assistance.since));
    },
    supervisionTrips: async (_, args, ctx) => tripPage(ctx, await tripConditions(ctx, args.filter), args),
    recommendation: (_, { id }, ctx) => ctx.loaders.recommendationById.load(id),
    recommendations: async (_, args, ctx) => recommendationPage(ctx, await recommendationConditions(ctx, args.filter), args),
    partyReport: (_, args, ctx) => partyReport(ctx, args.partyId, args.year, args.includeDemo),
    partyReports: async (_, args, ctx) => {
      checkYear('year', args.year);
      const demo = demoFilterOf(args.includeDemo);
      const ids = await ctx.db
        .selectDistinct({ partyId: assistance.partyId })
        .from(assistance)
        .where(and(counts(assistance.voidedAt), demoCondition(assistance.demo, [demo])))
        .union(
          ctx.db
            .selectDistinct({ partyId: trips.partyId })
            .from(trips)
            .where(and(counts(trips.voidedAt), demoCondition(trips.demo, [demo]))),
        );
      const sorted = ids.map((r) => r.partyId).sort();
      const rows = await ctx.loaders.report.loadMany(sorted.map((partyId) => ({ partyId, year: args.year, demo })));
      return rows.map((r) => (r instanceof Error ? null : report(r, demo))).filter((r) => r !== null);
    },
  },
  Mutation: {
    startPartiesImport: imports.start,
    createSupervisionAssignment: (_, { input }, ctx) => recordParty(ctx, supervisionImport, input, 'input.helpedCode'),
    recordOwnAidCounty: (_, { input }, ctx) => recordParty(ctx, ownAidCountyImport, input, 'input.helpedCode'),
    recordIntellectualAssistance: (_, { input }, ctx) => recordParty(ctx, intellectualImport, input, 'input.title'),
    endPartyAssistance: (_, { id, until }, ctx) => endPartyAssistance(ctx, id, until),
    voidPartyRecord: (_, { id, reason }, ctx) => voidPartyRecord(ctx, id, reason),
    recordSupervisionTrip: (_, { input }, ctx) => recordSupervisionTrip(ctx, input),
    submitRecommendation: (_, { input }, ctx) => submitRecommendation(ctx, input),
    advanceRecommendation: (_, { id, input }, ctx) => advanceRecommendation(ctx, id, input),
    correctSupervisionAssignment: (_, args, ctx) => correctSupervisionAssignment(ctx, args),
    correctOwnAidCounty: (_, args, ctx) => correctOwnAidCounty(ctx, args),
    correctIntellectualAssistance: (_, args, ctx) => correctIntellectualAssistance(ctx, args),
    correctSupervisionTrip: (_, args, ctx) => correctSupervisionTrip(ctx, args),
    correctRecommendation: (_, args, ctx) => correctRecommendation(ctx, args),
  },
  Assistance: {
    __resolveType: (r) => ASSISTANCE_TYPE[r.kind],
  },
  PartyRecord: {
    __resolveType: (r) => ('startDate' in r ? 'SupervisionTrip' : 'submittedOn' in r ? 'Recommendation' : ASSISTANCE_TYPE[r.kind]),
  },
  Region: {
    ...pagedList('partyAssistance', async (r: { code: string }, args: RegionFieldArgs, ctx: Context, info: GraphQLResolveInfo) => {
      checkYear('year', args.year);
      return withHelperNames(await ctx.loaders.regionAssistance.load({ ...regionFieldKey(r.code, args), core: asksOnly(info, CORE_FIELDS) }), ctx, info);
    }),
  },
  Organization: {
    name: helperName,
    ...pagedList('partyAssistance', (o: { id: string }, args: { year?: number | null; includeDemo?: boolean | null }, ctx: Context) => {
      checkYear('year', args.year);
      return ctx.loaders.organizationAssistance.load({ id: o.id, year: args.year ?? null, demo: demoFilterOf(args.includeDemo) });
    }),
    partyReport: (o, args, ctx) => partyReport(ctx, o.id, args.year, args.includeDemo),
  },
  PartyYearReport: {
    /** The same report over the party's demo records (none inside a real-only report); null inside a demo part. */
    demo: async (r, _, ctx) => {
      if (r.demoFilter === 'demo') return null;
      const row = r.demoFilter === 'real' ? emptyReport(r.partyId, r.year) : await ctx.loaders.report.load({ partyId: r.partyId, year: r.year, demo: 'demo' });
      // The part of a known party is a report, zero when it has no demo record.
      return report(row && { ...row, known: true }, 'demo');
    },
  },
  SupervisionAssignment: {
    ...assistanceFields,
    trips: async (r, args, ctx) => (await ctx.loaders.tripsByAssignment.load(r.id)).filter((t) => inYear(t.startDate, args.year)),
    recommendations: async (r, args, ctx) =>
      (await ctx.loaders.recommendationsByAssignment.load(r.id)).filter(
        (x) => inYear(x.submittedOn, args.year) && (args.status == null || x.status === args.status),
      ),
  },
  OwnAidCounty: {
    ...assistanceFields,
  },
  IntellectualAssistance: {
    ...assistanceFields,
    party: (r) => ({ id: r.partyId }),
  },
  SupervisionTrip: {
    assignment: async (t, _, ctx) => present(await ctx.loaders.assistanceById.load(t.assignmentId), 'assignment', 'supervision assignment', t.assignmentId),
    party: (t) => ({ id: t.partyId }),
    organizer: (t) => ({ id: t.organizerId }),
    placesVisited: (t) => t.placesVisited.map((code) => ({ code })),
    findings: async (t, _, ctx) => ((await readsWork(ctx, t.partyId, t.provinceCode)) ? t.findings : null),
    recommendations: (t, _, ctx) => ctx.loaders.recommendationsByTrip.load(t.id),
  },
  Recommendation: {
    assignment: async (r, _, ctx) => present(await ctx.loaders.assistanceById.load(r.assignmentId), 'assignment', 'supervision assignment', r.assignmentId),
    party: (r) => ({ id: r.partyId }),
    trip: (r, _, ctx) => (r.tripId ? ctx.loaders.tripById.load(r.tripId) : null),
    recipientRegion: (r) => ({ code: r.recipientCode }),
    content: async (r, _, ctx) => ((await readsWork(ctx, r.partyId, r.provinceCode, r.recipientCode)) ? r.content : null),
    response: async (r, _, ctx) => ((await readsWork(ctx, r.partyId, r.provinceCode, r.recipientCode)) ? r.response : null),
    transitions: (r) => transitionsOf(r),
  },
};
