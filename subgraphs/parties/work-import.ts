import { sql } from 'drizzle-orm';
import { checkNotVoided } from '../../lib/corrections.js';
import type { Db } from '../../lib/db.js';
import { badInput, forbidden, notFound } from '../../lib/errors.js';
import { type Identity, requireSignedIn } from '../../lib/identity.js';
import { cellsAsInput, col, type ImportKind, listCell, type Needs, type RegistryFacts } from '../../lib/import/kind.js';
import { checkAtMost, checkDateYear, checkNotFuture, checkOptionalCount, checkPeriod, optionalText, requiredText } from '../../lib/rules.js';
import { editsPartyAs, PARTY_KINDS } from './access.js';
import { recordId } from './ids.js';
import { membershipsOf, partyOf } from './import.js';
import type { AssistanceRow, RecommendationRow } from './loaders.js';
import { assistanceTable as assistance, recommendationsTable as recommendations, SUBMISSION_FORMS, tripsTable as trips } from './tables.js';
import type { RecordSupervisionTripInput, SubmitRecommendationInput } from './types.generated.js';

/**
 * The supervision work done under an assignment, as importable kinds (docs/import.md):
 * `recordSupervisionTrip` and `submitRecommendation` run these checks and writes on one input
 * (`recordOne`), an import on each row of a file. Each record's id is a hash of its natural key
 * (a trip: assignment, dates and places visited; a submission: assignment, title and day), so a
 * row given again finds its record.
 */

type TripRow = typeof trips.$inferSelect;
type TripValues = Omit<typeof trips.$inferInsert, 'createdAt'> & { id: string; provinceCode: string };
type RecommendationValues = Omit<typeof recommendations.$inferInsert, 'createdAt' | 'updatedAt'> & { id: string; provinceCode: string };

/** A batch's assignments (locked: an end or a void waits) and their recorded trips and submissions (voided ones too). */
export interface WorkBatch {
  assignments: Map<string, AssistanceRow>;
  trips: Map<string, TripRow>;
  recommendations: Map<string, RecommendationRow>;
}

async function workBatch(tx: Db, assignmentIds: readonly string[], tripIds: readonly string[]): Promise<WorkBatch> {
  const ids = sql.param([...new Set(assignmentIds)]);
  const [found, recordedTrips, recorded] = await Promise.all([
    tx.select().from(assistance).where(sql`${assistance.id} = any(${ids}::text[])`).for('update'),
    tx
      .select()
      .from(trips)
      .where(sql`${trips.assignmentId} = any(${ids}::text[]) or ${trips.id} = any(${sql.param([...new Set(tripIds)])}::text[])`),
    tx.select().from(recommendations).where(sql`${recommendations.assignmentId} = any(${ids}::text[])`),
  ]);
  return {
    assignments: new Map(found.map((a) => [a.id, a])),
    trips: new Map(recordedTrips.map((t) => [t.id, t])),
    recommendations: new Map(recorded.map((r) => [r.id, r as RecommendationRow])),
  };
}

/** The supervision assignment a row names, its party's editors writing (a voided one refused: CONFLICT `voided`). */
function assignmentOf(batch: WorkBatch, id: string, registry: RegistryFacts, who: Identity, what: string): AssistanceRow {
  requireSignedIn(who);
  const assignment = batch.assignments.get(id);
  if (assignment?.kind !== 'SUPERVISION') throw notFound('input.assignmentId', 'supervision assignment', id);
  if (!editsPartyAs(who, membershipsOf(registry, who), assignment.partyId)) throw forbidden(`only ${assignment.partyId}'s editors ${what}`);
  checkNotVoided('supervision assignment', assignment.id, assignment, 'input.assignmentId');
  return assignment;
}

function requireWithinAssignment(field: string, date: string, a: AssistanceRow): void {
  if (date < a.since || (a.until !== null && date > a.until)) {
    throw badInput(field, 'within-period', `${date} is outside the assignment's period ${a.since} to ${a.until ?? 'now'}`);
  }
}

