import { sql } from 'drizzle-orm';
import { rowsOf } from '../../lib/batch.js';
import { yearOf, yearsOfPeriod } from '../../lib/calendar.js';
import { checkNotVoided } from '../../lib/corrections.js';
import type { Db } from '../../lib/db.js';
import { badInput, forbidden, notFound } from '../../lib/errors.js';
import { type Identity, isAnonymous } from '../../lib/identity.js';
import { cellsAsInput, col, type ImportKind, listCell, type RegistryFacts, periodColumns } from '../../lib/import/kind.js';
import { villageColumn } from './import.js';
import { lockedByTuple, tupleKey } from '../../lib/import/locked.js';
import { checkAtMost, checkPeriod, lastYear, requiredText } from '../../lib/rules.js';
import { requireWriter } from './access.js';
import {
  CADRE_LEVELS,
  cadresTable as cadres,
  householdPairingsTable as pairings,
  householdsTable as households,
  householdStatusesTable as statuses,
  MEMBER_ROLES,
  type MemberRole,
  teamMembersTable as members,
  teamSendersTable as senders,
  workTeamsTable as teams,
} from './tables.js';
import type { CadreInput, CreateWorkTeamInput, HouseholdPairingInput, WorkTeamMemberInput } from './types.generated.js';

/**
 * The county's precision work as importable kinds (docs/import.md): `createWorkTeam`,
 * `addWorkTeamMember`, `recordCadre` and `pairHousehold` run these checks and writes on one
 * input (`recordOne`), an import on each row of a file. Their ids come from the database's
 * sequences (`loc-wt-17`): a row finds its record by its natural key, read with the batch (locked).
 * A recorded key given again with the same values is `unchanged`; with other values it is
 * refused (`duplicate`): the corrections (`correctWorkTeam`, `correctCadre`,
 * `correctHouseholdPairing`) and ends change a record, a void takes it out.
 */

/** The most organisations sending one team. */
const MAX_SENDERS = 20;
/** The longest name of a member or cadre. */
export const MAX_NAME = 50;

type TeamRow = typeof teams.$inferSelect;
type MemberRow = typeof members.$inferSelect;
type CadreRow = typeof cadres.$inferSelect;
type PairingRow = typeof pairings.$inferSelect;

/** `n` ids of a sequence (`loc-wt-17`), one statement: the rows of a batch inserted with their ids known. */
export async function nextIds(tx: Db, prefix: string, sequence: string, n: number): Promise<string[]> {
  if (!n) return [];
  const found = await tx.execute(sql`select ${prefix} || nextval(${sequence}::regclass) as id from generate_series(1, ${n}::int)`);
  return rowsOf<{ id: string }>(found).map((r) => r.id);
}

/** A recorded record of a row's key, or the refusal of a row giving it other values (`duplicate`, on `field`). */
function sameAsRecorded<T>(what: string, field: string, recorded: T & { id: string }, differs: string | null, how: string): T {
  if (differs) throw badInput(field, 'duplicate', `${what} ${recorded.id} is already recorded with another ${differs}: an import does not change it (${how})`);
  return recorded;
}

/** Writers of a place: signed in first (FORBIDDEN `signed-in`), then ADMIN or the poverty office covering it. */
function requireSignedInWriter(who: Identity, code: string | null, what: string) {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  requireWriter(who, code, what);
}

/** A member's period inside its team's (rule `within-period`), and its own order (rule `period`). */
export function checkMember(field: string, input: WorkTeamMemberInput, team: { since: string; until: string | null }) {
  const personName = requiredText(`${field}.personName`, input.personName, MAX_NAME);
  const period = checkPeriod({ since: `${field}.since`, until: `${field}.until` }, input);
  if (period.since < team.since) throw badInput(`${field}.since`, 'within-period', `must not be before the team's start (${team.since})`);
  if (team.until !== null && (period.until === null || period.until > team.until)) {
    throw badInput(`${field}.until`, 'within-period', `must end by the team's end (${team.until})`);
  }
  return { personName, role: input.role as MemberRole, ...period, designatedCadreId: checkPostingId(`${field}.designatedCadreId`, input.designatedCadreId) };
}

