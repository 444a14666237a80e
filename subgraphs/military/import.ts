import { sql } from 'drizzle-orm';
import { overlaps, yearsOfPeriod } from '../../lib/calendar.js';
import { normalizeCode, within } from '../../lib/codes.js';
import { checkNotVoided } from '../../lib/corrections.js';
import { badInput, forbidden, notFound } from '../../lib/errors.js';
import { canEditOrg, coordinates, type Identity } from '../../lib/identity.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { cellsAsInput, col, type ImportKind, type RegistryFacts, periodColumns } from '../../lib/import/kind.js';
import { lockedByTuple, tupleKey } from '../../lib/import/locked.js';
import { fromFen, toFen } from '../../lib/money.js';
import { checkPeriod, optionalText, optionalUrl, requiredText } from '../../lib/rules.js';
import { checkProjectFigures, checkProjectYear, HELPED_LEVELS, KIND_LEVELS, requireUnit, UNIT_LEVEL } from './resolvers.js';
import { requireWriter, seesRecordInternals } from './access.js';
import {
  ASSISTANCE_KINDS,
  assistanceTable as assistance,
  MAX_TEXT,
  auditLog,
  leadingGroupMembershipsTable as memberships,
  projectsTable as projects,
  type AssistanceKind,
} from './tables.js';
import type { CreateMilitaryAssistanceInput, LeadingGroupMembershipInput, MilitaryProjectInput } from './types.generated.js';

/**
 * The military channel's writes that create records, as importable kinds (docs/import.md):
 * `createMilitaryAssistance`, `recordMilitaryProject` and `recordLeadingGroupMembership` run these
 * checks and writes on one input (`recordOne`), an import on each row of a file.
 */

type AssistanceRow = typeof assistance.$inferSelect;
type ProjectRow = typeof projects.$inferSelect;
type MembershipRow = typeof memberships.$inferSelect;

/** The unit a row names (resolved when exactly one matches, else the key as given): whom access is asked about. */
function unitIdOf(registry: RegistryFacts, key: string): string {
  return registry.orgIdOf(key) ?? key;
}

// ---- assistance records ---------------------------------------------------------------------

export type CheckedAssistance = {
  helperId: string;
  helpedCode: string;
  kind: AssistanceKind;
  siteName: string | null;
  since: string;
  until: string | null;
  internalNote: string | null;
  evidenceUrl: string | null;
  source: string;
  /** The recorded record of this key (null: a new one). */
  match: AssistanceRow | null;
};

const assistanceKey = (r: { helperId: string; helpedCode: string; kind: string; since: string }) => `${r.helperId}|${r.helpedCode}|${r.kind}|${r.since}`;
const triple = (r: { helperId: string; helpedCode: string; kind: string }) => tupleKey('mil-assistance', [r.helperId, r.helpedCode, r.kind]);

/**
 * A military assistance record's rules, pure: a signed-in writer, the unit's editors or a
 * coordinator over the place; a military unit; a village, township or county fitting the kind of
 * help; a territorial unit inside its own region; the period; the lock; no overlapping record of
 * the unit, place and kind (an earlier row of the file included). A recorded key (unit, place,
 * kind, start) takes the row's site name, note and evidence as `updateMilitaryAssistance` does;
 * another end is refused (`duplicate`: `endMilitaryAssistance` ends a record).
 */
