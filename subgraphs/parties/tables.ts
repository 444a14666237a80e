import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { auditLogTable } from '../../lib/audit.js';
import { voidColumns } from '../../lib/corrections.js';
import { recordColumns } from '../../lib/tables.js';
import { versionColumn } from '../../lib/versions.js';

/** The parties channel's own PostgreSQL schema: democratic supervision and intellectual aid. */
export const parties = pgSchema('parties');

/**
 * The three record types that implement `Assistance` share one table (`kind` tells them
 * apart), so `Region.partyAssistance` and `Organization.partyAssistance` are one indexed
 * statement per batch instead of a three-way union. Columns that belong to one kind only are
 * null elsewhere, and CHECK constraints keep them so.
 */
export const ASSISTANCE_KINDS = ['SUPERVISION', 'OWN_AID_COUNTY', 'INTELLECTUAL'] as const;
export type AssistanceKind = (typeof ASSISTANCE_KINDS)[number];
export const assistanceKindEnum = parties.enum('assistance_kind', ASSISTANCE_KINDS);

export const INTELLECTUAL_FORMS = ['CONSULTATION', 'TRAINING', 'PROJECT'] as const;
export type IntellectualForm = (typeof INTELLECTUAL_FORMS)[number];
export const intellectualFormEnum = parties.enum('intellectual_form', INTELLECTUAL_FORMS);

export const RECOMMENDATION_STATUSES = ['SUBMITTED', 'ACKNOWLEDGED', 'ADOPTED', 'REJECTED'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
export const recommendationStatusEnum = parties.enum('recommendation_status', RECOMMENDATION_STATUSES);

export const SUBMISSION_FORMS = ['REPORT', 'RECOMMENDATION'] as const;
export type SubmissionForm = (typeof SUBMISSION_FORMS)[number];
export const submissionFormEnum = parties.enum('submission_form', SUBMISSION_FORMS);

export const assistanceTable = parties.table(
  'assistance',
  {
    id: text().primaryKey(),
    kind: assistanceKindEnum().notNull(),
    /** The committee that gives the help (central or provincial), a registry organisation. */
    helperId: text().notNull(),
    /** The party's (or ACFIC's) central committee: what reports and access group by. */
    partyId: text().notNull(),
    helpedCode: text().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    /** `until` is a planned end (the 2016–2020 supervision term), not a documented one. */
    untilPlanned: boolean().notNull().default(false),
    /** False when the source names no start: `since` is then a stated lower bound. */
    sinceDocumented: boolean().notNull().default(true),
    form: intellectualFormEnum(),
    title: text(),
    experts: integer(),
    trainees: integer(),
    arrangement: text(),
    evidenceUrl: text(),
    note: text(),
    ...recordColumns(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Increments on every change (`correctSupervisionAssignment`, `correctOwnAidCounty`, `correctIntellectualAssistance` compare a client's `expectedVersion`); the audit log holds every version. */
    version: versionColumn(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list, report and coverage. */
    ...voidColumns(),
  },
  (t) => [
    index('assistance_helped_code_idx').using('btree', t.helpedCode.op('text_pattern_ops')),
    index('assistance_helper_idx').on(t.helperId, t.since),
    index('assistance_party_idx').on(t.partyId, t.kind, t.since),
    index('assistance_period_idx').on(t.since, t.until),
    check('assistance_period_check', sql`${t.until} is null or ${t.until} >= ${t.since}`),
    check('assistance_counts_check', sql`coalesce(${t.experts}, 0) >= 0 and coalesce(${t.trainees}, 0) >= 0`),
    check('assistance_form_check', sql`(${t.kind} = 'INTELLECTUAL') = (${t.form} is not null)`),
    check('assistance_trainees_check', sql`${t.trainees} is null or ${t.form} = 'TRAINING'`),
  ],
);

/** A supervision trip (调研/监督考察) made under one assignment. */
export const tripsTable = parties.table(
  'supervision_trips',
  {
    id: text().primaryKey(),
    assignmentId: text().notNull(),
    partyId: text().notNull(),
    /** The committee that made the trip: the assignment's central committee or one of its provincial committees. */
    organizerId: text().notNull(),
    /** The supervised province, copied from the assignment so access checks need no join. */
    provinceCode: text().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    /** Canonical codes of the places visited, each inside the supervised province. */
    placesVisited: text().array().notNull(),
    participants: integer(),
    findings: text(),
    ...recordColumns(),
    /** Increments on every change (`correctSupervisionTrip` compares a client's `expectedVersion`); the audit log holds every version. */
    version: versionColumn(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list and report. */
    ...voidColumns(),
  },
  (t) => [
    index('supervision_trips_assignment_idx').on(t.assignmentId, t.startDate),
    index('supervision_trips_party_idx').on(t.partyId, t.startDate),
    index('supervision_trips_province_idx').using('btree', t.provinceCode.op('text_pattern_ops')),
    index('supervision_trips_places_idx').using('gin', t.placesVisited),
    check('supervision_trips_period_check', sql`${t.endDate} >= ${t.startDate}`),
    check('supervision_trips_participants_check', sql`coalesce(${t.participants}, 0) >= 0`),
  ],
);

/**
 * A supervision report or recommendation sent to a recipient (usually the province's Party
 * committee and government), with its status and the day of each transition.
 */
export const recommendationsTable = parties.table(
  'recommendations',
  {
    id: text().primaryKey(),
    assignmentId: text().notNull(),
    partyId: text().notNull(),
    provinceCode: text().notNull(),
    tripId: text(),
    form: submissionFormEnum().notNull(),
    title: text().notNull(),
    content: text(),
    recipient: text().notNull(),
    /** The place whose coordinators acknowledge and decide: the province or a place inside it. */
    recipientCode: text().notNull(),
    submittedOn: date({ mode: 'string' }).notNull(),
    status: recommendationStatusEnum().notNull().default('SUBMITTED'),
    acknowledgedOn: date({ mode: 'string' }),
    decidedOn: date({ mode: 'string' }),
    response: text(),
    ...recordColumns(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Increments on every change (`correctRecommendation`, `advanceRecommendation`); the audit log holds every version. */
    version: versionColumn(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list and report. */
    ...voidColumns(),
  },
  (t) => [
    index('recommendations_assignment_idx').on(t.assignmentId, t.submittedOn),
    index('recommendations_party_idx').on(t.partyId, t.submittedOn),
    index('recommendations_trip_idx').on(t.tripId),
    index('recommendations_recipient_idx').using('btree', t.recipientCode.op('text_pattern_ops')),
    index('recommendations_status_idx').on(t.status, t.submittedOn),
    check(
      'recommendations_dates_check',
      sql`(${t.acknowledgedOn} is null or ${t.acknowledgedOn} >= ${t.submittedOn})
        and (${t.decidedOn} is null or (${t.acknowledgedOn} is not null and ${t.decidedOn} >= ${t.acknowledgedOn}))`,
    ),
    check(
      'recommendations_status_check',
      sql`(${t.status} = 'SUBMITTED') = (${t.acknowledgedOn} is null)
        and (${t.status} in ('ADOPTED', 'REJECTED')) = (${t.decidedOn} is not null)`,
    ),
  ],
);

export const auditLog = auditLogTable(parties);

/** The GraphQL type of each kind of record of help (the audit log's entity). */
export const ASSISTANCE_TYPE = {
  SUPERVISION: 'SupervisionAssignment',
  OWN_AID_COUNTY: 'OwnAidCounty',
  INTELLECTUAL: 'IntellectualAssistance',
} as const satisfies Record<(typeof assistanceTable.$inferSelect)['kind'], string>;