/**
 * A designated cadre posting's id, by its form only (rule `reference-format`): this channel
 * cannot read the designated channel's tables, and the gateway resolves the reference there
 * (null when that channel holds no such posting).
 */
function checkPostingId(field: string, id: string | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  const trimmed = id.trim();
  if (!/^dsg-c-[0-9a-f]{12}$/.test(trimmed))
    throw badInput(field, 'reference-format', 'a designated cadre posting id looks like dsg-c-… (12 hexadecimal digits)');
  return trimmed;
}

// ---- work teams -------------------------------------------------------------------------------

type TeamInput = CreateWorkTeamInput;
type Member = ReturnType<typeof checkMember>;

export interface CheckedTeam {
  villageCode: string;
  senderIds: string[];
  since: string;
  until: string | null;
  members: Member[];
  /** The team recorded under this key (null: a new one). */
  match: TeamRecord | null;
}

type TeamRecord = TeamRow & { senderIds: string[] };

const teamKey = (r: { villageCode: string; since: string }) => `${r.villageCode}|${r.since}`;

/** A batch's villages' teams (voided ones too), locked, with their senders: three statements. */
async function teamBatch(tx: Db, villages: readonly string[]): Promise<Map<string, TeamRecord[]>> {
  const byVillage = await lockedByTuple(
    tx,
    'loc-team',
    teams,
    ['villageCode'],
    villages.map((v) => [v]),
  );
  const found = [...byVillage.values()].flat();
  const sent = found.length
    ? await tx
        .select()
        .from(senders)
        .where(sql`${senders.teamId} = any(${sql.param(found.map((t) => t.id))}::text[])`)
    : [];
  const out = new Map<string, TeamRecord[]>();
  for (const t of found) {
    const record = { ...t, senderIds: sent.filter((s) => s.teamId === t.id).map((s) => s.organizationId) };
    out.set(teamKey(t), [...(out.get(teamKey(t)) ?? []), record]);
  }
  return out;
}

/**
 * A work team's rules, pure: the poverty office covering the village (or ADMIN), the lock over
 * every year of its period, a village, 1 to 20 sending organisations, the period, its members
 * inside it. Keyed on village and start date: a recorded team with the same end and senders is
 * unchanged, other values are refused (`duplicate`: `correctWorkTeam`, `endWorkTeam`).
 */
function checkTeam(input: TeamInput, registry: RegistryFacts, byKey: Map<string, TeamRecord[]>, who: Identity): CheckedTeam {
  const place = registry.codeOf(input.villageCode);
  requireSignedInWriter(who, place, 'send work teams there');
  registry.checkUnlocked(
    { channel: 'LOCAL', codes: place ? [place] : [], years: /^\d{4}-/.test(input.since) ? yearsOfPeriod(input.since, input.until ?? null) : [] },
    'input.since',
  );
  const village = registry.placeAt('input.villageCode', input.villageCode, ['VILLAGE'], 'a work team is stationed in a village');
  if (!input.senderIds.length) throw badInput('input.senderIds', 'required', 'name at least one sending organisation');
  checkAtMost('input.senderIds', input.senderIds, MAX_SENDERS, 'organisations');
  const senderIds = [...new Set(input.senderIds.map((key) => registry.organization('input.senderIds', key).id))].sort();
  const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  const row: CheckedTeam = {
    villageCode: village.code,
    senderIds,
    ...period,
    members: (input.members ?? []).map((m, i) => checkMember(`input.members.${i}`, m, period)),
    match: null,
  };
  const recorded = (byKey.get(teamKey(row)) ?? []).find((t) => !t.voidedAt);
  if (recorded) {
    const differs = recorded.until !== row.until ? 'until' : recorded.senderIds.join(',') !== senderIds.join(',') ? 'senders' : null;
    row.match = sameAsRecorded('work team', 'input.since', recorded, differs, 'correctWorkTeam changes its period, a void takes it out');
  }
  return row;
}

