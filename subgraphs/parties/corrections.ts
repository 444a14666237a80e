import { and, eq, or, sql } from 'drizzle-orm';
import { checkReason, counts, voidRecord, type Voidable } from '../../lib/corrections.js';
import { correctByKind } from '../../lib/import/correct.js';
import { answerWritten } from '../../lib/versions.js';
import { checkUnlocked } from '../../lib/locks.js';
import { audited } from '../../lib/audit.js';
import type { Db } from '../../lib/db.js';
import { badInput, conflict, forbidden, isDomainError, notFound, present } from '../../lib/errors.js';
import { intellectualImport, ownAidCountyImport, supervisionImport, type PartyKind } from './import.js';
import { recommendationImport, tripImport, type WorkBatch } from './work-import.js';
import { editsParty, memberships } from './access.js';
import { parties } from './channel.js';
import type { Memberships } from './loaders.js';
import type { AssistanceRow, Context, RecommendationRow } from './loaders.js';
import { assistanceTable as assistance, auditLog, recommendationsTable as recommendations, tripsTable as trips, type SubmissionForm } from './tables.js';
import type { RecordSupervisionTripInput, SubmitRecommendationInput } from './types.generated.js';
import { yearOf, yearsOfPeriod } from '../../lib/calendar.js';

import { partyLock, refuseAnonymous } from './access.js';
import { ASSISTANCE_TYPE } from './tables.js';

/**
 * Corrections and voids of party records (lib/corrections.ts): each kind's correction on the
 * checks of creating it (lib/import/correct.ts `correctByKind`), and the void of any record of the
 * channel by its id.
 */

/**
 * Void a party assistance record (lib/corrections.ts): same access as ending it, the lock over
 * its years (channel DEMOCRATIC_PARTY) asked before the transaction; the reason required.
 */
export async function voidPartyRecord(ctx: Context, id: string, reasonInput: string | null | undefined) {
  const action = 'voidPartyRecord';
  const reason = checkReason(reasonInput);
  await refuseAnonymous(ctx, action, 'Assistance');
  const m = await memberships(ctx);
  // The kind its prefix names (channel.ts): a trip or a recommendation is the party's work.
  const table = parties.kindOf(id)?.kind.table;
  if (table === trips || table === recommendations) return voidPartyWork(ctx, m, id, reason);
  const current = await ctx.loaders.assistanceById.load(id);
  if (!current) throw notFound('id', 'party assistance record', id);
  const lock = await partyLock(ctx, current.helpedCode, current.since, current.until);
  const spec = { table: assistance, key: assistance.id, keyValue: id, id, entity: ASSISTANCE_TYPE[current.kind], what: 'party assistance record' };
  await audited(ctx.db, auditLog, ctx.identity, action, spec.entity, async (scope) =>
    voidRecord<typeof assistance.$inferSelect>(scope, ctx.identity, spec, reason, (before) => {
      if (!editsParty(ctx, m, before.partyId, before.kind !== 'INTELLECTUAL')) throw forbidden(`you may not void ${id}`);
      checkUnlocked(lock, 'id');
    }),
  );
  ctx.loaders.assistanceById.clear(id);
  return present(await ctx.loaders.assistanceById.load(id), 'id', 'party assistance record', id);
}

/**
 * Void a supervision trip (`parties-trip-`) or a recommendation (`parties-rec-`): the party's
 * editors (as recording them); the lock over its date on the supervised province.
 */
async function voidPartyWork(ctx: Context, m: Memberships, id: string, reason: string) {
  const isTrip = parties.kindOf(id)?.kind.table === trips;
  const row = isTrip ? await ctx.loaders.tripById.load(id) : await ctx.loaders.recommendationById.load(id);
  if (!row) throw notFound('id', isTrip ? 'supervision trip' : 'recommendation', id);
  const assignment = await ctx.loaders.assistanceById.load(row.assignmentId);
  const date = 'startDate' in row ? row.startDate : row.submittedOn;
  const lock = await partyLock(ctx, assignment?.helpedCode, date, date);
  const spec = parties.specOf<Voidable & { partyId: string }>(id, 'party record');
  if (isTrip) spec.regions = assignment ? [assignment.helpedCode] : [];
  await audited(ctx.db, auditLog, ctx.identity, 'voidPartyRecord', spec.entity, async (scope) =>
    voidRecord(scope, ctx.identity, spec, reason, (before) => {
      if (!editsParty(ctx, m, before.partyId)) throw forbidden(`you may not void ${id}`);
      checkUnlocked(lock, 'id');
    }),
  );
  if (isTrip) {
    ctx.loaders.tripById.clear(id);
    return present(await ctx.loaders.tripById.load(id), 'id', 'supervision trip', id);
  }
  ctx.loaders.recommendationById.clear(id);
  return present(await ctx.loaders.recommendationById.load(id), 'id', 'recommendation', id);
}

