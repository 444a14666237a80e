import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgSchema, primaryKey, text } from 'drizzle-orm/pg-core';
import { auditLogTable } from '../../lib/audit.js';
import { voidColumns } from '../../lib/corrections.js';
import { recordColumns } from '../../lib/tables.js';
import { versionColumn } from '../../lib/versions.js';

/**
 * The county's own precision poverty work (精准扶贫), in its own PostgreSQL schema: the poor
 * villages it lists, the village work teams (驻村工作队) and their first secretaries (第一书记),
 * the filed poor households (建档立卡户) and the cadres paired with them (结对帮扶), and the
 * pairing norm the county sets (Yongshou's "532"). Places and sending organisations are the
 * registry's; only their codes and ids are kept here.
 */
export const local = pgSchema('local');

export const MEMBER_ROLES = ['FIRST_SECRETARY', 'LEADER', 'MEMBER'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const memberRoleEnum = local.enum('member_role', MEMBER_ROLES);

/** Main causes of poverty of a filed household (the national filing system's list). */
/** The most members a household is filed with. */
export const MAX_SIZE = 30;

export const POVERTY_CAUSES = [
  'ILLNESS',
  'DISABILITY',
  'EDUCATION',
  'DISASTER',
  'LACK_OF_LAND',
  'LACK_OF_WATER',
  'LACK_OF_SKILLED_LABOUR',
  'LACK_OF_LABOUR',
  'LACK_OF_FUNDS',
  'LIVING_ENVIRONMENT',
  'OWN_EFFORT',
  'OTHER',
] as const;
export type PovertyCause = (typeof POVERTY_CAUSES)[number];
export const povertyCauseEnum = local.enum('poverty_cause', POVERTY_CAUSES);

export const HOUSEHOLD_STATUSES = ['IDENTIFIED', 'EXITED', 'RETURNED', 'NEWLY_IDENTIFIED'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];
export const householdStatusEnum = local.enum('household_status', HOUSEHOLD_STATUSES);

export const CADRE_LEVELS = ['COUNTY_LEADER', 'DEPARTMENT_LEADER', 'ORDINARY'] as const;
export type CadreLevel = (typeof CADRE_LEVELS)[number];
export const cadreLevelEnum = local.enum('cadre_level', CADRE_LEVELS);

/** Ids made by the database for records written through the API (`loc-wt-17`); seeds give their own. */
export const teamIdSeq = local.sequence('team_id_seq');
export const memberIdSeq = local.sequence('member_id_seq');
export const cadreIdSeq = local.sequence('cadre_id_seq');
export const pairingIdSeq = local.sequence('pairing_id_seq');

/**
 * A village the county lists as poor (贫困村) from `sinceYear`; `exitYear` is the year it exited
 * (null: not yet). A listed village stays in the county's measure after it exits: teams stay.
 */
export const poorVillagesTable = local.table(
  'poor_villages',
  {
    code: text().primaryKey(),
    countyCode: text().notNull(),
    sinceYear: integer().notNull(),
    exitYear: integer(),
    demo: boolean().notNull().default(false),
    source: text().notNull(),
  },
  (t) => [index('poor_villages_county_idx').on(t.countyCode)],
);

/** A village work team (驻村工作队) at one village for a period; teams rotate, history is kept. */
export const workTeamsTable = local.table(
  'work_teams',
  {
    id: text().primaryKey().default(sql`'loc-wt-' || nextval('local.team_id_seq')`),
    villageCode: text().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    ...recordColumns(),
    ...voidColumns(),
    /** Increments on every change; the audit log holds every version. */
    version: versionColumn(),
  },
  (t) => [index('work_teams_village_pattern_idx').using('btree', t.villageCode.op('text_pattern_ops')), index('work_teams_period_idx').on(t.since, t.until)],
);

/** The organisations (of any level) sending a team. */
export const teamSendersTable = local.table(
  'team_senders',
  {
    teamId: text().notNull(),
    organizationId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.organizationId] }), index('team_senders_org_idx').on(t.organizationId)],
);

