import { sql } from 'drizzle-orm';
import { yearsOfPeriod } from '../../lib/calendar.js';
import { checkNotVoided } from '../../lib/corrections.js';
import { badInput, forbidden, notFound } from '../../lib/errors.js';
import { type Identity, isAnonymous } from '../../lib/identity.js';
import { cellsAsInput, col, type ImportKind, type RegistryFacts, periodColumns } from '../../lib/import/kind.js';
import { lockedByTuple, tupleKey } from '../../lib/import/locked.js';
import type { OrganizationFacts } from '../../lib/registry-api.js';
import { checkAtMost, checkPeriod, checkYear, requiredText } from '../../lib/rules.js';
import { requireWriter } from './access.js';
import {
  ASSESSMENT_GRADES,
  assessmentsTable as assessments,
  countySecretariesTable as secretaries,
  GROUP_LEVELS,
  type GroupLevel,
  leadingGroupSeatsTable as seats,
  leadingGroupsTable as groups,
  responsibilityLettersTable as letters,
  SEAT_ROLES,
} from './tables.js';
import type { AssessmentInput, CountySecretaryInput, LeadingGroupInput, LeadingGroupSeatInput, ResponsibilityLetterInput } from './types.generated.js';
import { nextIds } from './work-import.js';

/**
 * The county's governance records as importable kinds (docs/import.md): `recordCountySecretary`
 * and `recordAssessment` run these checks and writes on one input (`recordOne`), an import on
 * each row of a file. A recorded key given again with the same values is `unchanged`; other
 * values are refused (`duplicate`).
 */

type SecretaryRow = typeof secretaries.$inferSelect;
type AssessmentRow = typeof assessments.$inferSelect;
type GroupRow = typeof groups.$inferSelect;
type SeatRow = typeof seats.$inferSelect;
type LetterRow = typeof letters.$inferSelect;

/** The longest person's name. */
const MAX_NAME = 50;
/** The longest findings. */
const MAX_TEXT = 2000;

// ---- county secretaries -----------------------------------------------------------------------

export interface CheckedSecretary {
  countyCode: string;
  personName: string;
  since: string;
  until: string | null;
  match: SecretaryRow | null;
}

const secretaryKey = (r: { countyCode: string; since: string }) => `${r.countyCode}|${r.since}`;

/**
 * A county secretary's rules, pure: the poverty office covering the county (or ADMIN), the lock
 * over every year of the period, a county, the name and period; one secretary at a time (an
 * overlapping one refused, `duplicate` on `since`, an earlier row of the file included). Keyed on
 * county and start date: the same name and end are unchanged, other values refused (`duplicate`).
 */
function checkSecretary(input: CountySecretaryInput, registry: RegistryFacts, byCounty: Map<string, SecretaryRow[]>, who: Identity): CheckedSecretary {
  const place = registry.codeOf(input.countyCode);
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  requireWriter(who, place, 'record county secretaries there');
  if (place && /^\d{4}-/.test(input.since))
    registry.checkUnlocked({ channel: 'LOCAL', codes: [place], years: yearsOfPeriod(input.since, input.until ?? null) }, 'input.since');
  const county = registry.placeAt('input.countyCode', input.countyCode, ['COUNTY'], 'a county party secretary is a county’s');
  const personName = requiredText('input.personName', input.personName, MAX_NAME);
  const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  const row: CheckedSecretary = { countyCode: county.code, personName, ...period, match: null };
  const key = tupleKey('loc-secretary', [county.code]);
  const others = byCounty.get(key) ?? [];
  const recorded = others.find((s) => s.since === row.since && s.id !== '');
  const clash = others.find((s) => s !== recorded && s.since <= (row.until ?? '9999-12-31') && (s.until === null || s.until >= row.since));
  if (clash)
    throw badInput('input.since', 'duplicate', `${clash.id || 'an earlier row'} (${clash.personName}) is the county's secretary in an overlapping period`);
  if (recorded) {
    const differs = recorded.personName !== row.personName ? 'name' : recorded.until !== row.until ? 'until' : null;
    if (differs)
      throw badInput('input.since', 'duplicate', `${recorded.id} is already recorded from ${row.since} with another ${differs}: an import does not change it`);
    row.match = recorded;
  } else byCounty.set(key, [...others, { ...row, id: '' } as unknown as SecretaryRow]);
  return row;
}