/** A place named by a record of the assignment: inside the supervised province (rule `within-place`). */
function placeInside(registry: RegistryFacts, field: string, code: string, a: AssistanceRow): string {
  const region = registry.place(field, code);
  if (!region.code.startsWith(a.helpedCode)) throw badInput(field, 'within-place', `${region.name} is outside the supervised province ${a.helpedCode}`);
  return region.code;
}

/**
 * Refuse a row whose record is recorded with other values (`duplicate`, on `field`: the record
 * is what it is, a void takes it out), or voided (CONFLICT `voided`): its id is not given again.
 */
function checkAsRecorded<T extends Record<string, unknown>>(
  what: string,
  field: string,
  row: T & { id: string },
  recorded: T | undefined,
  compared: readonly (keyof T & string)[],
) {
  if (!recorded) return;
  checkNotVoided(what, row.id, recorded as never, field);
  const changed = compared.find((f) => JSON.stringify(row[f] ?? null) !== JSON.stringify(recorded[f] ?? null));
  if (changed)
    throw badInput(
      field,
      'duplicate',
      `${what} ${row.id} is already recorded with another ${changed}: an import does not change it (void it and record it again)`,
    );
}

const ASSIGNMENT = col({
  key: 'assignmentId',
  en: 'assignment',
  zh: '督导编号',
  type: 'id',
  example: 'parties-sup-0123456789ab',
  note: 'the supervision assignment’s id (parties-sup-…)',
});

const callerNeeds = (who: Identity, into: Needs) => {
  if (who.role === 'EDITOR') for (const id of who.orgs) into.orgs.add(id);
};