/** A person serving on a team, in a role, for their own period inside the team's. */
export const teamMembersTable = local.table(
  'team_members',
  {
    id: text().primaryKey().default(sql`'loc-wm-' || nextval('local.member_id_seq')`),
    teamId: text().notNull(),
    personName: text().notNull(),
    role: memberRoleEnum().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    /** The designated channel's cadre posting of the same person (`dsg-c-…`), a reference only. */
    designatedCadreId: text(),
    ...recordColumns(),
    /** Increments on every change (`correctWorkTeamMember`); the audit log holds every version. */
    version: versionColumn(),
    ...voidColumns(),
  },
  (t) => [index('team_members_team_idx').on(t.teamId, t.since), index('team_members_designated_idx').on(t.designatedCadreId)],
);

/**
 * A filed poor household (建档立卡户): personal data, read only by ADMIN and coordinators covering
 * its county. `id` is the county's household number (demo: `DEMO-610426-000123`), never an
 * identity number.
 */
export const householdsTable = local.table(
  'households',
  {
    id: text().primaryKey(),
    villageCode: text().notNull(),
    countyCode: text().notNull(),
    size: integer().notNull(),
    mainCause: povertyCauseEnum().notNull(),
    demo: boolean().notNull().default(false),
    source: text().notNull(),
    /** Increments on every change of its facts (`correctHousehold`); its status changes are their own rows. */
    version: versionColumn(),
    ...voidColumns(),
  },
  (t) => [index('households_village_idx').on(t.villageCode), index('households_county_idx').on(t.countyCode)],
);

/** A household's status from `year` on (history: one row per change). */
export const householdStatusesTable = local.table(
  'household_statuses',
  {
    householdId: text().notNull(),
    year: integer().notNull(),
    status: householdStatusEnum().notNull(),
    demo: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.year] })],
);

/** A cadre of the county's pairing (结对帮扶): their level and sending organisation. */
export const cadresTable = local.table(
  'cadres',
  {
    id: text().primaryKey().default(sql`'loc-c-' || nextval('local.cadre_id_seq')`),
    personName: text().notNull(),
    level: cadreLevelEnum().notNull(),
    organizationId: text().notNull(),
    countyCode: text().notNull(),
    demo: boolean().notNull().default(false),
    source: text().notNull(),
    /** Increments on every change (`correctCadre`); the audit log holds every version. */
    version: versionColumn(),
    ...voidColumns(),
  },
  (t) => [index('cadres_county_idx').on(t.countyCode), index('cadres_org_idx').on(t.organizationId)],
);

/** A cadre helping a household for a period. */
export const householdPairingsTable = local.table(
  'household_pairings',
  {
    id: text().primaryKey().default(sql`'loc-hp-' || nextval('local.pairing_id_seq')`),
    cadreId: text().notNull(),
    householdId: text().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    demo: boolean().notNull().default(false),
    source: text().notNull(),
    /** Increments on every change (`correctHouseholdPairing`); the audit log holds every version. */
    version: versionColumn(),
    ...voidColumns(),
  },
  (t) => [index('household_pairings_cadre_idx').on(t.cadreId), index('household_pairings_household_idx').on(t.householdId)],
);

/** The county's pairing norm: at least `minimum` households for a cadre of `level` (永寿县's 5/3/2). */
export const pairingNormsTable = local.table(
  'pairing_norms',
  {
    countyCode: text().notNull(),
    level: cadreLevelEnum().notNull(),
    minimum: integer().notNull(),
    demo: boolean().notNull().default(false),
    source: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.level] })],
);

export const auditLog = auditLogTable(local);

// ---- leading groups and offices (subgraphs/local/governance*.ts) -------------------------------

/** The government levels with a poverty alleviation leading group and office. */
export const GROUP_LEVELS = ['PROVINCE', 'PREFECTURE', 'COUNTY'] as const;
export type GroupLevel = (typeof GROUP_LEVELS)[number];
export const groupLevelEnum = local.enum('group_level', GROUP_LEVELS);

export const SEAT_ROLES = ['HEAD', 'DEPUTY', 'MEMBER'] as const;
export type SeatRole = (typeof SEAT_ROLES)[number];
export const seatRoleEnum = local.enum('seat_role', SEAT_ROLES);

export const groupIdSeq = local.sequence('group_id_seq');
export const seatIdSeq = local.sequence('seat_id_seq');

/**
 * The poverty alleviation leading group (扶贫开发领导小组) of a province's, prefecture's or
 * county's government for a period, with its office (扶贫办), a registry organisation. One group
 * at a place at a time; the office above is the office of the group of the place above.
 */