/** Work teams (`createWorkTeam`), keyed on village and start date. */
export const workTeamImport: ImportKind<TeamInput, Map<string, TeamRecord[]>, CheckedTeam, TeamRecord> = {
  name: 'local-work-teams',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'createWorkTeam',
  entity: 'WorkTeam',
  key: 'village and start date',
  columns: [
    villageColumn(),
    col({
      key: 'senderIds',
      en: 'senders',
      zh: '派出单位',
      type: 'text',
      example: 'org-demo-unit',
      note: `1 to ${MAX_SENDERS} organisations (id, unified social credit code, or exact name or alias), separated by ; or ；`,
    }),
    ...periodColumns({ example: '2017-03-01' }, { note: 'blank: serving' }),
  ],
  input: (c) => ({ villageCode: c.villageCode as string, senderIds: listCell(c.senderIds) ?? [], since: c.since as string, until: c.until as string | null }),
  needs: (input, into) => {
    into.codes.add(input.villageCode);
    for (const id of input.senderIds) into.orgs.add(id);
  },
  batchFacts: (tx, inputs, registry) =>
    teamBatch(
      tx,
      inputs.map((i) => registry.codeOf(i.villageCode)).filter((c): c is string => !!c),
    ),
  check: checkTeam,
  keyOf: teamKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [teamKey(r), [r.match as TeamRecord]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const ids = await nextIds(tx, 'loc-wt-', 'local.team_id_seq', creates.length);
    const created = await tx
      .insert(teams)
      .values(creates.map((r, i) => ({ id: ids[i], villageCode: r.villageCode, since: r.since, until: r.until, source: 'api' })))
      .returning();
    const byId = new Map(created.map((t) => [t.id, t]));
    await tx.insert(senders).values(creates.flatMap((r, i) => r.senderIds.map((organizationId) => ({ teamId: ids[i], organizationId }))));
    const withMembers = creates.flatMap((r, i) => r.members.map((m) => ({ ...m, teamId: ids[i], source: 'api' })));
    const added = withMembers.length ? await tx.insert(members).values(withMembers).returning() : [];
    const records = creates.map((r, i) => ({ ...byId.get(ids[i])!, senderIds: r.senderIds }));
    await logMany(records.map((t) => ({ entity: 'WorkTeam', entityId: t.id, after: { ...t, members: added.filter((m) => m.teamId === t.id) } })));
    return records;
  },
};

// ---- work-team members ------------------------------------------------------------------------

export type MemberInput = WorkTeamMemberInput & { teamId: string };

export interface CheckedMember extends Member {
  teamId: string;
  villageCode: string;
  teamVersion: number;
  match: MemberRow | null;
}

interface MemberBatch {
  teams: Map<string, TeamRow>;
  byTeam: Map<string, MemberRow[]>;
}

const memberKey = (r: { teamId: string; personName: string; since: string }) => `${r.teamId}|${r.personName}|${r.since}`;

/**
 * A member's rules, pure: the team (not voided; the poverty office covering its village), the
 * lock over the member's years, the name, role and period inside the team's. Keyed on team,
 * person and start date: a recorded member with the same role, end and posting is unchanged,
 * other values are refused (`duplicate`: `endWorkTeamMember` ends a member).
 */
function checkTeamMember(input: MemberInput, registry: RegistryFacts, batch: MemberBatch, who: Identity): CheckedMember {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  const team = batch.teams.get(input.teamId);
  if (!team) throw notFound('teamId', 'work team', input.teamId);
  requireWriter(who, team.villageCode, `add members to ${team.id}`);
  checkNotVoided('work team', team.id, team, 'teamId');
  if (/^\d{4}-/.test(input.since))
    registry.checkUnlocked({ channel: 'LOCAL', codes: [team.villageCode], years: yearsOfPeriod(input.since, input.until ?? null) }, 'input.since');
  const row: CheckedMember = { ...checkMember('input', input, team), teamId: team.id, villageCode: team.villageCode, teamVersion: team.version, match: null };
  const recorded = (batch.byTeam.get(team.id) ?? []).find((m) => !m.voidedAt && m.personName === row.personName && m.since === row.since);
  if (recorded) {
    const differs =
      recorded.role !== row.role
        ? 'role'
        : recorded.until !== row.until
          ? 'until'
          : recorded.designatedCadreId !== row.designatedCadreId
            ? 'designated posting'
            : null;
    row.match = sameAsRecorded('work-team member', 'input.personName', recorded, differs, 'endWorkTeamMember ends a member, a void takes it out');
  }
  return row;
}