function checkAssistance(
  input: CreateMilitaryAssistanceInput,
  registry: RegistryFacts,
  byTriple: Map<string, AssistanceRow[]>,
  who: Identity,
): CheckedAssistance {
  requireWriter(who);
  const code = normalizeCode(input.helpedCode);
  const region = code ? registry.region(code) : null;
  const unitId = unitIdOf(registry, input.unitId);
  // A former code is read as the place it names now (region.code): access, rules and the record.
  const place = region?.code ?? code;
  if (!canEditOrg(who, unitId) && !(place && coordinates(who, place))) throw forbidden(`you may not record help by ${unitId} to ${input.helpedCode}`);
  const u = requireUnit('input.unitId', input.unitId, registry.orgByKey.get(input.unitId)?.length ? registry.organization('input.unitId', input.unitId) : null);
  const helped = registry.place('input.helpedCode', input.helpedCode);
  if (!HELPED_LEVELS.includes(helped.level))
    throw badInput('input.helpedCode', 'level', `military help lands on a village, township or county, not a ${helped.level}`);
  if (!ASSISTANCE_KINDS.includes(input.kind)) throw badInput('input.kind', 'kind', `unknown kind ${input.kind}`);
  if (!KIND_LEVELS[input.kind].includes(helped.level)) {
    throw badInput('input.helpedCode', 'kind-level', `${input.kind} help lands on a ${KIND_LEVELS[input.kind].join(' or ')}, not a ${helped.level}`);
  }
  if (UNIT_LEVEL[u.kind]) {
    if (!u.homeRegionCode) throw badInput('input.unitId', 'responsible-region', `${u.name} has no responsible region in the registry`);
    if (!within(helped.code, u.homeRegionCode))
      throw badInput('input.helpedCode', 'within-place', `${u.name} helps inside ${u.homeRegionCode}, the region it is responsible for`);
  }
  const { until } = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  registry.checkUnlocked({ channel: 'MILITARY', codes: [helped.code], years: yearsOfPeriod(input.since, until) }, 'input.since');
  const row: CheckedAssistance = {
    helperId: u.id,
    helpedCode: helped.code,
    kind: input.kind,
    siteName: optionalText('input.siteName', input.siteName, MAX_TEXT),
    since: input.since,
    until,
    internalNote: optionalText('input.internalNote', input.internalNote, MAX_TEXT),
    evidenceUrl: optionalUrl('input.evidenceUrl', input.evidenceUrl),
    source: 'api',
    match: null,
  };
  const others = byTriple.get(triple(row)) ?? [];
  const match = others.find((o) => o.voidedAt === null && o.since === row.since && o.id !== '') ?? null;
  const clash = others.find((o) => o.voidedAt === null && o !== match && overlaps(o, { since: row.since, until }));
  if (clash)
    throw badInput('input', 'duplicate', `${clash.id || 'an earlier row'} already records this unit helping this place in this way in an overlapping period`);
  if (match) {
    if (match.until !== until) {
      throw badInput(
        'input',
        'duplicate',
        `${match.id} is already recorded with another until: an import does not change it (endMilitaryAssistance ends a record)`,
      );
    }
    if (!seesRecordInternals(who, match.helperId, match.helpedCode)) throw forbidden(`you may not change ${match.id}`);
    row.match = match;
  } else byTriple.set(triple(row), [...others, { ...row, id: '', voidedAt: null } as unknown as AssistanceRow]);
  return row;
}

/**
 * Military assistance records (`createMilitaryAssistance`), keyed on unit, place (as it is named
 * now), kind and start date: a recorded key takes the row's site name, internal note and evidence
 * (`updateMilitaryAssistance`; version up); a blank one clears it.
 */
export const militaryAssistanceImport: ImportKind<CreateMilitaryAssistanceInput, Map<string, AssistanceRow[]>, CheckedAssistance, AssistanceRow> = {
  name: 'military-assistance',
  subgraph: 'military',
  channel: 'MILITARY',
  action: 'createMilitaryAssistance',
  entity: 'MilitaryAssistance',
  key: 'unit, place, kind and start date',
  columns: [
    col({
      key: 'unitId',
      en: 'unit',
      zh: '帮扶部队',
      type: 'organization',
      example: 'org-pafd-610426',
      note: 'a military or armed-police unit: id, credit code, or exact name or alias',
    }),
    col({
      key: 'helpedCode',
      en: 'place',
      zh: '受援地代码',
      type: 'code',
      example: '610426100201',
      note: 'a village, township or county; a former code reads as the place it names now',
    }),
    col({
      key: 'kind',
      en: 'kind',
      zh: '帮扶类型',
      type: 'enum',
      allowed: ASSISTANCE_KINDS,
      example: 'VILLAGE_PAIRING',
      note: 'decides the level of the place',
    }),
    ...periodColumns({ example: '2017-01-01' }),
    col({
      key: 'siteName',
      en: 'site name',
      zh: '帮扶点名称',
      type: 'text',
      required: false,
      example: '演示·八一希望小学',
      note: `at most ${MAX_TEXT} characters`,
    }),
    col({
      key: 'internalNote',
      en: 'internal note',
      zh: '内部备注',
      type: 'text',
      required: false,
      example: '',
      note: 'read by the unit, coordinators over the place and administrators',
    }),
    col({ key: 'evidenceUrl', en: 'evidence url', zh: '依据网址', type: 'text', required: false, example: '', note: 'an http(s) address' }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.orgs.add(input.unitId);
    into.codes.add(input.helpedCode);
  },
  batchFacts: async (tx, inputs, registry) => {
    const tuples: string[][] = [];
    for (const i of inputs) {
      const unitId = registry.orgIdOf(i.unitId);
      const place = registry.region(i.helpedCode);
      if (unitId && place) tuples.push([unitId, place.code, i.kind]);
    }
    return lockedByTuple(tx, 'mil-assistance', assistance, ['helperId', 'helpedCode', 'kind'], tuples);
  },
  check: checkAssistance,
  keyOf: assistanceKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [assistanceKey(r), [r.match as AssistanceRow]])),
  differs: (row, e) => row.siteName !== e.siteName || row.internalNote !== e.internalNote || row.evidenceUrl !== e.evidenceUrl,
  write: async ({ tx, logMany }, creates, updates) => {
    const created = creates.length
      ? await tx
          .insert(assistance)
          .values(creates.map(({ match: _, ...r }) => r))
          .returning()
      : [];
    let updated: AssistanceRow[] = [];
    if (updates.length) {
      const patch = updates.map(({ row, before }) => ({
        id: before.id,
        site_name: row.siteName,
        internal_note: row.internalNote,
        evidence_url: row.evidenceUrl,
      }));
      updated = await tx
        .update(assistance)
        .set({
          siteName: sql`v.site_name`,
          internalNote: sql`v.internal_note`,
          evidenceUrl: sql`v.evidence_url`,
          version: sql`${assistance.version} + 1`,
          updatedAt: new Date(),
        })
        .from(sql`jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(id text, site_name text, internal_note text, evidence_url text)`)
        .where(sql`${assistance.id} = v.id`)
        .returning();
    }
    const before = new Map(updates.map((u) => [u.before.id, u.before]));
    await logMany([
      ...created.map((r) => ({ entity: 'MilitaryAssistance', entityId: r.id, after: r })),
      ...updated.map((r) => ({ entity: 'MilitaryAssistance', entityId: r.id, before: before.get(r.id), after: r })),
    ]);
    return [...created, ...updated];
  },
};