/** Supervision trips (`recordSupervisionTrip`), keyed on assignment, first and last day and places visited (the trip's id). */
export const tripImport: ImportKind<RecordSupervisionTripInput, WorkBatch, TripValues, TripRow> = {
  name: 'parties-supervision-trips',
  subgraph: 'parties',
  channel: 'DEMOCRATIC_PARTY',
  action: 'recordSupervisionTrip',
  entity: 'SupervisionTrip',
  key: 'assignment, first and last day, places visited',
  columns: [
    ASSIGNMENT,
    col({
      key: 'organizerId',
      en: 'organizer',
      zh: '组织单位',
      type: 'organization',
      required: false,
      example: '',
      note: 'a committee of the assignment’s party: id, unified social credit code, or exact name or alias; blank: the central committee',
    }),
    col({ key: 'startDate', en: 'start date', zh: '开始日期', type: 'date', example: '2017-05-08', note: 'inside the assignment’s period, not in the future' }),
    col({ key: 'endDate', en: 'end date', zh: '结束日期', type: 'date', example: '2017-05-12', note: 'not before the start, inside the assignment’s period' }),
    col({
      key: 'placesVisited',
      en: 'places visited',
      zh: '走访地代码',
      type: 'text',
      example: '520621；522601',
      note: 'codes inside the supervised province, separated by ; or ； (1 to 100)',
    }),
    col({ key: 'participants', en: 'participants', zh: '参加人数', type: 'integer', required: false, example: '12', note: 'a whole number' }),
    col({
      key: 'findings',
      en: 'findings',
      zh: '发现问题',
      type: 'text',
      required: false,
      example: '',
      note: 'at most 20,000 characters; read by the party and the province',
    }),
  ],
  input: (c) => ({
    assignmentId: c.assignmentId as string,
    organizerId: c.organizerId as string | null,
    startDate: c.startDate as string,
    endDate: c.endDate as string,
    placesVisited: listCell(c.placesVisited) ?? [],
    participants: c.participants as number | null,
    findings: c.findings as string | null,
  }),
  needs: (input, into) => {
    if (input.organizerId) into.orgs.add(input.organizerId);
    for (const code of input.placesVisited) into.codes.add(code);
  },
  callerNeeds,
  batchFacts: (tx, inputs) =>
    workBatch(
      tx,
      inputs.map((i) => i.assignmentId),
      [],
    ),
  check: (input, registry, batch, who) => {
    const a = assignmentOf(batch, input.assignmentId, registry, who, 'record its supervision trips');
    // A trip belongs to the year it starts in, on the supervised province.
    if (/^\d{4}-/.test(input.startDate))
      registry.checkUnlocked({ channel: 'DEMOCRATIC_PARTY', codes: [a.helpedCode], years: [Number(input.startDate.slice(0, 4))] }, 'input.startDate');
    let organizerId = a.helperId;
    if (input.organizerId) {
      const o = registry.organization('input.organizerId', input.organizerId);
      if (!PARTY_KINDS.includes(o.kind) || partyOf(registry, o) !== a.partyId)
        throw badInput('input.organizerId', 'party-committee', `${o.name} is not a committee of ${a.partyId}`);
      organizerId = o.id;
    }
    checkPeriod({ since: 'input.startDate', until: 'input.endDate' }, { since: input.startDate, until: input.endDate });
    requireWithinAssignment('input.startDate', input.startDate, a);
    requireWithinAssignment('input.endDate', input.endDate, a);
    checkNotFuture('input.startDate', input.startDate);
    if (!input.placesVisited.length) throw badInput('input.placesVisited', 'required', 'name at least one place visited');
    checkAtMost('input.placesVisited', input.placesVisited, 100, 'places per trip');
    const visited = [...new Set(input.placesVisited.map((code, i) => placeInside(registry, `input.placesVisited[${i}]`, code, a)))].sort();
    const row: TripValues = {
      id: recordId('trip', a.id, input.startDate, input.endDate, visited.join(',')),
      assignmentId: a.id,
      partyId: a.partyId,
      organizerId,
      provinceCode: a.helpedCode,
      startDate: input.startDate,
      endDate: input.endDate,
      placesVisited: visited,
      participants: checkOptionalCount('input.participants', input.participants),
      findings: optionalText('input.findings', input.findings, 20_000),
      source: 'api',
    };
    checkAsRecorded('supervision trip', 'input.startDate', row, batch.trips.get(row.id) as TripValues | undefined, ['organizerId', 'participants', 'findings']);
    return row;
  },
  keyOf: (row) => row.id,
  existing: async (tx, rows) => {
    const found = await tx
      .select()
      .from(trips)
      .where(sql`${trips.id} = any(${sql.param(rows.map((r) => r.id))}::text[])`);
    return new Map(found.map((t) => [t.id, [t]]));
  },
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    const created = creates.length
      ? await tx
          .insert(trips)
          .values([...creates])
          .returning()
      : [];
    await logMany(created.map((t) => ({ entity: 'SupervisionTrip', entityId: t.id, after: t, regions: [t.provinceCode] })));
    return created;
  },
};

