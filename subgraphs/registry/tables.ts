import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgSchema, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditLogTable } from '../../lib/audit.js';
import { voidColumns } from '../../lib/corrections.js';
import { recordColumns } from '../../lib/tables.js';
import { versionColumn } from '../../lib/versions.js';

/** The registry's own PostgreSQL schema: places and organisations every channel refers to. */
export const registry = pgSchema('registry');

export const regionLevelEnum = registry.enum('region_level', ['PROVINCE', 'PREFECTURE', 'COUNTY', 'TOWNSHIP', 'VILLAGE']);
export const zoneEnum = registry.enum('zone', ['EAST', 'CENTRAL', 'WEST']);

export const ORGANIZATION_KINDS = [
  'CENTRAL_PARTY_STATE_ORGAN',
  'LOCAL_PARTY_STATE_ORGAN',
  'LOCAL_GOVERNMENT',
  'CENTRAL_SOE',
  'LOCAL_SOE',
  'PRIVATE_ENTERPRISE',
  'FOREIGN_INVESTED_ENTERPRISE',
  'COLLECTIVE_ENTERPRISE',
  'SOCIAL_ORGANIZATION',
  'UNIVERSITY',
  'FINANCIAL_INSTITUTION',
  'PROVINCIAL_MILITARY_DISTRICT',
  'MILITARY_SUBDISTRICT',
  'PEOPLES_ARMED_FORCES_DEPARTMENT',
  'ARMED_POLICE_UNIT',
  'MILITARY_UNIT',
  'DEMOCRATIC_PARTY',
  'INDUSTRY_AND_COMMERCE_FEDERATION',
  'INDIVIDUAL',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const organizationKindEnum = registry.enum('organization_kind', ORGANIZATION_KINDS);

/**
 * Every division of the 2023 NBS edition, all five levels. `code` is canonical (2/4/6/9/12
 * digits) and nests by prefix; the `text_pattern_ops` index serves prefix (subtree) queries.
 */
export const regionsTable = registry.table(
  'regions',
  {
    code: text().primaryKey(),
    name: text().notNull(),
    level: regionLevelEnum().notNull(),
    parentCode: text(),
    provinceCode: text().notNull(),
    zone: zoneEnum(),
    /** County-level NBS functional zone (development zone), not a legal county. */
    functionalZone: boolean().notNull().default(false),
    /** Division-code edition the row comes from. */
    edition: integer().notNull(),
  },
  (t) => [
    index('regions_parent_code_idx').on(t.parentCode, t.code),
    index('regions_level_code_idx').on(t.level, t.code),
    index('regions_code_pattern_idx').using('btree', t.code.op('text_pattern_ops')),
    index('regions_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
  ],
);

/**
 * The national poverty-county designations as listed (832 rows). Two listed units merged
 * into one 2023 county (冷湖 and 茫崖 行委 → 茫崖市 632803), so a region may carry several.
 */
export const povertyDesignationsTable = registry.table(
  'poverty_designations',
  {
    code: text().notNull(),
    listedName: text().notNull(),
    code2014: text(),
    name2014: text(),
    exitYear: integer(),
    source: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.listedName] })],
);

/**
 * Village-level poverty flags. No public list names the 128,000 poor villages of 2014, so
 * every row here is generated demo data and says so (`demo` is always true today).
 */
export const poorVillagesTable = registry.table('poor_villages', {
  code: text().primaryKey(),
  demo: boolean().notNull(),
});

export const codeStatusEnum = registry.enum('code_status', ['IN_USE', 'ABOLISHED', 'CHANGED']);

/**
 * The county-level-and-above codes of 1981–2024, one row per code and period, as the Ministry of
 * Civil Affairs listed them at each year end (reference/divisions-county-history-1981-2024.csv),
 * with the NBS-only codes of reference/divisions-nbs-supplement.csv. `code` is canonical (2/4/6
 * digits); a code used for several places over time has a row per period. `currentCodes` are the
 * places of the registry's edition the row's area is in now, resolved at load by following the
 * successors (`newCodes`) year by year (subgraphs/registry/code-history.ts): one place, several
 * when the area was split, none when the history names none.
 */