// ---- projects -------------------------------------------------------------------------------

export type CheckedProject = Omit<typeof projects.$inferInsert, 'id' | 'version' | 'createdAt'> & { assistanceId: string; helpedCode: string };

const projectKey = (r: { assistanceId: string; year: number; name: string }) => JSON.stringify([r.assistanceId, r.year, r.name]);

/**
 * A project's rules, pure, on its assistance record as read (locked) in the transaction: a
 * signed-in writer who may see the record's internals; a record not voided; the year not locked,
 * inside the record's period; a name; the figures (officers and soldiers within the personnel).
 */
function checkProject(input: MilitaryProjectInput, registry: RegistryFacts, records: Map<string, AssistanceRow>, who: Identity): CheckedProject {
  requireWriter(who);
  const record = records.get(input.assistanceId);
  if (!record) throw notFound('input.assistanceId', 'military assistance record', input.assistanceId);
  if (!seesRecordInternals(who, record.helperId, record.helpedCode)) throw forbidden(`you may not record projects of ${record.id}`);
  checkNotVoided('military assistance record', record.id, record, 'input.assistanceId');
  registry.checkUnlocked({ channel: 'MILITARY', codes: [record.helpedCode], years: [input.year] }, 'input.year');
  checkProjectYear(input.year, record);
  const name = requiredText('input.name', input.name, MAX_TEXT);
  checkProjectFigures(input);
  return {
    assistanceId: record.id,
    helpedCode: record.helpedCode,
    year: input.year,
    name,
    funds: fromFen(toFen(input.funds)),
    householdsReached: input.householdsReached,
    peopleReached: input.peopleReached,
    personnelSent: input.personnelSent,
    officers: input.officers,
    soldiers: input.soldiers,
    demo: record.demo,
    source: 'api',
  };
}

const FIGURES = ['funds', 'householdsReached', 'peopleReached', 'personnelSent', 'officers', 'soldiers'] as const;

/**
 * Military projects (`recordMilitaryProject`), keyed on assistance record, year and name: a
 * recorded key takes the row's figures as `updateMilitaryProject` does (version up).
 */