export const leadingGroupsTable = local.table(
  'leading_groups',
  {
    id: text().primaryKey().default(sql`'loc-lg-' || nextval('local.group_id_seq')`),
    regionCode: text().notNull(),
    level: groupLevelEnum().notNull(),
    officeId: text().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    ...recordColumns(),
    version: versionColumn(),
    /** Voided (lib/corrections.ts): kept, read by id, no longer its place's group (nor any office's parent); its seats go with it. */
    ...voidColumns(),
  },
  (t) => [index('leading_groups_region_idx').on(t.regionCode, t.since), index('leading_groups_office_idx').on(t.officeId)],
);

/** An organisation's seat on a leading group (head, deputy or member), for its own period inside the group's. */
export const leadingGroupSeatsTable = local.table(
  'leading_group_seats',
  {
    id: text().primaryKey().default(sql`'loc-lgs-' || nextval('local.seat_id_seq')`),
    groupId: text().notNull(),
    organizationId: text().notNull(),
    role: seatRoleEnum().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    ...recordColumns(),
    /** Increments on every change (`correctLeadingGroupSeat`); the audit log holds every version. */
    version: versionColumn(),
    /** Voided: kept, left out of its group's and its organisation's seats. */
    ...voidColumns(),
  },
  (t) => [index('leading_group_seats_group_idx').on(t.groupId, t.since), index('leading_group_seats_org_idx').on(t.organizationId)],
);

// ---- responsibility letters, assessments, county party secretaries -------------------------------

export const ASSESSMENT_GRADES = ['GOOD', 'FAIR', 'POOR'] as const;
export type AssessmentGrade = (typeof ASSESSMENT_GRADES)[number];
export const assessmentGradeEnum = local.enum('assessment_grade', ASSESSMENT_GRADES);

export const letterIdSeq = local.sequence('letter_id_seq');
export const assessmentIdSeq = local.sequence('assessment_id_seq');
export const secretaryIdSeq = local.sequence('secretary_id_seq');

/**
 * A responsibility letter (责任书): a province signs with the centre (`counterpartyCode` null), a
 * county with its province, in `yearSigned`, for a period, with its targets.
 */
export const responsibilityLettersTable = local.table(
  'responsibility_letters',
  {
    id: text().primaryKey().default(sql`'loc-rl-' || nextval('local.letter_id_seq')`),
    signerCode: text().notNull(),
    counterpartyCode: text(),
    yearSigned: integer().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    targets: text().notNull(),
    ...recordColumns(),
    /** Voided: kept, left out of the signer's letters. */
    ...voidColumns(),
  },
  (t) => [index('responsibility_letters_signer_idx').on(t.signerCode, t.yearSigned)],
);

/** The annual assessment of a province, a county (`regionCode`) or a helping organisation (`organizationId`): one of the two. */
export const assessmentsTable = local.table(
  'assessments',
  {
    id: text().primaryKey().default(sql`'loc-as-' || nextval('local.assessment_id_seq')`),
    regionCode: text(),
    organizationId: text(),
    year: integer().notNull(),
    grade: assessmentGradeEnum().notNull(),
    findings: text().notNull(),
    ...recordColumns(),
    /** Increments on every change (`correctAssessment`); the audit log holds every version. */
    version: versionColumn(),
    /** Voided: kept, left out of the place's and the organisation's assessments; the year may be assessed again. */
    ...voidColumns(),
  },
  (t) => [index('assessments_region_idx').on(t.regionCode, t.year), index('assessments_org_idx').on(t.organizationId, t.year)],
);

/** A county's party secretary (县委书记) for a period: moved before the county exits poverty is reported. */
export const countySecretariesTable = local.table(
  'county_secretaries',
  {
    id: text().primaryKey().default(sql`'loc-cs-' || nextval('local.secretary_id_seq')`),
    countyCode: text().notNull(),
    personName: text().notNull(),
    since: date({ mode: 'string' }).notNull(),
    until: date({ mode: 'string' }),
    ...recordColumns(),
    /** Increments on every change (`correctCountySecretary`); the audit log holds every version. */
    version: versionColumn(),
  },
  (t) => [index('county_secretaries_county_idx').on(t.countyCode, t.since)],
);
