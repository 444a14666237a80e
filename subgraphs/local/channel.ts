import { defineChannel, type RecordKind } from '../../lib/channel.js';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { AnyColumn } from 'drizzle-orm';
import {
  assessmentsTable,
  auditLog,
  cadresTable,
  countySecretariesTable,
  householdPairingsTable,
  householdsTable,
  leadingGroupSeatsTable,
  leadingGroupsTable,
  responsibilityLettersTable,
  teamMembersTable,
  workTeamsTable as t,
} from './tables.js';

/** A record of the county's work: its `voided` is read by id across the tables in one statement (corrections.ts). */
const record = (entity: string, what: string, prefix: string, table: PgTable & { id: AnyColumn; voidedAt: AnyColumn }): RecordKind => ({
  entity,
  what,
  prefix,
  table,
  id: table.id as RecordKind['id'],
  key: 'text',
  voidedAt: table.voidedAt,
  voidedInRow: false,
});

/**
 * The county's own precision work (精准扶贫): village work teams, poor households, cadre pairing,
 * and its governance. Reported beside the channels (it is the county's, not a channel of help):
 * its coverage is the work teams' in the cross-channel view.
 */
export const local = defineChannel({
  subgraph: 'local',
  channel: null,
  name: 'local',
  auditLog,
  kinds: [
    record('WorkTeam', 'work team', 'loc-wt-', t),
    record('WorkTeamMember', 'work team member', 'loc-wm-', teamMembersTable),
    record('Cadre', 'cadre', 'loc-c-', cadresTable),
    record('HouseholdPairing', 'household pairing', 'loc-hp-', householdPairingsTable),
    record('LeadingGroupSeat', 'leading-group seat', 'loc-lgs-', leadingGroupSeatsTable),
    record('LeadingGroup', 'leading group', 'loc-lg-', leadingGroupsTable),
    record('ResponsibilityLetter', 'responsibility letter', 'loc-rl-', responsibilityLettersTable),
    record('Assessment', 'assessment', 'loc-as-', assessmentsTable),
    { entity: 'CountySecretary', what: 'county secretary', prefix: 'loc-cs-', table: countySecretariesTable, id: countySecretariesTable.id, key: 'text' },
    // Any other id is a household's number; its `history` is its status changes, its versions `versions`.
    { ...record('PoorHousehold', 'household', '', householdsTable), historyField: 'versions' },
  ],
  // A county is covered when a work team serves at a village inside it.
  coverage: {
    sources: [{ table: t, code: t.villageCode, since: t.since, until: t.until, demo: t.demo }],
    containing: false,
    says: 'have no work team serving in `year` (a team at a village inside the county covers it).',
  },
});