export const militaryProjectImport: ImportKind<MilitaryProjectInput, Map<string, AssistanceRow>, CheckedProject, ProjectRow> = {
  name: 'military-projects',
  subgraph: 'military',
  channel: 'MILITARY',
  action: 'recordMilitaryProject',
  entity: 'MilitaryProject',
  key: 'assistance record, year and name',
  columns: [
    col({ key: 'assistanceId', en: 'assistance', zh: '帮扶记录编号', type: 'id', example: 'mil-a-1', note: 'the assistance record (mil-a-…)' }),
    col({ key: 'year', en: 'year', zh: '年度', type: 'year', example: '2019', note: "inside the record's period" }),
    col({ key: 'name', en: 'name', zh: '项目名称', type: 'text', example: '演示·饮水工程', note: `at most ${MAX_TEXT} characters` }),
    col({ key: 'funds', en: 'funds', zh: '投入资金', type: 'money', example: '80000.00', note: 'yuan, at most two decimals' }),
    col({ key: 'householdsReached', en: 'households reached', zh: '受益户数', type: 'integer', example: '25', note: 'a whole number' }),
    col({ key: 'peopleReached', en: 'people reached', zh: '受益人数', type: 'integer', example: '70', note: 'a whole number' }),
    col({ key: 'personnelSent', en: 'personnel sent', zh: '投入兵力', type: 'integer', example: '5', note: 'at least officers + soldiers' }),
    col({ key: 'officers', en: 'officers', zh: '其中干部', type: 'integer', example: '1', note: 'a whole number' }),
    col({ key: 'soldiers', en: 'soldiers', zh: '其中战士', type: 'integer', example: '3', note: 'a whole number' }),
  ],
  input: cellsAsInput,
  needs: () => {},
  batchFacts: async (tx, inputs) => {
    const ids = [...new Set(inputs.map((i) => i.assistanceId))];
    if (!ids.length) return new Map();
    const rows = await tx
      .select()
      .from(assistance)
      .where(sql`${assistance.id} = any(${sql.param(ids)}::text[])`)
      .for('update');
    return new Map(rows.map((r) => [r.id, r]));
  },
  check: checkProject,
  keyOf: projectKey,
  existing: async (tx, rows) => {
    const wanted = JSON.stringify(rows.map((r) => [r.assistanceId, r.year, r.name]));
    const found = await tx
      .select()
      .from(projects)
      .where(
        sql`(${projects.assistanceId}, ${projects.year}, ${projects.name}) in (select k->>0, (k->>1)::int, k->>2 from jsonb_array_elements(${wanted}::jsonb) as k)`,
      );
    const out = new Map<string, ProjectRow[]>();
    for (const p of found) out.set(projectKey(p), [...(out.get(projectKey(p)) ?? []), p]);
    return out;
  },
  differs: (row, e) => FIGURES.some((f) => row[f] !== e[f]),
  write: async ({ tx, logMany }, creates, updates) => {
    const created = creates.length
      ? await tx
          .insert(projects)
          .values(creates.map(({ helpedCode: _, ...r }) => r))
          .returning()
      : [];
    let updated: ProjectRow[] = [];
    if (updates.length) {
      const patch = updates.map(({ row, before }) => ({
        id: before.id,
        funds: row.funds,
        households: row.householdsReached,
        people: row.peopleReached,
        personnel: row.personnelSent,
        officers: row.officers,
        soldiers: row.soldiers,
      }));
      updated = await tx
        .update(projects)
        .set({
          funds: sql`v.funds`,
          householdsReached: sql`v.households`,
          peopleReached: sql`v.people`,
          personnelSent: sql`v.personnel`,
          officers: sql`v.officers`,
          soldiers: sql`v.soldiers`,
          version: sql`${projects.version} + 1`,
        })
        .from(
          sql`jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(id text, funds numeric, households int, people int, personnel int, officers int, soldiers int)`,
        )
        .where(sql`${projects.id} = v.id`)
        .returning();
    }
    const placeOfRecord = new Map([...creates, ...updates.map((u) => u.row)].map((r) => [r.assistanceId, r.helpedCode]));
    const before = new Map(updates.map((u) => [u.before.id, u.before]));
    await logMany([
      ...created.map((r) => ({ entity: 'MilitaryProject', entityId: r.id, after: r, regions: [placeOfRecord.get(r.assistanceId)!] })),
      ...updated.map((r) => ({ entity: 'MilitaryProject', entityId: r.id, before: before.get(r.id), after: r, regions: [placeOfRecord.get(r.assistanceId)!] })),
    ]);
    return [...created, ...updated];
  },
};

// ---- leading-group seats ----------------------------------------------------------------------

export type CheckedSeat = { unitId: string; regionCode: string; since: string; until: string | null; source: string; match: MembershipRow | null };

const seatKey = (r: { unitId: string; regionCode: string; since: string }) => `${r.unitId}|${r.regionCode}|${r.since}`;
const seatPair = (r: { unitId: string; regionCode: string }) => tupleKey('mil-seat', [r.unitId, r.regionCode]);

/**
 * A leading-group seat's rules, pure: a signed-in writer, the unit's editors or a coordinator
 * over the region; a territorial unit (省军区, 军分区, 人武部) on its own region at its level; the
 * period; no overlapping seat of the unit on the region (an earlier row of the file included).
 * A recorded key (unit, region, start) with the same end is unchanged; another end is refused
 * (`duplicate`: `endLeadingGroupMembership` ends a seat).
 */