/** Members of work teams (`addWorkTeamMember`), keyed on team, person and start date. */
export const workTeamMemberImport: ImportKind<MemberInput, MemberBatch, CheckedMember, MemberRow> = {
  name: 'local-work-team-members',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'addWorkTeamMember',
  entity: 'WorkTeamMember',
  key: 'team, person name and start date',
  columns: [
    col({ key: 'teamId', en: 'team', zh: '工作队编号', type: 'id', example: 'loc-wt-1', note: 'the work team’s id (loc-wt-…)', fields: ['teamId'] }),
    col({ key: 'personName', en: 'name', zh: '姓名', type: 'text', example: '演示·张三', note: `at most ${MAX_NAME} characters` }),
    col({ key: 'role', en: 'role', zh: '职务', type: 'enum', allowed: MEMBER_ROLES, example: 'FIRST_SECRETARY', note: 'first secretary, leader or member' }),
    ...periodColumns({ example: '2017-03-01', note: 'not before the team’s start' }, { note: 'by the team’s end; blank: serving' }),
    col({
      key: 'designatedCadreId',
      en: 'designated posting',
      zh: '定点帮扶选派编号',
      type: 'id',
      required: false,
      example: '',
      note: 'the designated channel’s posting of the person (dsg-c-…), when a unit sent them',
    }),
  ],
  input: cellsAsInput,
  needs: () => {},
  batchFacts: async (tx, inputs) => {
    const ids = [...new Set(inputs.map((i) => i.teamId))];
    const found = await tx
      .select()
      .from(teams)
      .where(sql`${teams.id} = any(${sql.param(ids)}::text[])`)
      .for('update');
    const recorded = found.length
      ? await tx
          .select()
          .from(members)
          .where(sql`${members.teamId} = any(${sql.param(found.map((t) => t.id))}::text[])`)
      : [];
    const byTeam = new Map<string, MemberRow[]>();
    for (const m of recorded) byTeam.set(m.teamId, [...(byTeam.get(m.teamId) ?? []), m]);
    return { teams: new Map(found.map((t) => [t.id, t])), byTeam };
  },
  check: checkTeamMember,
  keyOf: memberKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [memberKey(r), [r.match as MemberRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const created = await tx
      .insert(members)
      .values(
        creates.map((r) => ({
          teamId: r.teamId,
          personName: r.personName,
          role: r.role,
          since: r.since,
          until: r.until,
          designatedCadreId: r.designatedCadreId,
          source: 'api',
        })),
      )
      .returning();
    // A team's members are part of its version.
    await tx
      .update(teams)
      .set({ version: sql`${teams.version} + 1` })
      .where(sql`${teams.id} = any(${sql.param([...new Set(creates.map((r) => r.teamId))])}::text[])`);
    const villageOf = new Map(creates.map((r) => [r.teamId, r.villageCode]));
    await logMany(created.map((m) => ({ entity: 'WorkTeamMember', entityId: m.id, after: m, regions: [villageOf.get(m.teamId)!] })));
    return created;
  },
};

// ---- cadres -----------------------------------------------------------------------------------

export interface CheckedCadre {
  personName: string;
  level: CadreInput['level'];
  organizationId: string;
  countyCode: string;
  match: CadreRow | null;
}

const cadreKey = (r: { countyCode: string; organizationId: string; personName: string }) => `${r.countyCode}|${r.organizationId}|${r.personName}`;

/**
 * A cadre's rules, pure: the poverty office covering the county (or ADMIN), the name, a county,
 * a sending organisation the registry knows. Keyed on county, organisation and name: a recorded
 * cadre of the same level is unchanged, another level is refused (`duplicate`: `correctCadre`).
 * A cadre has no period: no lock holds it.
 */
function checkCadre(input: CadreInput, registry: RegistryFacts, byPair: Map<string, CadreRow[]>, who: Identity): CheckedCadre {
  requireSignedInWriter(who, registry.codeOf(input.countyCode), 'record cadres there');
  const personName = requiredText('input.personName', input.personName, MAX_NAME);
  const county = registry.placeAt('input.countyCode', input.countyCode, ['COUNTY'], 'cadres are paired within a county');
  const org = registry.organization('input.organizationId', input.organizationId);
  const row: CheckedCadre = { personName, level: input.level, organizationId: org.id, countyCode: county.code, match: null };
  const recorded = (byPair.get(tupleKey('loc-cadre', [county.code, org.id])) ?? []).find((c) => !c.voidedAt && c.personName === personName);
  if (recorded) row.match = sameAsRecorded('cadre', 'input.level', recorded, recorded.level !== row.level ? 'level' : null, 'correctCadre changes it');
  return row;
}

/** Cadres of the county's pairing (`recordCadre`), keyed on county, sending organisation and name. */
export const cadreImport: ImportKind<CadreInput, Map<string, CadreRow[]>, CheckedCadre, CadreRow> = {
  name: 'local-cadres',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'recordCadre',
  entity: 'Cadre',
  key: 'county, sending organisation and name',
  columns: [
    col({ key: 'personName', en: 'name', zh: '姓名', type: 'text', example: '演示·李四', note: `at most ${MAX_NAME} characters` }),
    col({ key: 'level', en: 'level', zh: '干部层级', type: 'enum', allowed: CADRE_LEVELS, example: 'ORDINARY', note: 'the level in the county’s norm' }),
    col({
      key: 'organizationId',
      en: 'organization',
      zh: '派出单位',
      type: 'organization',
      example: 'org-demo-unit',
      note: 'the sending organisation: id, unified social credit code, or exact name or alias',
    }),
    col({ key: 'countyCode', en: 'county', zh: '县代码', type: 'code', example: '610426', note: 'the county where the cadre helps' }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.orgs.add(input.organizationId);
    into.codes.add(input.countyCode);
  },
  batchFacts: (tx, inputs, registry) => {
    const tuples: string[][] = [];
    for (const i of inputs) {
      const orgId = registry.orgIdOf(i.organizationId);
      const county = registry.codeOf(i.countyCode);
      if (orgId && county) tuples.push([county, orgId]);
    }
    return lockedByTuple(tx, 'loc-cadre', cadres, ['countyCode', 'organizationId'], tuples);
  },
  check: checkCadre,
  keyOf: cadreKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [cadreKey(r), [r.match as CadreRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const created = await tx
      .insert(cadres)
      .values(creates.map(({ match: _, ...r }) => ({ ...r, source: 'api' })))
      .returning();
    await logMany(created.map((c) => ({ entity: 'Cadre', entityId: c.id, after: c })));
    return created;
  },
};

// ---- household pairings -----------------------------------------------------------------------

export interface CheckedPairing {
  cadreId: string;
  householdId: string;
  countyCode: string;
  since: string;
  until: string | null;
  match: PairingRow | null;
}

interface PairingBatch {
  cadres: Map<string, CadreRow>;
  households: Map<string, typeof households.$inferSelect & { filedIn: number | null }>;
  byPair: Map<string, PairingRow[]>;
}

const pairingKey = (r: { cadreId: string; householdId: string; since: string }) => `${r.cadreId}|${r.householdId}|${r.since}`;

/**
 * A household pairing's rules, pure: the cadre (the poverty office covering its county, or
 * ADMIN), the lock over the period's years, a household of the same county filed by the end of
 * the period, the period; no overlapping pairing of the same cadre and household (an earlier row
 * of the file included). Keyed on cadre, household and start date: the same end is unchanged,
 * another is refused (`duplicate`: `correctHouseholdPairing`, `endHouseholdPairing`).
 */
function checkPairing(input: HouseholdPairingInput, registry: RegistryFacts, batch: PairingBatch, who: Identity): CheckedPairing {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  const cadre = batch.cadres.get(input.cadreId);
  if (!cadre) throw notFound('input.cadreId', 'cadre', input.cadreId);
  requireWriter(who, cadre.countyCode, `pair the cadres of ${cadre.countyCode}`);
  checkNotVoided('cadre', cadre.id, cadre, 'input.cadreId');
  if (/^\d{4}-/.test(input.since))
    registry.checkUnlocked({ channel: 'LOCAL', codes: [cadre.countyCode], years: yearsOfPeriod(input.since, input.until ?? null) }, 'input.since');
  const household = batch.households.get(input.householdId);
  if (!household) throw notFound('input.householdId', 'household', input.householdId);
  checkNotVoided('household', household.id, household, 'input.householdId');
  if (household.countyCode !== cadre.countyCode) {
    throw badInput('input.householdId', 'same-county', `the household is of ${household.countyCode}, the cadre helps in ${cadre.countyCode}`);
  }
  const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  if (household.filedIn === null || household.filedIn > yearOf(period.until ?? `${lastYear()}-12-31`)) {
    throw badInput('input.since', 'within-period', `the household is filed from ${household.filedIn ?? 'no year'}: the pairing must reach that year`);
  }
  const row: CheckedPairing = { cadreId: cadre.id, householdId: household.id, countyCode: cadre.countyCode, ...period, match: null };
  const pair = tupleKey('loc-pairing', [cadre.id, household.id]);
  const others = (batch.byPair.get(pair) ?? []).filter((p) => !p.voidedAt);
  const recorded = others.find((p) => p.since === row.since && p.id !== '');
  const clash = others.find((p) => p !== recorded && p.since <= (row.until ?? '9999-12-31') && (p.until === null || p.until >= row.since));
  if (clash)
    throw badInput('input.since', 'duplicate', `${clash.id || 'an earlier row'} already pairs this cadre with this household in an overlapping period`);
  if (recorded)
    row.match = sameAsRecorded(
      'household pairing',
      'input.since',
      recorded,
      recorded.until !== row.until ? 'until' : null,
      'correctHouseholdPairing or endHouseholdPairing changes it',
    );
  else batch.byPair.set(pair, [...others, { ...row, id: '', voidedAt: null } as unknown as PairingRow]);
  return row;
}

/** Cadre–household pairings (`pairHousehold`), keyed on cadre, household number and start date. */
export const householdPairingImport: ImportKind<HouseholdPairingInput, PairingBatch, CheckedPairing, PairingRow> = {
  name: 'local-household-pairings',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'pairHousehold',
  entity: 'HouseholdPairing',
  key: 'cadre, household number and start date',
  columns: [
    col({ key: 'cadreId', en: 'cadre', zh: '干部编号', type: 'id', example: 'loc-c-1', note: 'the cadre’s id (loc-c-…)' }),
    col({ key: 'householdId', en: 'household number', zh: '户编号', type: 'id', example: '610426-0001', note: 'a household of the cadre’s county' }),
    ...periodColumns({ example: '2017-01-01' }),
  ],
  input: cellsAsInput,
  needs: () => {},
  batchFacts: async (tx, inputs) => {
    const cadreIds = sql.param([...new Set(inputs.map((i) => i.cadreId))]);
    const householdIds = sql.param([...new Set(inputs.map((i) => i.householdId))]);
    const [foundCadres, foundHouseholds, filed] = await Promise.all([
      tx.select().from(cadres).where(sql`${cadres.id} = any(${cadreIds}::text[])`),
      tx.select().from(households).where(sql`${households.id} = any(${householdIds}::text[])`),
      tx
        .select({ householdId: statuses.householdId, year: sql<number>`min(${statuses.year})`.mapWith(Number) })
        .from(statuses)
        .where(sql`${statuses.householdId} = any(${householdIds}::text[])`)
        .groupBy(statuses.householdId),
    ]);
    const filedIn = new Map(filed.map((f) => [f.householdId, f.year]));
    const byPair = await lockedByTuple(
      tx,
      'loc-pairing',
      pairings,
      ['cadreId', 'householdId'],
      inputs.map((i) => [i.cadreId, i.householdId]),
    );
    return {
      cadres: new Map(foundCadres.map((c) => [c.id, c])),
      households: new Map(foundHouseholds.map((h) => [h.id, { ...h, filedIn: filedIn.get(h.id) ?? null }])),
      byPair,
    };
  },
  check: checkPairing,
  keyOf: pairingKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [pairingKey(r), [r.match as PairingRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const created = await tx
      .insert(pairings)
      .values(creates.map((r) => ({ cadreId: r.cadreId, householdId: r.householdId, since: r.since, until: r.until, source: 'api' })))
      .returning();
    const countyOf = new Map(creates.map((r) => [r.cadreId, r.countyCode]));
    await logMany(created.map((p) => ({ entity: 'HouseholdPairing', entityId: p.id, after: p, regions: [countyOf.get(p.cadreId)!] })));
    return created;
  },
};
