import { yearsOfPeriod } from '../../lib/calendar.js';
import { normalizeCode } from '../../lib/codes.js';
import { badInput, forbidden } from '../../lib/errors.js';
import { type Identity, isAnonymous } from '../../lib/identity.js';
import { cellsAsInput, col, type ImportKind, type RegistryFacts } from '../../lib/import/kind.js';
import { lockedByTuple, tupleKey } from '../../lib/import/locked.js';
import { checkPeriod, checkYear, requiredText } from '../../lib/rules.js';
import { requireWriter } from './resolvers.js';
import { ASSESSMENT_GRADES, assessmentsTable as assessments, countySecretariesTable as secretaries } from './tables.js';
import type { AssessmentInput, CountySecretaryInput } from './types.generated.js';

/**
 * The county's governance records as importable kinds (docs/import.md): `recordCountySecretary`
 * and `recordAssessment` run these checks and writes on one input (`recordOne`), an import on
 * each row of a file. A recorded key given again with the same values is `unchanged`; other
 * values are refused (`duplicate`).
 */

type SecretaryRow = typeof secretaries.$inferSelect;
type AssessmentRow = typeof assessments.$inferSelect;

/** The longest person's name. */
const MAX_NAME = 50;
/** The longest findings. */
const MAX_TEXT = 2000;

/** Whom access is asked about: the place a code names now, else the code as written. */
const writerPlace = (registry: RegistryFacts, input: string) => {
  const code = normalizeCode(input);
  return (code && registry.region(code)?.code) ?? code;
};

/** The place a row names at one of `levels` (rule `level`), after the registry's own refusals. */
function placeAt(registry: RegistryFacts, field: string, input: string, levels: readonly string[], why: string) {
  const region = registry.place(field, input);
  if (!levels.includes(region.level)) throw badInput(field, 'level', `${region.name} is a ${region.level}: ${why}`);
  return region;
}

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
  const place = writerPlace(registry, input.countyCode);
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
  requireWriter(who, place, 'record county secretaries there');
  if (place && /^\d{4}-/.test(input.since))
    registry.checkUnlocked({ channel: 'LOCAL', codes: [place], years: yearsOfPeriod(input.since, input.until ?? null) }, 'input.since');
  const county = placeAt(registry, 'input.countyCode', input.countyCode, ['COUNTY'], 'a county party secretary is a county’s');
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
    col({ key: 'since', en: 'since', zh: '起始日期', type: 'date', example: '2015-06-01', note: 'the first day in post' }),
    col({ key: 'until', en: 'until', zh: '结束日期', type: 'date', required: false, example: '', note: 'blank: serving' }),
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
      inputs.map((i) => writerPlace(registry, i.countyCode)).flatMap((c) => (c ? [[c]] : [])),
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
    requireWriter(who, writerPlace(registry, input.regionCode), 'record assessments there');
    const region = placeAt(registry, 'input.regionCode', input.regionCode, ['PROVINCE', 'COUNTY'], 'assessments are of provinces and counties');
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
      const code = i.regionCode != null ? writerPlace(registry, i.regionCode) : null;
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
