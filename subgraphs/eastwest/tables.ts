import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, date, index, integer, numeric, pgSchema, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditLogTable } from '../../lib/audit.js';
import { voidColumns } from '../../lib/corrections.js';
import { recordColumns } from '../../lib/tables.js';
import { versionColumn } from '../../lib/versions.js';

/** The east-west channel's own PostgreSQL schema: pairings and what flows through them. */
export const eastwest = pgSchema('eastwest');

export const levelEnum = eastwest.enum('pairing_level', ['PROVINCE', 'PREFECTURE', 'COUNTY']);
export const helpedRuleEnum = eastwest.enum('helped_rule', ['WESTERN', 'CENTRAL_EXCEPTION', 'JINGJINJI_EXCEPTION']);
export const attendanceEnum = eastwest.enum('attendance', ['PROVINCIAL_LEADERS', 'PREFECTURE_LEADERS', 'COUNTY_LEADERS', 'DEPARTMENT']);
export const stageEnum = eastwest.enum('aid_stage', ['PLEDGED', 'COMMITTED', 'DISBURSED']);
export const directionEnum = eastwest.enum('talent_direction', ['EAST_TO_WEST', 'WEST_TO_EAST']);
export const talentKindEnum = eastwest.enum('talent_kind', ['CADRE', 'TEACHER', 'DOCTOR', 'TECHNICIAN']);

/**
 * An eastern government helping a western place. `helperCode` is the helper's home region as
 * the registry gave it when the pairing was recorded: it lets `Region.eastWestPairings(role:
 * HELPER)` and the access rule (the helper's province) work in this schema alone, with a
 * prefix index like `helpedCode`'s.
 */
export const pairingsTable = eastwest.table(
  'pairings',
  {
    id: text().primaryKey(),
    helperId: text().notNull(),
    helperCode: text().notNull(),
    helperLevel: levelEnum().notNull(),
    helpedCode: text().notNull(),
    helpedLevel: levelEnum().notNull(),
    helpedRule: helpedRuleEnum().notNull(),
    round: integer().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    arrangement: text().notNull(),
    evidence: text(),
    evidenceUrl: text(),
    ...recordColumns(),
    /** Increments on every change; a change giving another `expectedVersion` is refused (lib/versions.ts). */
    version: versionColumn(),
    /** Voided (lib/corrections.ts): kept, left out of every list, total and coverage. */
    ...voidColumns(),
  },
  (t) => [
    index('pairings_helped_code_idx').using('btree', t.helpedCode.op('text_pattern_ops')),
    index('pairings_helper_code_idx').using('btree', t.helperCode.op('text_pattern_ops')),
    index('pairings_helper_id_idx').on(t.helperId, t.since),
    index('pairings_period_idx').on(t.since, t.until),
  ],
);

/**
 * Columns every flow shares: the pairing, the reporting year, demo flag and origin, the version
 * a correction bumps, and the void columns (lib/corrections.ts). A flow's duplicate key holds
 * among the flows that count: a voided one may be recorded again.
 */
const flowColumns = () => ({
  id: serial().primaryKey(),
  pairingId: text().notNull(),
  year: integer().notNull(),
  demo: boolean().notNull().default(false),
  source: text().notNull(),
  /** Increments on every correction (lib/versions.ts). */
  version: versionColumn(),
  ...voidColumns(),
});

/** Unique among the records that count (not voided). */
const counting = (t: { voidedAt: AnyPgColumn }) => sql`${t.voidedAt} is null`;

/** Joint meetings (联席会议): one per pairing and day. */
export const meetingsTable = eastwest.table(
  'meetings',
  {
    ...flowColumns(),
    date: date({ mode: 'string' }).notNull(),
    place: text().notNull(),
    attendance: attendanceEnum().notNull(),
    agreements: text().array().notNull().default([]),
  },
  (t) => [index('meetings_pairing_year_idx').on(t.pairingId, t.year), uniqueIndex('meetings_unique_idx').on(t.pairingId, t.date).where(counting(t))],
);

/** Fiscal aid, one row per stage: stages are never summed together. */
export const fiscalAidTable = eastwest.table(
  'fiscal_aid',
  {
    ...flowColumns(),
    stage: stageEnum().notNull(),
    amount: numeric({ precision: 18, scale: 2 }).notNull(),
    purpose: text().notNull(),
  },
  (t) => [
    index('fiscal_aid_pairing_year_idx').on(t.pairingId, t.year),
    uniqueIndex('fiscal_aid_unique_idx').on(t.pairingId, t.year, t.stage, t.purpose).where(counting(t)),
  ],
);

/** Industrial cooperation projects: an eastern enterprise investing in a western county. */
export const industrialProjectsTable = eastwest.table(
  'industrial_projects',
  {
    ...flowColumns(),
    name: text().notNull(),
    enterprise: text().notNull(),
    countyCode: text().notNull(),
    investment: numeric({ precision: 18, scale: 2 }).notNull(),
    jobsForPoor: integer().notNull(),
  },
  (t) => [
    index('industrial_projects_pairing_year_idx').on(t.pairingId, t.year),
    index('industrial_projects_county_idx').using('btree', t.countyCode.op('text_pattern_ops')),
    uniqueIndex('industrial_projects_unique_idx').on(t.pairingId, t.year, t.enterprise, t.name).where(counting(t)),
  ],
);

/** Labour cooperation: workers from a western county placed in eastern jobs. */
export const labourTable = eastwest.table(
  'labour_cooperation',
  {
    ...flowColumns(),
    fromCountyCode: text().notNull(),
    workersPlaced: integer().notNull(),
    poorWorkersPlaced: integer().notNull(),
  },
  (t) => [
    index('labour_cooperation_pairing_year_idx').on(t.pairingId, t.year),
    index('labour_cooperation_county_idx').using('btree', t.fromCountyCode.op('text_pattern_ops')),
    uniqueIndex('labour_cooperation_unique_idx').on(t.pairingId, t.year, t.fromCountyCode).where(counting(t)),
  ],
);

/** Talent exchange in one direction, by kind of people. */
export const talentTable = eastwest.table(
  'talent_exchanges',
  {
    ...flowColumns(),
    direction: directionEnum().notNull(),
    kind: talentKindEnum().notNull(),
    persons: integer().notNull(),
    personDays: integer().notNull(),
  },
  (t) => [
    index('talent_exchanges_pairing_year_idx').on(t.pairingId, t.year),
    uniqueIndex('talent_exchanges_unique_idx').on(t.pairingId, t.year, t.direction, t.kind).where(counting(t)),
  ],
);

/** Purchases of western produce by the eastern side (消费扶贫). */
export const produceTable = eastwest.table(
  'produce_purchases',
  {
    ...flowColumns(),
    product: text().notNull(),
    amount: numeric({ precision: 18, scale: 2 }).notNull(),
  },
  (t) => [
    index('produce_purchases_pairing_year_idx').on(t.pairingId, t.year),
    uniqueIndex('produce_purchases_unique_idx').on(t.pairingId, t.year, t.product).where(counting(t)),
  ],
);

export const auditLog = auditLogTable(eastwest);