/** Reports and recommendations (`submitRecommendation`), keyed on assignment, title and day submitted (the record's id). */
export const recommendationImport: ImportKind<SubmitRecommendationInput, WorkBatch, RecommendationValues, RecommendationRow> = {
  name: 'parties-recommendations',
  subgraph: 'parties',
  channel: 'DEMOCRATIC_PARTY',
  action: 'submitRecommendation',
  entity: 'Recommendation',
  key: 'assignment, title and day submitted',
  columns: [
    ASSIGNMENT,
    col({
      key: 'tripId',
      en: 'trip',
      zh: '督导行程编号',
      type: 'id',
      required: false,
      example: '',
      note: 'the trip it came out of (parties-trip-…), under the same assignment',
    }),
    col({
      key: 'form',
      en: 'form',
      zh: '形式',
      type: 'enum',
      required: false,
      allowed: SUBMISSION_FORMS,
      example: 'RECOMMENDATION',
      note: 'blank: RECOMMENDATION',
    }),
    col({ key: 'title', en: 'title', zh: '标题', type: 'text', example: '演示·关于产业扶贫的建议', note: 'at most 200 characters' }),
    col({ key: 'content', en: 'content', zh: '内容', type: 'text', required: false, example: '', note: 'at most 20,000 characters' }),
    col({ key: 'recipient', en: 'recipient', zh: '报送对象', type: 'text', example: '贵州省委省政府', note: 'at most 200 characters' }),
    col({
      key: 'recipientCode',
      en: 'recipient place',
      zh: '报送地代码',
      type: 'code',
      required: false,
      example: '',
      note: 'the place whose coordinators decide it, inside the supervised province; blank: the province',
    }),
    col({
      key: 'submittedOn',
      en: 'submitted on',
      zh: '报送日期',
      type: 'date',
      example: '2017-06-01',
      note: 'inside the assignment’s period, not in the future',
    }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    if (input.recipientCode) into.codes.add(input.recipientCode);
  },
  callerNeeds,
  batchFacts: (tx, inputs) =>
    workBatch(
      tx,
      inputs.map((i) => i.assignmentId),
      inputs.map((i) => i.tripId).filter((id): id is string => !!id),
    ),
  check: (input, registry, batch, who) => {
    const a = assignmentOf(batch, input.assignmentId, registry, who, 'submit its recommendations');
    // A recommendation belongs to the year of its submission, on the supervised province.
    if (/^\d{4}-/.test(input.submittedOn))
      registry.checkUnlocked({ channel: 'DEMOCRATIC_PARTY', codes: [a.helpedCode], years: [Number(input.submittedOn.slice(0, 4))] }, 'input.submittedOn');
    const trip = input.tripId ? batch.trips.get(input.tripId) : null;
    if (input.tripId && !trip) throw notFound('input.tripId', 'supervision trip', input.tripId);
    if (trip && trip.assignmentId !== a.id) throw badInput('input.tripId', 'same-assignment', `${trip.id} was made under ${trip.assignmentId}`);
    const title = requiredText('input.title', input.title, 200);
    const recipient = requiredText('input.recipient', input.recipient, 200);
    const content = optionalText('input.content', input.content, 20_000);
    const recipientCode = input.recipientCode ? placeInside(registry, 'input.recipientCode', input.recipientCode, a) : a.helpedCode;
    checkDateYear('input.submittedOn', input.submittedOn);
    requireWithinAssignment('input.submittedOn', input.submittedOn, a);
    checkNotFuture('input.submittedOn', input.submittedOn);
    if (trip && input.submittedOn < trip.endDate)
      throw badInput('input.submittedOn', 'after-trip', `${input.submittedOn} is before the trip ended on ${trip.endDate}`);
    const row: RecommendationValues = {
      id: recordId('rec', a.id, title, input.submittedOn),
      assignmentId: a.id,
      partyId: a.partyId,
      provinceCode: a.helpedCode,
      tripId: trip?.id ?? null,
      form: input.form ?? 'RECOMMENDATION',
      title,
      content,
      recipient,
      recipientCode,
      submittedOn: input.submittedOn,
      source: 'api',
    };
    checkAsRecorded('recommendation', 'input.title', row, batch.recommendations.get(row.id) as RecommendationValues | undefined, [
      'tripId',
      'form',
      'content',
      'recipient',
      'recipientCode',
    ]);
    return row;
  },
  keyOf: (row) => row.id,
  existing: async (tx, rows) => {
    const found = await tx
      .select()
      .from(recommendations)
      .where(sql`${recommendations.id} = any(${sql.param(rows.map((r) => r.id))}::text[])`);
    return new Map(found.map((r) => [r.id, [r as RecommendationRow]]));
  },
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    const created = creates.length
      ? await tx
          .insert(recommendations)
          .values([...creates])
          .returning()
      : [];
    await logMany(created.map((r) => ({ entity: 'Recommendation', entityId: r.id, after: r, regions: [r.recipientCode] })));
    return created as RecommendationRow[];
  },
};