type RecommendationCorrection = {
  form?: SubmissionForm | null;
  title?: string | null;
  content?: string | null;
  recipient?: string | null;
  recipientCode?: string | null;
};

/**
 * A kind's checks run for a correction whose period is the record's (`same`): a lock they meet
 * refuses the record as recorded (`id`), not a field the correction did not give.
 */
function lockedAsRecorded<T>(same: boolean, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (same && isDomainError(e) && e.extensions.rule === 'locked')
      throw conflict('id', 'locked', e.message.replace(/^input\.\w+: /, ''), { lock: e.extensions.lock });
    throw e;
  }
}

/** A work batch without the record being corrected: it does not clash with itself. */
const withoutRecord = (batch: WorkBatch, id: string): WorkBatch => ({
  ...batch,
  trips: new Map([...batch.trips].filter(([k]) => k !== id)),
  recommendations: new Map([...batch.recommendations].filter(([k]) => k !== id)),
});

/**
 * `correctRecommendation`: the form, title, content or recipient of a recommendation its
 * recipient has not acknowledged yet (SUBMITTED; else CONFLICT, rule `status`), on the checks of
 * submitting it (`recommendationImport`, lib/import/correct.ts); no other of the assignment with
 * that title that day (rule `duplicate`). The lock over its submission year.
 */
export async function correctRecommendation(ctx: Context, args: CorrectionArgs<RecommendationCorrection>) {
  const i = args.input;
  await refuseAnonymous(ctx, 'correctRecommendation', 'Recommendation');
  const current = await ctx.loaders.recommendationById.load(args.id);
  const spec = { table: recommendations, key: recommendations.id, keyValue: args.id, id: args.id, entity: 'Recommendation', what: 'recommendation' };
  const written = await correctByKind<SubmitRecommendationInput, WorkBatch, unknown, RecommendationRow>(ctx, recommendationImport, auditLog, {
    action: 'correctRecommendation',
    spec,
    current: current as RecommendationRow | null,
    reason: args.reason,
    expectedVersion: args.expectedVersion,
    inputOf: (r) => ({
      assignmentId: r.assignmentId,
      tripId: r.tripId,
      form: i.form ?? r.form,
      title: i.title ?? r.title,
      content: given(i, 'content', r.content),
      recipient: i.recipient ?? r.recipient,
      recipientCode: i.recipientCode ?? r.recipientCode,
      submittedOn: r.submittedOn,
    }),
    lockOf: (r) => ({ channel: 'DEMOCRATIC_PARTY', codes: [r.provinceCode], years: [yearOf(r.submittedOn)] }),
    check: (input, registry, batch, before) => {
      const others = withoutRecord(batch, before.id);
      // The day submitted is never corrected: its lock is the record's.
      const row = lockedAsRecorded(true, () => recommendationImport.check(input, registry, others, ctx.identity));
      if (before.status !== 'SUBMITTED')
        throw conflict('id', 'status', `${args.id} is ${before.status}: only a recommendation not yet acknowledged is corrected`);
      const same = others.recommendations.get(row.id);
      if (same && !same.voidedAt)
        throw badInput('input.title', 'duplicate', `${same.id} already records a submission with this title on ${before.submittedOn}`);
      return { form: row.form, title: row.title, content: row.content, recipient: row.recipient, recipientCode: row.recipientCode, updatedAt: new Date() };
    },
  });
  return answerWritten(ctx.loaders.recommendationById, args.id, written);
}

type CorrectionArgs<I> = { id: string; input: I; reason?: string | null; expectedVersion?: number | null };
type AssistanceFacts = typeof assistance.$inferSelect;

const WHAT_KIND: Record<AssistanceRow['kind'], string> = {
  SUPERVISION: 'supervision assignment',
  OWN_AID_COUNTY: 'own aid county',
  INTELLECTUAL: 'intellectual assistance record',
};

/** A corrected field: the input's when given (null included: it clears the field), else the record's. */
const given = <I extends object, V>(input: I, key: keyof I, before: V): V => (Object.hasOwn(input, key) ? ((input[key] ?? null) as V) : before);