export const codeHistoryTable = registry.table(
  'code_history',
  {
    code: text().notNull(),
    name: text().notNull(),
    level: regionLevelEnum().notNull(),
    /** 在用 IN_USE, 弃用 ABOLISHED, 变更 CHANGED (the same code, renamed or moved). */
    status: codeStatusEnum().notNull(),
    /** First year-end list the row is in. */
    fromYear: integer().notNull(),
    /** First year-end list it is no longer in (the year of its change); null while in use. */
    untilYear: integer(),
    /** The successors as listed (`code[year]` marks a part of the area that moved in that year). */
    newCodes: text().notNull(),
    currentCodes: text().array().notNull(),
    /** The file the row was loaded from. */
    source: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.fromYear] }), index('code_history_current_codes_idx').using('gin', t.currentCodes)],
);

export const organizationsTable = registry.table(
  'organizations',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    nameEn: text(),
    kind: organizationKindEnum().notNull(),
    homeRegionCode: text(),
    parentId: text(),
    /** 统一社会信用代码, where known. */
    uscc: text(),
    ...recordColumns(),
    /** Increments on every change; a change giving another `expectedVersion` is refused (lib/versions.ts). */
    version: versionColumn(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Voided (lib/corrections.ts): kept, read by id (the records naming it keep their helper), left out of `organizations`. */
    ...voidColumns(),
  },
  (t) => [
    index('organizations_kind_id_idx').on(t.kind, t.id),
    index('organizations_parent_idx').on(t.parentId),
    index('organizations_home_region_idx').using('btree', t.homeRegionCode.op('text_pattern_ops')),
    index('organizations_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    uniqueIndex('organizations_uscc_idx').on(t.uscc),
  ],
);

/** Other names an organisation is known by (short names, former names), trigram-indexed for search. */
export const organizationAliasesTable = registry.table(
  'organization_aliases',
  {
    organizationId: text().notNull(),
    alias: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.alias] }), index('organization_aliases_trgm_idx').using('gin', t.alias.op('gin_trgm_ops'))],
);

/**
 * The revision of the organisations' names: one row, whose number a trigger on
 * `registry.organizations` raises in the same transaction as every statement that writes it
 * (insert, update, delete, truncate, COPY; migration 0002). `organizationNames` reads it in the
 * same statement as the names, so a channel keeps the names it was given for as long as the
 * revision it was given with still holds (`NameCache` in lib/registry-api.ts).
 */
export const namesRevisionTable = registry.table(
  'names_revision',
  {
    singleton: boolean().primaryKey().default(true),
    revision: bigint({ mode: 'number' }).notNull().default(1),
  },
  (t) => [check('names_revision_one_row', sql`${t.singleton}`)],
);

/**
 * Locked periods: a channel's reporting year closed for a region (and every place inside it).
 * A write of that channel (create, correct, void) of a record whose year is the locked year and
 * whose place is inside the region is refused (CONFLICT, rule `locked`; lib/locks.ts). A lock is
 * never deleted: unlocking stamps `unlockedAt`, so the table is the locks' own history; at most
 * one lock per channel, region and year is in force.
 */
export const periodLocksTable = registry.table(
  'period_locks',
  {
    id: serial().primaryKey(),
    /** A `Channel` value: DESIGNATED, EAST_WEST, MILITARY, DEMOCRATIC_PARTY or ENTERPRISE. */
    channel: text().notNull(),
    /** Canonical division code of the locked region. */
    regionCode: text().notNull(),
    year: integer().notNull(),
    reason: text().notNull(),
    lockedBy: text().notNull(),
    lockedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    unlockedBy: text(),
    unlockedAt: timestamp({ withTimezone: true, mode: 'date' }),
    unlockReason: text(),
  },
  (t) => [
    uniqueIndex('period_locks_in_force_idx').on(t.channel, t.regionCode, t.year).where(sql`${t.unlockedAt} is null`),
    index('period_locks_year_idx').on(t.channel, t.year),
  ],
);

export const auditLog = auditLogTable(registry);