function checkSeat(input: LeadingGroupMembershipInput, registry: RegistryFacts, byPair: Map<string, MembershipRow[]>, who: Identity): CheckedSeat {
  requireWriter(who);
  const code = normalizeCode(input.regionCode);
  const region = code ? registry.region(code) : null;
  const unitId = unitIdOf(registry, input.unitId);
  const place = region?.code ?? code;
  if (!canEditOrg(who, unitId) && !(place && coordinates(who, place)))
    throw forbidden(`you may not record leading-group seats of ${unitId} in ${input.regionCode}`);
  const u = requireUnit('input.unitId', input.unitId, registry.orgByKey.get(input.unitId)?.length ? registry.organization('input.unitId', input.unitId) : null);
  const level = UNIT_LEVEL[u.kind];
  if (!level) throw badInput('input.unitId', 'helper-kind', `a ${u.kind} has no seat on a government leading group; only 省军区, 军分区 and 人武部 do`);
  const seat = registry.place('input.regionCode', input.regionCode);
  if (seat.level !== level)
    throw badInput('input.regionCode', 'same-level', `a ${u.kind} sits on the leading group of a ${level} government, not a ${seat.level}`);
  if (u.homeRegionCode !== seat.code)
    throw badInput('input.regionCode', 'own-region', `${u.name} is responsible for ${u.homeRegionCode ?? 'no region'}, not ${seat.code}`);
  const { until } = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  const row: CheckedSeat = { unitId: u.id, regionCode: seat.code, since: input.since, until, source: 'api', match: null };
  // A voided seat counts nowhere: it neither matches nor clashes.
  const others = (byPair.get(seatPair(row)) ?? []).filter((o) => !o.voidedAt);
  const match = others.find((o) => o.since === row.since && o.id !== '') ?? null;
  const clash = others.find((o) => o !== match && overlaps(o, { since: row.since, until }));
  if (clash) throw badInput('input', 'duplicate', `${clash.id || 'an earlier row'} already records this seat in an overlapping period`);
  if (match && match.until !== until) {
    throw badInput(
      'input',
      'duplicate',
      `${match.id} is already recorded with another until: an import does not change it (endLeadingGroupMembership ends a seat)`,
    );
  }
  if (match) row.match = match;
  else byPair.set(seatPair(row), [...others, { ...row, id: '' } as unknown as MembershipRow]);
  return row;
}

/** Leading-group seats (`recordLeadingGroupMembership`), keyed on unit, region and start date. */
export const militarySeatImport: ImportKind<LeadingGroupMembershipInput, Map<string, MembershipRow[]>, CheckedSeat, MembershipRow> = {
  name: 'military-leading-group-seats',
  subgraph: 'military',
  channel: 'MILITARY',
  action: 'recordLeadingGroupMembership',
  entity: 'LeadingGroupMembership',
  key: 'unit, region and start date',
  columns: [
    col({
      key: 'unitId',
      en: 'unit',
      zh: '单位',
      type: 'organization',
      example: 'org-pafd-610426',
      note: '省军区, 军分区 or 人武部: id, credit code, or exact name or alias',
    }),
    col({ key: 'regionCode', en: 'region', zh: '地区代码', type: 'code', example: '610426', note: "the unit's own region, at its level" }),
    ...periodColumns({ example: '2016-01-01' }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.orgs.add(input.unitId);
    into.codes.add(input.regionCode);
  },
  batchFacts: async (tx, inputs, registry) => {
    const tuples: string[][] = [];
    for (const i of inputs) {
      const unitId = registry.orgIdOf(i.unitId);
      const place = registry.region(i.regionCode);
      if (unitId && place) tuples.push([unitId, place.code]);
    }
    return lockedByTuple(tx, 'mil-seat', memberships, ['unitId', 'regionCode'], tuples);
  },
  check: checkSeat,
  keyOf: seatKey,
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.match).map((r) => [seatKey(r), [r.match as MembershipRow]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    const created = creates.length
      ? await tx
          .insert(memberships)
          .values(creates.map(({ match: _, ...r }) => r))
          .returning()
      : [];
    await logMany(created.map((r) => ({ entity: 'LeadingGroupMembership', entityId: r.id, after: r })));
    return created;
  },
};

/** The kinds this channel imports, with its audit log: the command's, the endpoint's and `startMilitaryImport`'s. */
export const militaryImports = (): ImportEntry[] =>
  [militaryAssistanceImport, militaryProjectImport, militarySeatImport].map((kind) => ({ kind: kind as ImportEntry['kind'], auditLog }));
