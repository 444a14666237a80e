import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { auditLogTable } from '../../lib/audit.js';
import { voidColumns } from '../../lib/corrections.js';
import { versionColumn } from '../../lib/versions.js';

/**
 * The enterprises channel's own PostgreSQL schema (万企帮万村 and social forces): village
 * compacts and contributions. Helpers are registry organisations referred to by id; this
 * schema never copies a helper's name (an individual donor's name is the registry's to mask).
 */
export const enterprises = pgSchema('enterprises');

/** Contribution kinds: investing, recruiting jobs, donating, skills training, and 消费扶贫 purchases. */
export const CONTRIBUTION_KINDS = ['INDUSTRIAL_INVESTMENT', 'PUBLIC_WELFARE_DONATION', 'EMPLOYMENT', 'SKILLS_TRAINING', 'PURCHASE'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
export const contributionKindEnum = enterprises.enum('contribution_kind', CONTRIBUTION_KINDS);

/** Channels another record may belong to when a contribution is reported there too. */
export const REPORTED_CHANNELS = ['DESIGNATED', 'EAST_WEST'] as const;
export type ReportedChannel = (typeof REPORTED_CHANNELS)[number];
export const reportedChannelEnum = enterprises.enum('reported_channel', REPORTED_CHANNELS);

/** Sequences behind the ids of records written through the API (demo rows carry their own ids). */
export const compactSeq = enterprises.sequence('compact_seq');
export const contributionSeq = enterprises.sequence('contribution_seq');

/**
 * Denormalised at write time from the registry, so the SASAC/ACFIC views and the access rule
 * "SASAC reads every central-SOE record" are one SQL statement with no registry fan-out:
 * `helperKind` (ownership), `groupId` (top of the helper's parent chain; the helper itself
 * when it has no parent) and `groupKind`. `refreshHelperGroup` re-reads them after the
 * registry changes a parent.
 */
const helperColumns = () => ({
  helperId: text().notNull(),
  helperKind: text().notNull(),
  groupId: text().notNull(),
  groupKind: text().notNull(),
});

/** 万企帮万村 compact: one enterprise paired with one village for a period. */
export const compactsTable = enterprises.table(
  'compacts',
  {
    id: text().primaryKey().default(sql`'ent-vc-' || nextval('enterprises.compact_seq')`),
    ...helperColumns(),
    /** Canonical 12-digit village code. */
    helpedCode: text().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    /** Disclosed to the public; unpublished records are read only by privileged roles. */
    published: boolean().notNull().default(true),
    /** Internal note: never shown to anonymous callers. */
    note: text(),
    demo: boolean().notNull().default(false),
    /** Increments on every change (`correctVillageCompact` compares a client's `expectedVersion`); the audit log holds every version. */
    version: versionColumn(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list, total, ranking and coverage. */
    ...voidColumns(),
  },
  (t) => [
    // The places' lists read compacts by code (and subtree prefix) from this index alone (an
    // index-only scan): every column of a record's core follows the code.
    index('compacts_place_idx').using(
      'btree',
      t.helpedCode.op('text_pattern_ops'),
      t.published,
      t.since,
      t.until,
      t.id,
      t.helperId,
      t.helperKind,
      t.groupId,
      t.groupKind,
      t.voidedAt,
    ),
    index('compacts_helper_idx').on(t.helperId, t.since),
    index('compacts_group_idx').on(t.groupId, t.since),
    index('compacts_group_kind_idx').on(t.groupKind, t.since),
    index('compacts_helper_kind_idx').on(t.helperKind, t.since),
  ],
);

/**
 * One contribution: what a helper gave a village or county on a date. Money by stage in
 * separate exact columns (null = stage not reported); stages are never added together.
 */
export const contributionsTable = enterprises.table(
  'contributions',
  {
    id: text().primaryKey().default(sql`'ent-ct-' || nextval('enterprises.contribution_seq')`),
    ...helperColumns(),
    /** Canonical code of a village (12 digits) or county (6 digits). */
    helpedCode: text().notNull(),
    /** The compact this contribution was made under, if any. */
    compactId: text(),
    kind: contributionKindEnum().notNull(),
    date: date({ mode: 'string' }).notNull(),
    pledged: numeric({ precision: 18, scale: 2 }),
    committed: numeric({ precision: 18, scale: 2 }),
    disbursed: numeric({ precision: 18, scale: 2 }),
    verified: numeric({ precision: 18, scale: 2 }),
    jobs: integer().notNull().default(0),
    trainees: integer().notNull().default(0),
    peopleReached: integer().notNull().default(0),
    purpose: text(),
    /** The same help as recorded in another channel: that record's id and channel (both or neither). */
    alsoReportedAs: text(),
    alsoReportedChannel: reportedChannelEnum(),
    published: boolean().notNull().default(true),
    note: text(),
    demo: boolean().notNull().default(false),
    /** Increments on every change; a change giving another `expectedVersion` is refused (lib/versions.ts). */
    version: versionColumn(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list, total, ranking and coverage. */
    ...voidColumns(),
  },
  (t) => [
    // The places' lists and summaries read contributions by code (and subtree prefix) from this
    // index alone (an index-only scan): a record's core and its figures follow the code. The
    // national picture's ~45,000 county contributions: 120 ms of heap reads → 30 ms.
    index('contributions_place_idx').using(
      'btree',
      t.helpedCode.op('text_pattern_ops'),
      t.published,
      t.date,
      t.id,
      t.helperId,
      t.helperKind,
      t.groupId,
      t.groupKind,
      t.kind,
      t.pledged,
      t.committed,
      t.disbursed,
      t.verified,
      t.jobs,
      t.trainees,
      t.peopleReached,
      t.alsoReportedAs,
      t.voidedAt,
    ),
    index('contributions_helper_idx').on(t.helperId, t.date),
    index('contributions_group_idx').on(t.groupId, t.date),
    index('contributions_group_kind_idx').on(t.groupKind, t.date),
    index('contributions_helper_kind_idx').on(t.helperKind, t.date),
    index('contributions_compact_idx').on(t.compactId),
  ],
);

export const auditLog = auditLogTable(enterprises);
