import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, numeric, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditLogTable } from '../../lib/audit.js';
import { voidColumns } from '../../lib/corrections.js';
import { recordColumns } from '../../lib/tables.js';
import { versionColumn } from '../../lib/versions.js';

/** The designated channel's own PostgreSQL schema: pairings, cadres, annual reports. */
export const designated = pgSchema('designated');

export const ARRANGEMENTS = ['DESIGNATED', 'PAIRED_SUPPORT', 'SUBSIDIARY', 'UNSPECIFIED'] as const;
export const ROUNDS = ['ROUND_2002', 'ROUND_2012', 'ROUND_2015', 'ROUND_2021'] as const;
export const CADRE_ROLES = ['DEPUTY_COUNTY_HEAD', 'FIRST_SECRETARY', 'WORK_TEAM_MEMBER'] as const;
export const REPORT_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED'] as const;
export const GRADES = ['EXCELLENT', 'GOOD', 'FAIR', 'POOR'] as const;

export type Arrangement = (typeof ARRANGEMENTS)[number];
export type Round = (typeof ROUNDS)[number];
export type CadreRole = (typeof CADRE_ROLES)[number];
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type Grade = (typeof GRADES)[number];

export const arrangementEnum = designated.enum('arrangement', ARRANGEMENTS);
export const roundEnum = designated.enum('round', ROUNDS);
export const cadreRoleEnum = designated.enum('cadre_role', CADRE_ROLES);
export const reportStatusEnum = designated.enum('report_status', REPORT_STATUSES);
export const gradeEnum = designated.enum('grade', GRADES);

/** The seven measures' column suffixes, each with a `plan…` and a `summary…` column. */
export const MEASURE_COLUMNS = [
  'FundsInvested',
  'FundsIntroduced',
  'LocalCadresTrained',
  'TechniciansTrained',
  'ProducePurchased',
  'ProduceSalesHelped',
  'Projects',
] as const;

const money = () => numeric({ precision: 18, scale: 2 });

/**
 * A unit assigned to a county. `helperId` and `helpedCode` refer to the registry's
 * organisations and places (checked through its graph when written, never joined).
 * History is kept: ending a pairing sets `until`.
 */
export const pairingsTable = designated.table(
  'pairings',
  {
    id: text().primaryKey(),
    helperId: text().notNull(),
    helpedCode: text().notNull(),
    arrangement: arrangementEnum().notNull(),
    round: roundEnum().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    /** False when `since` stands for the round's start because the source gives none. */
    sinceEvidenced: boolean().notNull(),
    evidenceUrl: text(),
    note: text(),
    endReason: text(),
    /** Increments on every change (`correctDesignatedPairing` compares a client's `expectedVersion`); the audit log holds every version. */
    version: versionColumn(),
    ...recordColumns(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list, total, assessment and coverage. */
    ...voidColumns(),
  },
  (t) => [
    index('pairings_helped_code_pattern_idx').using('btree', t.helpedCode.op('text_pattern_ops')),
    index('pairings_helper_since_idx').on(t.helperId, t.since),
    index('pairings_period_idx').on(t.since, t.until),
    check('pairings_period_check', sql`${t.until} is null or ${t.until} >= ${t.since}`),
  ],
);

/**
 * A person a unit sent under a pairing. `helperId` repeats the pairing's unit (which never
 * changes) so `Organization.cadres` is one indexed lookup. `postedCode` is the county or a
 * village inside it.
 */
export const cadresTable = designated.table(
  'cadres',
  {
    id: text().primaryKey(),
    pairingId: text().notNull(),
    helperId: text().notNull(),
    postedCode: text().notNull(),
    role: cadreRoleEnum().notNull(),
    personName: text().notNull(),
    /** 居民身份证号: returned in full only to administrators and the unit's editors. */
    identityNumber: text().notNull(),
    position: text(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    recallReason: text(),
    /** Increments on every change (`correctDesignatedCadre` compares a client's `expectedVersion`); the audit log holds every version. */
    version: versionColumn(),
    demo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list, total, assessment and coverage. */
    ...voidColumns(),
  },
  (t) => [
    index('cadres_posted_code_pattern_idx').using('btree', t.postedCode.op('text_pattern_ops')),
    index('cadres_helper_since_idx').on(t.helperId, t.since),
    index('cadres_pairing_idx').on(t.pairingId),
    index('cadres_identity_number_idx').on(t.identityNumber),
    index('cadres_period_idx').on(t.since, t.until),
    check('cadres_period_check', sql`${t.until} is null or ${t.until} >= ${t.since}`),
  ],
);

/**
 * One pairing's annual report: the plan and the summary of the same seven measures in
 * parallel columns, so plan and actual are summed side by side in SQL. A side is null until
 * filed. The review state and the assessment live on the same row; the audit log keeps
 * every version.
 */
export const reportsTable = designated.table(
  'reports',
  {
    id: text().primaryKey(),
    pairingId: text().notNull(),
    year: integer().notNull(),
    status: reportStatusEnum().notNull(),
    planFundsInvested: money(),
    planFundsIntroduced: money(),
    planLocalCadresTrained: integer(),
    planTechniciansTrained: integer(),
    planProducePurchased: money(),
    planProduceSalesHelped: money(),
    planProjects: integer(),
    summaryFundsInvested: money(),
    summaryFundsIntroduced: money(),
    summaryLocalCadresTrained: integer(),
    summaryTechniciansTrained: integer(),
    summaryProducePurchased: money(),
    summaryProduceSalesHelped: money(),
    summaryProjects: integer(),
    planFiledAt: timestamp({ withTimezone: true, mode: 'date' }),
    summaryFiledAt: timestamp({ withTimezone: true, mode: 'date' }),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewedAt: timestamp({ withTimezone: true, mode: 'date' }),
    reviewedBy: text(),
    returnReason: text(),
    reopenReason: text(),
    grade: gradeEnum(),
    assessor: text(),
    assessedOn: date({ mode: 'string' }),
    version: versionColumn(),
    demo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of the pairing's reports and every total; its year is not filed again. */
    ...voidColumns(),
  },
  (t) => [
    uniqueIndex('reports_pairing_year_idx').on(t.pairingId, t.year),
    index('reports_year_status_idx').on(t.year, t.status),
    // The resolvers refuse negative figures with a named field; this guards every other writer.
    check(
      'reports_non_negative_check',
      sql.join(
        MEASURE_COLUMNS.flatMap((m) => [t[`plan${m}`], t[`summary${m}`]]).map((c) => sql`coalesce(${c}, 0) >= 0`),
        sql` and `,
      ),
    ),
  ],
);

export const auditLog = auditLogTable(designated);