/** County party secretaries (`recordCountySecretary`), keyed on county and start date. */
export const countySecretaryImport: ImportKind<CountySecretaryInput, Map<string, SecretaryRow[]>, CheckedSecretary, SecretaryRow> = {
  name: 'local-county-secretaries',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'recordCountySecretary',
  entity: 'CountySecretary',
  key: 'county and start date',
  columns: [
    col({ key: 'countyCode', en: 'county', zh: '县代码', type: 'code', example: '610426', note: 'a county; a former code reads as the place it names now' }),
    col({ key: 'personName', en: 'name', zh: '姓名', type: 'text', example: '演示·县委书记', note: `at most ${MAX_NAME} characters` }),
    ...periodColumns({ example: '2015-06-01', note: 'the first day in post' }, { note: 'blank: serving' }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.codes.add(input.countyCode);
  },
  batchFacts: (tx, inputs, registry) =>
    lockedByTuple(
      tx,
      'loc-secretary',
      secretaries,
      ['countyCode'],
      inputs.map((i) => registry.codeOf(i.countyCode)).flatMap((c) => (c ? [[c]] : [])),
    ),
  check: checkSecretary,
  keyOf: secretaryKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [secretaryKey(r), [r.match as SecretaryRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const created = await tx
      .insert(secretaries)
      .values(creates.map(({ match: _, ...r }) => ({ ...r, source: 'api' })))
      .returning();
    await logMany(created.map((s) => ({ entity: 'CountySecretary', entityId: s.id, after: s })));
    return created;
  },
};

// ---- assessments ------------------------------------------------------------------------------

export interface CheckedAssessment {
  regionCode: string | null;
  organizationId: string | null;
  year: number;
  grade: AssessmentInput['grade'];
  findings: string;
  /** The place the assessment is about, for access, the lock and the audit: the region, or the organisation's home. */
  place: string | null;
  match: AssessmentRow | null;
}

const assessmentKey = (r: { regionCode: string | null; organizationId: string | null; year: number }) => `${r.regionCode ?? r.organizationId}|${r.year}`;

/**
 * An assessment's rules, pure: exactly one subject (`one-subject`), a province or county or a
 * helping organisation; the poverty office covering it (an organisation's: its home region) or
 * ADMIN; the lock on the year; one a subject a year (an earlier row of the file included). Keyed
 * on subject and year: the same grade and findings are unchanged, other values refused (`duplicate`).
 */
function checkAssessment(input: AssessmentInput, registry: RegistryFacts, bySubject: Map<string, AssessmentRow[]>, who: Identity): CheckedAssessment {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  if ((input.regionCode == null) === (input.organizationId == null))
    throw badInput('input.regionCode', 'one-subject', 'give either regionCode (a province or county) or organizationId (a helping organisation)');
  let subject: { regionCode: string | null; organizationId: string | null; place: string | null };
  if (input.regionCode != null) {
    requireWriter(who, registry.codeOf(input.regionCode), 'record assessments there');
    const region = registry.placeAt('input.regionCode', input.regionCode, ['PROVINCE', 'COUNTY'], 'assessments are of provinces and counties');
    subject = { regionCode: region.code, organizationId: null, place: region.code };
  } else {
    const org = registry.orgIdOf(input.organizationId!) ? registry.organization('input.organizationId', input.organizationId!) : null;
    requireWriter(who, org?.homeRegionCode ?? null, 'record assessments of this organisation');
    const found = org ?? registry.organization('input.organizationId', input.organizationId!);
    subject = { regionCode: null, organizationId: found.id, place: found.homeRegionCode ?? null };
  }
  checkYear('input.year', input.year);
  if (subject.place) registry.checkUnlocked({ channel: 'LOCAL', codes: [subject.place], years: [input.year] }, 'input.year');
  const findings = requiredText('input.findings', input.findings, MAX_TEXT);
  const row: CheckedAssessment = { ...subject, year: input.year, grade: input.grade, findings, match: null };
  const key = tupleKey('loc-assessment', [row.regionCode ?? row.organizationId, row.year]);
  const recorded = (bySubject.get(key) ?? []).find((a) => !a.voidedAt);
  if (recorded && recorded.id === '')
    throw badInput('input.year', 'duplicate', `an earlier row already assesses ${row.regionCode ?? row.organizationId} for ${row.year}`);
  if (recorded) {
    const differs = recorded.grade !== row.grade ? 'grade' : recorded.findings !== row.findings ? 'findings' : null;
    if (differs)
      throw badInput(
        'input.year',
        'duplicate',
        `${recorded.id} already assesses ${row.regionCode ?? row.organizationId} for ${row.year} with another ${differs}`,
      );
    row.match = recorded;
  } else bySubject.set(key, [{ ...row, id: '', voidedAt: null } as unknown as AssessmentRow]);
  return row;
}

/** Annual assessments (`recordAssessment`), keyed on subject (a province or county, or an organisation) and year. */
export const assessmentImport: ImportKind<AssessmentInput, Map<string, AssessmentRow[]>, CheckedAssessment, AssessmentRow> = {
  name: 'local-assessments',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'recordAssessment',
  entity: 'Assessment',
  key: 'subject (region or organisation) and year',
  columns: [
    col({
      key: 'regionCode',
      en: 'region',
      zh: '地区代码',
      type: 'code',
      required: false,
      example: '610426',
      note: 'a province or county; blank when an organisation is assessed',
    }),
    col({
      key: 'organizationId',
      en: 'organization',
      zh: '被考核单位',
      type: 'organization',
      required: false,
      example: '',
      note: 'a helping organisation (id, unified social credit code, or exact name or alias); blank when a region is assessed',
    }),
    col({ key: 'year', en: 'year', zh: '年度', type: 'year', example: '2018', note: 'the year assessed' }),
    col({ key: 'grade', en: 'grade', zh: '等次', type: 'enum', allowed: ASSESSMENT_GRADES, example: 'GOOD', note: 'GOOD, FAIR or POOR' }),
    col({ key: 'findings', en: 'findings', zh: '考核意见', type: 'text', example: '演示·考核意见', note: `at most ${MAX_TEXT} characters` }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    if (input.regionCode != null) into.codes.add(input.regionCode);
    if (input.organizationId != null) into.orgs.add(input.organizationId);
  },
  batchFacts: async (tx, inputs, registry) => {
    const regions: string[][] = [];
    const orgs: string[][] = [];
    for (const i of inputs) {
      const code = i.regionCode != null ? registry.codeOf(i.regionCode) : null;
      const org = i.organizationId != null ? registry.orgIdOf(i.organizationId) : null;
      if (code) regions.push([code, String(i.year)]);
      if (org) orgs.push([org, String(i.year)]);
    }
    const byRegion = await lockedByTuple(tx, 'loc-assessment', assessments, ['regionCode', 'year'], regions);
    const byOrg = await lockedByTuple(tx, 'loc-assessment', assessments, ['organizationId', 'year'], orgs);
    return new Map([...byRegion, ...byOrg]);
  },
  check: checkAssessment,
  keyOf: assessmentKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [assessmentKey(r), [r.match as AssessmentRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const created = await tx
      .insert(assessments)
      .values(
        creates.map((r) => ({ regionCode: r.regionCode, organizationId: r.organizationId, year: r.year, grade: r.grade, findings: r.findings, source: 'api' })),
      )
      .returning();
    const placeOf = new Map(creates.map((r) => [assessmentKey(r), r.place]));
    await logMany(
      created.map((a) => {
        const place = placeOf.get(assessmentKey(a));
        return { entity: 'Assessment', entityId: a.id, after: a, regions: place ? [place] : [] };
      }),
    );
    return created;
  },
};

// ---- leading groups and their seats -----------------------------------------------------------

/** The most seats given with a group. */
const MAX_SEATS = 100;

/** A seat's values, its period inside the group's (rules `period`, `within-period`). */
export function checkSeat(field: string, input: LeadingGroupSeatInput, org: OrganizationFacts, group: { since: string; until: string | null }) {
  const period = checkPeriod({ since: `${field}.since`, until: `${field}.until` }, input);
  if (period.since < group.since) throw badInput(`${field}.since`, 'within-period', `must not be before the group's start (${group.since})`);
  if (group.until !== null && (period.until === null || period.until > group.until)) {
    throw badInput(`${field}.until`, 'within-period', `must end by the group's end (${group.until})`);
  }
  return { organizationId: org.id, role: input.role, ...period };
}

type Seat = ReturnType<typeof checkSeat>;

export interface CheckedGroup {
  regionCode: string;
  level: GroupLevel;
  officeId: string;
  since: string;
  until: string | null;
  seats: Seat[];
  match: GroupRow | null;
}

const groupKey = (r: { regionCode: string; since: string }) => `${r.regionCode}|${r.since}`;

/**
 * A leading group's rules, pure: the poverty office covering the place (or ADMIN), the lock over
 * every year of the period, a province, prefecture or county, its office an organisation, the
 * period, its seats inside it; one group at a place at a time (an overlapping one refused,
 * `duplicate` on `since`, an earlier row of the file included). Keyed on place and start date:
 * the same office and end are unchanged, other values refused (`duplicate`).
 */
function checkGroup(input: LeadingGroupInput, registry: RegistryFacts, byPlace: Map<string, GroupRow[]>, who: Identity): CheckedGroup {
  const place = registry.codeOf(input.regionCode);
  requireWriter(who, place, 'record leading groups there');
  if (place && /^\d{4}-/.test(input.since))
    registry.checkUnlocked({ channel: 'LOCAL', codes: [place], years: yearsOfPeriod(input.since, input.until ?? null) }, 'input.since');
  const region = registry.placeAt('input.regionCode', input.regionCode, GROUP_LEVELS, "a leading group is a province's, prefecture's or county's");
  const office = registry.organization('input.officeId', input.officeId);
  const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  const seatInputs = input.seats ?? [];
  checkAtMost('input.seats', seatInputs, MAX_SEATS, 'seats');
  const seatValues = seatInputs.map((s, i) =>
    checkSeat(`input.seats.${i}`, s, registry.organization(`input.seats.${i}.organizationId`, s.organizationId), period),
  );
  const row: CheckedGroup = { regionCode: region.code, level: region.level as GroupLevel, officeId: office.id, ...period, seats: seatValues, match: null };
  const key = tupleKey('loc-group', [region.code]);
  const others = (byPlace.get(key) ?? []).filter((g) => !g.voidedAt);
  const recorded = others.find((g) => g.since === row.since && g.id !== '');
  const clash = others.find((g) => g !== recorded && g.since <= (row.until ?? '9999-12-31') && (g.until === null || g.until >= row.since));
  if (clash)
    throw badInput('input.since', 'duplicate', `${clash.id || 'an earlier row'} (from ${clash.since}) is ${region.name}'s group in an overlapping period`);
  if (recorded) {
    const differs = recorded.officeId !== row.officeId ? 'office' : recorded.until !== row.until ? 'until' : null;
    if (differs)
      throw badInput('input.since', 'duplicate', `${recorded.id} is already recorded from ${row.since} with another ${differs}: an import does not change it`);
    row.match = recorded;
  } else byPlace.set(key, [...others, { ...row, id: '', voidedAt: null } as unknown as GroupRow]);
  return row;
}

/** Leading groups (`createLeadingGroup`), keyed on place and start date. */
export const leadingGroupImport: ImportKind<LeadingGroupInput, Map<string, GroupRow[]>, CheckedGroup, GroupRow> = {
  name: 'local-leading-groups',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'createLeadingGroup',
  entity: 'LeadingGroup',
  key: 'place and start date',
  columns: [
    col({ key: 'regionCode', en: 'region', zh: '地区代码', type: 'code', example: '610426', note: 'a province, prefecture or county' }),
    col({
      key: 'officeId',
      en: 'office',
      zh: '扶贫办',
      type: 'organization',
      example: '',
      note: 'its office (扶贫办): id, unified social credit code, or exact name or alias',
    }),
    ...periodColumns({ example: '2015-01-01' }, { note: 'blank: in place' }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.codes.add(input.regionCode);
    into.orgs.add(input.officeId);
    for (const s of input.seats ?? []) into.orgs.add(s.organizationId);
  },
  batchFacts: (tx, inputs, registry) =>
    lockedByTuple(
      tx,
      'loc-group',
      groups,
      ['regionCode'],
      inputs.map((i) => registry.codeOf(i.regionCode)).flatMap((c) => (c ? [[c]] : [])),
    ),
  check: checkGroup,
  keyOf: groupKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [groupKey(r), [r.match as GroupRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const ids = await nextIds(tx, 'loc-lg-', 'local.group_id_seq', creates.length);
    const created = await tx
      .insert(groups)
      .values(
        creates.map((r, i) => ({ id: ids[i], regionCode: r.regionCode, level: r.level, officeId: r.officeId, since: r.since, until: r.until, source: 'api' })),
      )
      .returning();
    const withSeats = creates.flatMap((r, i) => r.seats.map((s) => ({ ...s, groupId: ids[i], source: 'api' })));
    const added = withSeats.length ? await tx.insert(seats).values(withSeats).returning() : [];
    await logMany(created.map((g) => ({ entity: 'LeadingGroup', entityId: g.id, after: { ...g, seats: added.filter((s) => s.groupId === g.id) } })));
    return created;
  },
};

export type SeatInput = LeadingGroupSeatInput & { groupId: string };

export interface CheckedSeat extends Seat {
  groupId: string;
  regionCode: string;
  match: SeatRow | null;
}

interface SeatBatch {
  groups: Map<string, GroupRow>;
  byGroup: Map<string, SeatRow[]>;
}

const seatKey = (r: { groupId: string; organizationId: string; since: string }) => `${r.groupId}|${r.organizationId}|${r.since}`;

/**
 * A seat's rules, pure: the group (not voided; the poverty office covering its place), the lock
 * over the seat's years, an organisation, the period inside the group's. Keyed on group,
 * organisation and start date: the same role and end are unchanged, other values refused
 * (`duplicate`).
 */
function checkGroupSeat(input: SeatInput, registry: RegistryFacts, batch: SeatBatch, who: Identity): CheckedSeat {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  const group = batch.groups.get(input.groupId);
  if (!group) throw notFound('groupId', 'leading group', input.groupId);
  requireWriter(who, group.regionCode, `give seats on ${group.id}`);
  checkNotVoided('leading group', group.id, group, 'groupId');
  if (/^\d{4}-/.test(input.since))
    registry.checkUnlocked({ channel: 'LOCAL', codes: [group.regionCode], years: yearsOfPeriod(input.since, input.until ?? null) }, 'input.since');
  const org = registry.organization('input.organizationId', input.organizationId);
  const row: CheckedSeat = { ...checkSeat('input', input, org, group), groupId: group.id, regionCode: group.regionCode, match: null };
  const recorded = (batch.byGroup.get(group.id) ?? []).find((s) => !s.voidedAt && s.organizationId === row.organizationId && s.since === row.since);
  if (recorded) {
    const differs = recorded.role !== row.role ? 'role' : recorded.until !== row.until ? 'until' : null;
    if (differs)
      throw badInput('input.since', 'duplicate', `${recorded.id} is already recorded from ${row.since} with another ${differs}: an import does not change it`);
    row.match = recorded;
  }
  return row;
}

/** Seats on leading groups (`addLeadingGroupSeat`), keyed on group, organisation and start date. */
export const leadingGroupSeatImport: ImportKind<SeatInput, SeatBatch, CheckedSeat, SeatRow> = {
  name: 'local-leading-group-seats',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'addLeadingGroupSeat',
  entity: 'LeadingGroupSeat',
  key: 'group, organisation and start date',
  columns: [
    col({ key: 'groupId', en: 'group', zh: '领导小组编号', type: 'id', example: 'loc-lg-1', note: 'the leading group’s id (loc-lg-…)', fields: ['groupId'] }),
    col({
      key: 'organizationId',
      en: 'organization',
      zh: '成员单位',
      type: 'organization',
      example: 'org-demo-unit',
      note: 'id, unified social credit code, or exact name or alias',
    }),
    col({ key: 'role', en: 'role', zh: '职务', type: 'enum', allowed: SEAT_ROLES, example: 'MEMBER', note: 'head, deputy or member' }),
    ...periodColumns({ example: '2015-01-01', note: 'not before the group’s start' }, { note: 'by the group’s end; blank: sitting' }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.orgs.add(input.organizationId);
  },
  batchFacts: async (tx, inputs) => {
    const found = await tx
      .select()
      .from(groups)
      .where(sql`${groups.id} = any(${sql.param([...new Set(inputs.map((i) => i.groupId))])}::text[])`)
      .for('update');
    const recorded = found.length
      ? await tx
          .select()
          .from(seats)
          .where(sql`${seats.groupId} = any(${sql.param(found.map((g) => g.id))}::text[])`)
      : [];
    const byGroup = new Map<string, SeatRow[]>();
    for (const s of recorded) byGroup.set(s.groupId, [...(byGroup.get(s.groupId) ?? []), s]);
    return { groups: new Map(found.map((g) => [g.id, g])), byGroup };
  },
  check: checkGroupSeat,
  keyOf: seatKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [seatKey(r), [r.match as SeatRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const created = await tx
      .insert(seats)
      .values(creates.map((r) => ({ groupId: r.groupId, organizationId: r.organizationId, role: r.role, since: r.since, until: r.until, source: 'api' })))
      .returning();
    // A group's seats are part of its version.
    await tx
      .update(groups)
      .set({ version: sql`${groups.version} + 1` })
      .where(sql`${groups.id} = any(${sql.param([...new Set(creates.map((r) => r.groupId))])}::text[])`);
    const placeOf = new Map(creates.map((r) => [r.groupId, r.regionCode]));
    await logMany(created.map((s) => ({ entity: 'LeadingGroupSeat', entityId: s.id, after: s, regions: [placeOf.get(s.groupId)!] })));
    return created;
  },
};

// ---- responsibility letters -------------------------------------------------------------------

export interface CheckedLetter {
  signerCode: string;
  counterpartyCode: string | null;
  yearSigned: number;
  since: string;
  until: string | null;
  targets: string;
  match: LetterRow | null;
}

const letterKey = (r: { signerCode: string; yearSigned: number }) => `${r.signerCode}|${r.yearSigned}`;

/**
 * A responsibility letter's rules, pure: the poverty office covering the signer (or ADMIN), the
 * lock over every year of the period, a province (with the centre) or a county (with its
 * province), the year signed, the period and the targets; one letter of a signer a year (an
 * earlier row of the file included). Keyed on signer and year signed: the same period and targets
 * are unchanged, other values refused (`duplicate`).
 */
function checkLetter(input: ResponsibilityLetterInput, registry: RegistryFacts, bySigner: Map<string, LetterRow[]>, who: Identity): CheckedLetter {
  const place = registry.codeOf(input.signerCode);
  requireWriter(who, place, 'record responsibility letters there');
  if (place && /^\d{4}-/.test(input.since))
    registry.checkUnlocked({ channel: 'LOCAL', codes: [place], years: yearsOfPeriod(input.since, input.until ?? null) }, 'input.since');
  const signer = registry.placeAt('input.signerCode', input.signerCode, ['PROVINCE', 'COUNTY'], 'a province signs with the centre, a county with its province');
  checkYear('input.yearSigned', input.yearSigned);
  const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  const targets = requiredText('input.targets', input.targets, MAX_TEXT);
  const row: CheckedLetter = {
    signerCode: signer.code,
    counterpartyCode: signer.level === 'COUNTY' ? signer.code.slice(0, 2) : null,
    yearSigned: input.yearSigned,
    ...period,
    targets,
    match: null,
  };
  const key = tupleKey('loc-letter', [signer.code, input.yearSigned]);
  const recorded = (bySigner.get(key) ?? []).find((l) => !l.voidedAt);
  if (recorded && recorded.id === '')
    throw badInput('input.yearSigned', 'duplicate', `an earlier row already records ${signer.code}'s letter of ${input.yearSigned}`);
  if (recorded) {
    const differs = recorded.since !== row.since ? 'since' : recorded.until !== row.until ? 'until' : recorded.targets !== row.targets ? 'targets' : null;
    if (differs)
      throw badInput(
        'input.yearSigned',
        'duplicate',
        `${recorded.id} is already recorded for ${input.yearSigned} with another ${differs}: an import does not change it`,
      );
    row.match = recorded;
  } else bySigner.set(key, [{ ...row, id: '', voidedAt: null } as unknown as LetterRow]);
  return row;
}

/** Responsibility letters (`signResponsibilityLetter`), keyed on signer and year signed. */
export const letterImport: ImportKind<ResponsibilityLetterInput, Map<string, LetterRow[]>, CheckedLetter, LetterRow> = {
  name: 'local-responsibility-letters',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'signResponsibilityLetter',
  entity: 'ResponsibilityLetter',
  key: 'signer and year signed',
  columns: [
    col({
      key: 'signerCode',
      en: 'signer',
      zh: '签订地代码',
      type: 'code',
      example: '610426',
      note: 'a province (with the centre) or a county (with its province)',
    }),
    col({ key: 'yearSigned', en: 'year signed', zh: '签订年度', type: 'year', example: '2016', note: 'the year it was signed' }),
    ...periodColumns({ example: '2016-01-01' }, { example: '2018-12-31', note: 'blank: open' }),
    col({ key: 'targets', en: 'targets', zh: '目标任务', type: 'text', example: '演示·2018年摘帽', note: `at most ${MAX_TEXT} characters` }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.codes.add(input.signerCode);
  },
  batchFacts: (tx, inputs, registry) =>
    lockedByTuple(
      tx,
      'loc-letter',
      letters,
      ['signerCode', 'yearSigned'],
      inputs.flatMap((i) => {
        const code = registry.codeOf(i.signerCode);
        return code ? [[code, String(i.yearSigned)]] : [];
      }),
    ),
  check: checkLetter,
  keyOf: letterKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [letterKey(r), [r.match as LetterRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const created = await tx
      .insert(letters)
      .values(creates.map(({ match: _, ...r }) => ({ ...r, source: 'api' })))
      .returning();
    await logMany(created.map((l) => ({ entity: 'ResponsibilityLetter', entityId: l.id, after: l })));
    return created;
  },
};
