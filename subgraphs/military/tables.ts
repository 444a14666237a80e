import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { auditLogTable } from '../../lib/audit.js';
import { voidColumns } from '../../lib/corrections.js';
import { recordColumns } from '../../lib/tables.js';
import { versionColumn } from '../../lib/versions.js';

/**
 * The military channel's own PostgreSQL schema (军队和武警部队帮扶). Units are organisations
 * of the registry: their kind, responsible region (`homeRegion`) and chain of command
 * (`parent`) live there and are not copied here. This schema holds what only this channel
 * knows: the help given, its projects, leading-group seats and the units' internals.
 */
export const military = pgSchema('military');

/** The longest free text of a military record. */
export const MAX_TEXT = 500;

export const ASSISTANCE_KINDS = ['VILLAGE_PAIRING', 'SCHOOL', 'VILLAGE_CLINIC', 'COUNTY_HOSPITAL', 'INFRASTRUCTURE', 'INDUSTRY'] as const;
export type AssistanceKind = (typeof ASSISTANCE_KINDS)[number];
export const assistanceKindEnum = military.enum('assistance_kind', ASSISTANCE_KINDS);

/** Ids made by the database for records written through the API (`mil-a-17`); seeds give their own. */
export const assistanceIdSeq = military.sequence('assistance_id_seq');
export const projectIdSeq = military.sequence('project_id_seq');
export const membershipIdSeq = military.sequence('membership_id_seq');

/**
 * One unit helping one place (a village, township or county) in one way, for a period.
 * `internal_note` is a unit internal: only authorised callers read it.
 */
export const assistanceTable = military.table(
  'assistance',
  {
    id: text().primaryKey().default(sql`'mil-a-' || nextval('military.assistance_id_seq')`),
    helperId: text().notNull(),
    helpedCode: text().notNull(),
    kind: assistanceKindEnum().notNull(),
    /** The site as named by the source or the editor: a village, a school (八一爱民学校), a clinic. */
    siteName: text(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    internalNote: text(),
    evidenceUrl: text(),
    /** Public remarks on the record, e.g. how a reference row was resolved. */
    note: text(),
    ...recordColumns(),
    /** Increments on every change; a change giving another `expectedVersion` is refused (lib/versions.ts). */
    version: versionColumn(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list, total, report and coverage (with its projects). */
    ...voidColumns(),
  },
  (t) => [
    index('assistance_helped_code_pattern_idx').using('btree', t.helpedCode.op('text_pattern_ops')),
    index('assistance_helper_idx').on(t.helperId, t.since),
    index('assistance_period_idx').on(t.since, t.until),
  ],
);

/**
 * A project under one assistance record, in one reporting year. Funds are what the unit
 * invested (one money stage only, so sums never mix stages). Personnel figures
 * (`personnel_sent`, `officers`, `soldiers`) are sensitive.
 */
export const projectsTable = military.table(
  'projects',
  {
    id: text().primaryKey().default(sql`'mil-p-' || nextval('military.project_id_seq')`),
    assistanceId: text().notNull(),
    year: integer().notNull(),
    name: text().notNull(),
    funds: numeric({ precision: 18, scale: 2 }).notNull(),
    householdsReached: integer().notNull(),
    peopleReached: integer().notNull(),
    personnelSent: integer().notNull(),
    officers: integer().notNull(),
    soldiers: integer().notNull(),
    /** Increments on every change (`updateMilitaryProject` compares a client's `expectedVersion`); the audit log holds every version. */
    version: versionColumn(),
    ...recordColumns(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list and total. */
    ...voidColumns(),
  },
  (t) => [index('projects_assistance_year_idx').on(t.assistanceId, t.year), index('projects_year_idx').on(t.year)],
);

/**
 * A unit's seat on the poverty leading group (扶贫开发领导小组) of the government at its own
 * level: 省军区 ↔ province, 军分区 ↔ prefecture, 人武部 ↔ county.
 */
export const leadingGroupMembershipsTable = military.table(
  'leading_group_memberships',
  {
    id: text().primaryKey().default(sql`'mil-lg-' || nextval('military.membership_id_seq')`),
    unitId: text().notNull(),
    regionCode: text().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    ...recordColumns(),
    /** Increments on every change (`correctLeadingGroupMembership` compares a client's `expectedVersion`); the audit log holds every version. */
    version: versionColumn(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of the place's and the unit's seats. */
    ...voidColumns(),
  },
  (t) => [
    index('memberships_unit_idx').on(t.unitId, t.since),
    index('memberships_region_pattern_idx').using('btree', t.regionCode.op('text_pattern_ops')),
    index('memberships_period_idx').on(t.since, t.until),
  ],
);

/** Unit internals the public never sees: designation details and internal notes. */
export const unitProfilesTable = military.table('unit_profiles', {
  unitId: text().primaryKey(),
  designation: text(),
  internalNote: text(),
  demo: boolean().notNull().default(false),
  source: text().notNull(),
  /** Increments on every change; a change giving another `expectedVersion` is refused (lib/versions.ts). */
  version: versionColumn(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  /** Voided (lib/corrections.ts): kept and still read as the unit's `militaryUnit`, with `voided`; never set again. */
  ...voidColumns(),
});

export const auditLog = auditLogTable(military);