/**
 * A correction of a record of help (lib/import/correct.ts): the create mutation's checks (its
 * import kind's, `corrected`) on the record with the corrected fields over it, against the other
 * records of the kind; a supervision assignment's trips and recommendations kept inside the
 * corrected period. Writes `fields` of the checked values.
 */
async function correctAssistance<I>(
  ctx: Context,
  kind: PartyKind<I>,
  expected: AssistanceRow['kind'],
  args: CorrectionArgs<object>,
  inputOf: (row: AssistanceFacts) => I,
  fields: readonly (keyof AssistanceFacts)[],
) {
  const action = kind.action.replace(/^(create|record)/, 'correct');
  await refuseAnonymous(ctx, action, ASSISTANCE_TYPE[expected]);
  const loaded = await ctx.loaders.assistanceById.load(args.id);
  // Another kind's id names no record of this one.
  if (loaded && loaded.kind !== expected) throw notFound('id', WHAT_KIND[expected], args.id);
  const current = loaded as AssistanceFacts | null;
  const spec = { table: assistance, key: assistance.id, keyValue: args.id, id: args.id, entity: ASSISTANCE_TYPE[expected], what: WHAT_KIND[expected] };
  const written = await correctByKind<I, AssistanceRow[], unknown, AssistanceFacts>(ctx, kind, auditLog, {
    action,
    spec,
    current,
    reason: args.reason,
    expectedVersion: args.expectedVersion,
    inputOf,
    lockOf: (r) => ({ channel: 'DEMOCRATIC_PARTY', codes: [r.helpedCode], years: yearsOfPeriod(r.since, r.until) }),
    check: async (input, registry, recorded, before, tx) => {
      const row = kind.corrected(input, registry, recorded, ctx.identity, before.id);
      if (expected === 'SUPERVISION') await checkWorkInside(tx, before.id, row.since, row.until ?? null);
      const values: Partial<AssistanceFacts> = { updatedAt: new Date() };
      for (const f of fields) (values as Record<string, unknown>)[f] = row[f as keyof typeof row] ?? null;
      return values;
    },
  });
  return answerWritten(ctx.loaders.assistanceById, args.id, written as AssistanceRow);
}

/** An assignment's trips and recommendations that count stay inside its period (`records-outside-period`). */
async function checkWorkInside(db: Db, id: string, since: string, until: string | null) {
  const outside = (start: typeof trips.startDate | typeof recommendations.submittedOn, end: typeof trips.endDate | typeof recommendations.submittedOn) =>
    or(sql`${start} < ${since}`, until === null ? undefined : sql`${end} > ${until}`);
  const [trip] = await db
    .select({ id: trips.id })
    .from(trips)
    .where(and(eq(trips.assignmentId, id), counts(trips.voidedAt), outside(trips.startDate, trips.endDate)))
    .limit(1);
  const [rec] = await db
    .select({ id: recommendations.id })
    .from(recommendations)
    .where(and(eq(recommendations.assignmentId, id), counts(recommendations.voidedAt), outside(recommendations.submittedOn, recommendations.submittedOn)))
    .limit(1);
  const first = trip?.id ?? rec?.id;
  if (first) throw badInput('input.since', 'records-outside-period', `${first} lies outside that period: correct or void it first`);
}

type SupervisionAssignmentCorrection = {
  since?: string | null;
  until?: string | null;
  untilPlanned?: boolean | null;
  arrangement?: string | null;
  evidenceUrl?: string | null;
};
type OwnAidCountyCorrection = {
  since?: string | null;
  until?: string | null;
  sinceDocumented?: boolean | null;
  evidenceUrl?: string | null;
  note?: string | null;
};
type IntellectualAssistanceCorrection = {
  title?: string | null;
  since?: string | null;
  until?: string | null;
  experts?: number | null;
  trainees?: number | null;
  note?: string | null;
};

export const correctSupervisionAssignment = (ctx: Context, args: CorrectionArgs<SupervisionAssignmentCorrection>) => {
  const i = args.input;
  return correctAssistance(
    ctx,
    supervisionImport,
    'SUPERVISION',
    args,
    (r) => {
      const until = given(i, 'until', r.until);
      return {
        helperId: r.helperId,
        helpedCode: r.helpedCode,
        since: i.since ?? r.since,
        until,
        // An end taken away is no planned end.
        untilPlanned: i.untilPlanned ?? (until === null ? false : r.untilPlanned),
        arrangement: given(i, 'arrangement', r.arrangement),
        evidenceUrl: given(i, 'evidenceUrl', r.evidenceUrl),
      };
    },
    ['since', 'until', 'untilPlanned', 'arrangement', 'evidenceUrl'],
  );
};

