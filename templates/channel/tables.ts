import { sql } from 'drizzle-orm';
import { date, index, pgSchema, text } from 'drizzle-orm/pg-core';
import { auditLogTable } from '../../lib/audit.js';
import { voidColumns } from '../../lib/corrections.js';
import { recordColumns } from '../../lib/tables.js';
import { versionColumn } from '../../lib/versions.js';

/**
 * The sample channel's own PostgreSQL schema. Places and helping organisations are the
 * registry's; only their codes and ids are kept here.
 */
export const sample = pgSchema('sample');

/** Ids made by the database for records written through the API (`sample-17`); seeds give their own. */
export const recordIdSeq = sample.sequence('record_id_seq');

/** One organisation's help to one place for a period. */
export const recordsTable = sample.table(
  'records',
  {
    id: text().primaryKey().default(sql`'sample-' || nextval('sample.record_id_seq')`),
    helperId: text().notNull(),
    helpedCode: text().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    ...recordColumns(),
    /** Increments on every change; the audit log holds every version. */
    version: versionColumn(),
    /** Voided (lib/corrections.ts): kept, read by id, left out of every list and coverage. */
    ...voidColumns(),
  },
  (t) => [index('records_helped_idx').using('btree', t.helpedCode.op('text_pattern_ops')), index('records_helper_idx').on(t.helperId)],
);

export const auditLog = auditLogTable(sample);