export const correctOwnAidCounty = (ctx: Context, args: CorrectionArgs<OwnAidCountyCorrection>) => {
  const i = args.input;
  return correctAssistance(
    ctx,
    ownAidCountyImport,
    'OWN_AID_COUNTY',
    args,
    (r) => ({
      helperId: r.helperId,
      helpedCode: r.helpedCode,
      since: i.since ?? r.since,
      until: given(i, 'until', r.until),
      sinceDocumented: i.sinceDocumented ?? r.sinceDocumented,
      evidenceUrl: given(i, 'evidenceUrl', r.evidenceUrl),
      note: given(i, 'note', r.note),
    }),
    ['since', 'until', 'sinceDocumented', 'evidenceUrl', 'note'],
  );
};

export const correctIntellectualAssistance = (ctx: Context, args: CorrectionArgs<IntellectualAssistanceCorrection>) => {
  const i = args.input;
  return correctAssistance(
    ctx,
    intellectualImport,
    'INTELLECTUAL',
    args,
    (r) => ({
      helperId: r.helperId,
      helpedCode: r.helpedCode,
      form: r.form!,
      title: i.title ?? r.title ?? '',
      since: i.since ?? r.since,
      until: given(i, 'until', r.until),
      experts: given(i, 'experts', r.experts),
      trainees: given(i, 'trainees', r.trainees),
      note: given(i, 'note', r.note),
    }),
    ['title', 'since', 'until', 'experts', 'trainees', 'note'],
  );
};

type SupervisionTripCorrection = {
  organizerId?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  placesVisited?: readonly string[] | null;
  participants?: number | null;
  findings?: string | null;
};

/**
 * `correctSupervisionTrip`: the checks of recording a trip (`tripImport`, lib/import/correct.ts)
 * on the trip with the corrected fields over it; no other trip of the assignment with the same
 * dates and places (rule `duplicate`); its recommendations still after it; the lock over its year
 * before (as recorded) and after (the checks').
 */
export async function correctSupervisionTrip(ctx: Context, args: CorrectionArgs<SupervisionTripCorrection>) {
  const i = args.input;
  await refuseAnonymous(ctx, 'correctSupervisionTrip', 'SupervisionTrip');
  const current = await ctx.loaders.tripById.load(args.id);
  const spec = { table: trips, key: trips.id, keyValue: args.id, id: args.id, entity: 'SupervisionTrip', what: 'supervision trip' };
  const written = await correctByKind<RecordSupervisionTripInput, WorkBatch, unknown, typeof trips.$inferSelect>(ctx, tripImport, auditLog, {
    action: 'correctSupervisionTrip',
    spec,
    current,
    reason: args.reason,
    expectedVersion: args.expectedVersion,
    inputOf: (r) => ({
      assignmentId: r.assignmentId,
      organizerId: i.organizerId ?? r.organizerId,
      startDate: i.startDate ?? r.startDate,
      endDate: i.endDate ?? r.endDate,
      placesVisited: [...(i.placesVisited ?? r.placesVisited)],
      participants: given(i, 'participants', r.participants),
      findings: given(i, 'findings', r.findings),
    }),
    lockOf: (r) => ({ channel: 'DEMOCRATIC_PARTY', codes: [r.provinceCode], years: [yearOf(r.startDate)] }),
    check: async (input, registry, batch, before, tx) => {
      const others = withoutRecord(batch, before.id);
      const trip = lockedAsRecorded(input.startDate === before.startDate, () => tripImport.check(input, registry, others, ctx.identity));
      const same = others.trips.get(trip.id);
      if (same && !same.voidedAt) throw badInput('input.startDate', 'duplicate', `${same.id} already records this trip (same dates and places)`);
      const [early] = await tx
        .select({ id: recommendations.id, on: recommendations.submittedOn })
        .from(recommendations)
        .where(and(eq(recommendations.tripId, before.id), counts(recommendations.voidedAt), sql`${recommendations.submittedOn} < ${trip.endDate}`))
        .limit(1);
      if (early) throw badInput('input.endDate', 'after-trip', `${early.id} was submitted on ${early.on}, before ${trip.endDate}: correct or void it first`);
      const { organizerId, startDate, endDate, placesVisited, participants, findings } = trip;
      return { organizerId, startDate, endDate, placesVisited, participants, findings };
    },
  });
  return answerWritten(ctx.loaders.tripById, args.id, written);
}
