import { sql } from 'drizzle-orm';
import { currentYear, overlaps, yearBounds } from '../../lib/calendar.js';
import { normalizeCode, levelOf } from '../../lib/codes.js';
import { checkNotVoided } from '../../lib/corrections.js';
import type { Db } from '../../lib/db.js';
import { isDemoName } from '../../lib/demo.js';
import { badInput, conflict, forbidden, notFound } from '../../lib/errors.js';
import { canEditOrg, type Identity } from '../../lib/identity.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { cellsAsInput, type CellValue, col, type ImportKind, type RegistryFacts, periodColumns } from '../../lib/import/kind.js';
import { advisoryLocks, lockedByTuple, tupleKey } from '../../lib/import/locked.js';
import { fromFen, toFen } from '../../lib/money.js';
import { checkCode, checkCount, checkMoney, checkPeriod, checkYear, lastYear, optionalText, optionalUrl, requiredText } from '../../lib/rules.js';
import { checkVersion } from '../../lib/versions.js';
import {
  cadreId,
  ELIGIBLE_KINDS,
  measureField,
  MONEY_MEASURES,
  normalizeIdentityNumber,
  overlapsRound,
  pairingId,
  POSTING_LEVEL,
  reportId,
  roundOn,
  type MeasureColumn,
} from './domain.js';
import type { CadreRow, PairingRow, ReportRow } from './loaders.js';
import { arrangesPairing } from './access.js';
import { yearsOfPeriod } from '../../lib/calendar.js';
import {
  ARRANGEMENTS,
  auditLog,
  CADRE_ROLES,
  cadresTable as cadres,
  MEASURE_COLUMNS,
  pairingsTable as pairings,
  reportsTable as reports,
  ROUNDS,
} from './tables.js';
import type {
  AssignDesignatedCadreInput as AssignCadreInput,
  CreateDesignatedPairingInput as CreatePairingInput,
  FileDesignatedMeasuresInput as FileMeasuresInput,
} from './types.generated.js';

/**
 * The designated channel's writes that create records, as importable kinds (docs/import.md):
 * `createDesignatedPairing`, `assignDesignatedCadre`, `fileDesignatedPlan` and
 * `fileDesignatedSummary` run these checks and writes on one input (`recordOne`), an import on
 * each row of a file. Registry facts (the unit, the places, the channel's locks) are read before
 * the transaction; the pairings, postings and reports a batch needs are read in it, locked.
 */

const MAX_NOTE = 2000;

/** The lock over a designated record on `code` for its period (a date not yet checked: none asked). */
function checkDesignatedUnlocked(registry: RegistryFacts, code: string | null, since: string, until: string | null, field: string) {
  if (code && /^\d{4}-/.test(since)) registry.checkUnlocked({ channel: 'DESIGNATED', codes: [code], years: yearsOfPeriod(since, until) }, field);
}

/**
 * Refuse a row whose key is recorded with other values (rule `duplicate`, on the key's `field`, as
 * the mutation refuses the record given again; the message names the value that differs and how
 * the record changes).
 */
function checkSameAsRecorded<T extends Record<string, unknown>>(
  what: string,
  field: string,
  id: string,
  row: T,
  recorded: T,
  values: readonly (keyof T & string)[],
  how: string,
) {
  const changed = values.find((f) => (row[f] ?? null) !== (recorded[f] ?? null));
  if (changed) throw badInput(field, 'duplicate', `${what} ${id} is already recorded with another ${changed}: an import does not change it (${how})`);
}

// ---- pairings ---------------------------------------------------------------------------------

export type CheckedDesignatedPairing = Omit<typeof pairings.$inferInsert, 'createdAt' | 'updatedAt'> & { id: string; helpedCode: string };

/** A batch's pairings of the unit–county pairs it names (voided ones too), locked, after an advisory lock per pair. */
const pairsOf = (tx: Db, pairs: readonly (readonly string[])[]): Promise<Map<string, PairingRow[]>> =>
  lockedByTuple(tx, 'dsg-pairing', pairings, ['helperId', 'helpedCode'], pairs);

/** The advisory lock's key of a unit and a county (the same as every write of the pair takes). */
const pairKey = (helperId: string, helpedCode: string) => tupleKey('dsg-pairing', [helperId, helpedCode]);

/**
 * A new designated pairing's rules, pure: who may arrange it (the unit's editors, the poverty
 * office over the county), the lock, the unit (an eligible kind), the county, the period and
 * round, no overlap with another pairing of the unit and county that counts (an earlier row of
 * the file included). A recorded key is left as it is: other values are refused (`duplicate`).
 */
function checkPairing(input: CreatePairingInput, registry: RegistryFacts, byPair: Map<string, PairingRow[]>, who: Identity): CheckedDesignatedPairing {
  const asked = normalizeCode(input.helpedCode);
  const region = asked ? registry.region(asked) : null;
  const named = registry.orgByKey.get(input.helperId) ?? [];
  const helperId = named.length === 1 ? named[0].id : input.helperId;
  // A former code is read as the place it names now (region.code): access, rules and the record.
  if (!arrangesPairing(who, helperId, region?.code ?? asked)) {
    throw forbidden(`only editors of ${helperId} or the poverty office over the county may record its pairings`);
  }
  checkDesignatedUnlocked(registry, region?.code ?? asked, input.since, input.until ?? null, 'input.since');
  const org = registry.organization('input.helperId', input.helperId);
  if (!ELIGIBLE_KINDS.includes(org.kind)) {
    throw badInput('input.helperId', 'helper-kind', `a ${org.kind} cannot hold a designated pairing (eligible: ${ELIGIBLE_KINDS.join(', ')})`);
  }
  const place = registry.place('input.helpedCode', input.helpedCode);
  if (place.level !== 'COUNTY' || place.functionalZone) {
    throw badInput(
      'input.helpedCode',
      'level',
      `${place.name} is not a county (a pairing joins a unit to a county-level place; functional zones are statistical, not counties)`,
    );
  }
  const { until } = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  const round = input.round ?? roundOn(input.since);
  if (!overlapsRound(round, input.since, until)) throw badInput('input.round', 'round', `the period does not reach into ${round}`);
  const row: CheckedDesignatedPairing = {
    id: pairingId(org.id, place.code, input.since),
    helperId: org.id,
    helpedCode: place.code,
    arrangement: input.arrangement ?? 'DESIGNATED',
    round,
    since: input.since,
    until,
    sinceEvidenced: input.sinceEvidenced ?? true,
    evidenceUrl: optionalUrl('input.evidenceUrl', input.evidenceUrl),
    note: optionalText('input.note', input.note, MAX_NOTE),
    source: 'api',
    // A generated unit's pairing is generated data too: real and demo never mix.
    demo: isDemoName(org.name),
  };
  const others = byPair.get(pairKey(org.id, place.code)) ?? [];
  const clash = others.find((o) => o.voidedAt === null && o.id !== row.id && overlaps(o, { since: row.since, until }));
  if (clash) throw badInput('input.since', 'duplicate', `the unit already helps ${place.name} in an overlapping period (${clash.id})`);
  const recorded = others.find((o) => o.id === row.id);
  if (recorded) {
    checkNotVoided('designated pairing', recorded.id, recorded, 'input.since');
    checkSameAsRecorded(
      'designated pairing',
      'input.since',
      recorded.id,
      row,
      recorded as unknown as CheckedDesignatedPairing,
      PAIRING_VALUES,
      'end it with endDesignatedPairing',
    );
  } else byPair.set(pairKey(org.id, place.code), [...others, { ...row, voidedAt: null } as unknown as PairingRow]);
  return row;
}

const PAIRING_VALUES = ['arrangement', 'round', 'until', 'sinceEvidenced', 'evidenceUrl', 'note'] as const;

/**
 * Designated pairings (`createDesignatedPairing`), keyed on unit, county (as it is named now) and
 * start date: the pairing's id. A recorded pairing given again with the same values is unchanged;
 * with others it is refused (`duplicate`): a pairing changes by `endDesignatedPairing`, a void.
 */
export const designatedPairingImport: ImportKind<CreatePairingInput, Map<string, PairingRow[]>, CheckedDesignatedPairing, PairingRow> = {
  name: 'designated-pairings',
  subgraph: 'designated',
  channel: 'DESIGNATED',
  action: 'createDesignatedPairing',
  entity: 'DesignatedAssistance',
  key: 'unit, county and start date',
  columns: [
    col({
      key: 'helperId',
      en: 'unit',
      zh: '帮扶单位',
      type: 'organization',
      example: 'org-demo-unit',
      note: `an eligible unit (${ELIGIBLE_KINDS.join(', ')}): its id, unified social credit code, or exact name or alias`,
    }),
    col({
      key: 'helpedCode',
      en: 'county',
      zh: '受援县代码',
      type: 'code',
      example: '610426',
      note: 'a county; a former code reads as the place it names now',
    }),
    ...periodColumns({ example: '2015-01-01', note: 'the first day of the pairing' }),
    col({
      key: 'arrangement',
      en: 'arrangement',
      zh: '帮扶形式',
      type: 'enum',
      required: false,
      allowed: ARRANGEMENTS,
      example: 'DESIGNATED',
      note: 'blank: DESIGNATED',
    }),
    col({
      key: 'round',
      en: 'round',
      zh: '轮次',
      type: 'enum',
      required: false,
      allowed: ROUNDS,
      example: '',
      note: 'blank: the round in force on the start date',
    }),
    col({
      key: 'sinceEvidenced',
      en: 'since evidenced',
      zh: '起始日期有据',
      type: 'boolean',
      required: false,
      example: 'true',
      note: 'false: the start stands for the round’s start; blank: true',
    }),
    col({ key: 'evidenceUrl', en: 'evidence url', zh: '依据网址', type: 'text', required: false, example: '', note: 'an http(s) address' }),
    col({ key: 'note', en: 'note', zh: '备注', type: 'text', required: false, example: '演示数据', note: `at most ${MAX_NOTE} characters` }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.orgs.add(input.helperId);
    into.codes.add(input.helpedCode);
  },
  batchFacts: (tx, inputs, registry) => {
    const pairs = [];
    for (const i of inputs) {
      const helperId = registry.orgIdOf(i.helperId);
      const place = registry.region(i.helpedCode);
      if (helperId && place) pairs.push([helperId, place.code]);
    }
    return pairsOf(tx, pairs);
  },
  check: checkPairing,
  keyOf: (row) => row.id,
  existing: (tx, rows) => byIds(tx, pairings, rows),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    const created = creates.length
      ? await tx
          .insert(pairings)
          .values([...creates])
          .returning()
      : [];
    await logMany(created.map((r) => ({ entity: 'DesignatedAssistance', entityId: r.id, after: r })));
    return created;
  },
};

/** The recorded rows of these ids (voided ones too), one statement. */
async function byIds<T extends typeof pairings | typeof cadres>(tx: Db, table: T, rows: readonly { id: string }[]) {
  const found = (await tx
    .select()
    .from(table as typeof pairings)
    .where(sql`${table.id} = any(${sql.param(rows.map((r) => r.id))}::text[])`)) as unknown as (T['$inferSelect'] & { id: string })[];
  return new Map(found.map((r) => [r.id, [r]]));
}

// ---- cadre postings ---------------------------------------------------------------------------

export type CheckedDesignatedCadre = Omit<typeof cadres.$inferInsert, 'createdAt' | 'updatedAt'> & { id: string };

/** A batch's pairings (locked) and the postings of the persons it names (after an advisory lock per person). */
export interface CadreBatch {
  pairings: Map<string, PairingRow>;
  byPerson: Map<string, CadreRow[]>;
}

async function cadreBatch(tx: Db, inputs: readonly AssignCadreInput[]): Promise<CadreBatch> {
  const ids = [...new Set(inputs.map((i) => i.pairingId))];
  const persons = [...new Set(inputs.map((i) => normalizeIdentityNumber(i.identityNumber)).filter((n): n is string => n !== null))].sort();
  const batch: CadreBatch = { pairings: new Map(), byPerson: new Map() };
  await advisoryLocks(
    tx,
    persons.map((p) => tupleKey('dsg-cadre', [p])),
  );
  const [found, postings] = await Promise.all([
    ids.length
      ? tx
          .select()
          .from(pairings)
          .where(sql`${pairings.id} = any(${sql.param(ids)}::text[])`)
          .for('update')
      : [],
    persons.length
      ? tx
          .select()
          .from(cadres)
          .where(sql`${cadres.identityNumber} = any(${sql.param(persons)}::text[])`)
      : [],
  ]);
  for (const p of found) batch.pairings.set(p.id, p);
  for (const c of postings) batch.byPerson.set(c.identityNumber, [...(batch.byPerson.get(c.identityNumber) ?? []), c]);
  return batch;
}

/**
 * A cadre posting's rules, pure: the pairing (its unit's editors; not voided), the lock, the
 * person, the place (the pairing's county or a village in it, at the role's level), the period
 * inside the pairing, no overlapping posting of the same person (an earlier row included). A
 * recorded key given again with other values is refused (`duplicate`): recall or void it.
 */
function checkCadre(input: AssignCadreInput, registry: RegistryFacts, batch: CadreBatch, who: Identity): CheckedDesignatedCadre {
  const pairing = batch.pairings.get(input.pairingId);
  if (!pairing) throw notFound('input.pairingId', 'pairing', input.pairingId);
  if (!canEditOrg(who, pairing.helperId)) throw forbidden(`only editors of ${pairing.helperId} may post its cadres`);
  checkNotVoided('designated pairing', pairing.id, pairing, 'input.pairingId');
  const posted = normalizeCode(input.postedCode);
  const place = posted ? registry.region(posted) : null;
  checkDesignatedUnlocked(registry, place?.code ?? posted, input.since, input.until ?? null, 'input.since');
  const personName = requiredText('input.personName', input.personName, 50);
  const identityNumber = normalizeIdentityNumber(input.identityNumber);
  if (!identityNumber)
    throw badInput('input.identityNumber', 'identity-number', 'must be an 18-character 居民身份证号 with a valid birth date and check character');
  checkCode('input.postedCode', input.postedCode);
  // A former code is read as the place it names now.
  const code = place?.code ?? posted!;
  if (!code.startsWith(pairing.helpedCode))
    throw badInput('input.postedCode', 'within-place', `must be the pairing's county ${pairing.helpedCode} or a place inside it`);
  if (!place) throw registry.unknownPlace('input.postedCode', posted!, input.postedCode);
  const level = POSTING_LEVEL[input.role];
  if (levelOf(code) !== level)
    throw badInput('input.postedCode', 'posting-level', `a ${input.role} is posted to ${level === 'COUNTY' ? 'the county itself' : 'a village'}`);
  const { until } = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
  if (input.since < pairing.since || (pairing.until !== null && (until === null || until > pairing.until))) {
    throw badInput('input.since', 'within-period', `the posting must lie inside the pairing (${pairing.since} to ${pairing.until ?? 'ongoing'})`);
  }
  const row: CheckedDesignatedCadre = {
    id: cadreId(pairing.id, identityNumber, input.since),
    pairingId: pairing.id,
    helperId: pairing.helperId,
    postedCode: code,
    role: input.role,
    personName,
    identityNumber,
    position: optionalText('input.position', input.position, 100),
    since: input.since,
    until,
    // A posting under a generated pairing is generated data too: real and demo never mix.
    demo: pairing.demo,
  };
  const others = batch.byPerson.get(identityNumber) ?? [];
  const clash = others.find((o) => o.voidedAt === null && o.id !== row.id && overlaps(o, { since: row.since, until }));
  if (clash) throw badInput('input.identityNumber', 'duplicate', `the person already holds a posting in an overlapping period (${clash.id})`);
  const recorded = others.find((o) => o.id === row.id);
  if (recorded) {
    checkNotVoided('cadre posting', recorded.id, recorded, 'input.since');
    checkSameAsRecorded(
      'cadre posting',
      'input.identityNumber',
      recorded.id,
      row,
      recorded as unknown as CheckedDesignatedCadre,
      CADRE_VALUES,
      'recall it with recallDesignatedCadre',
    );
  } else batch.byPerson.set(identityNumber, [...others, { ...row, voidedAt: null } as unknown as CadreRow]);
  return row;
}

const CADRE_VALUES = ['postedCode', 'role', 'personName', 'position', 'until'] as const;

/**
 * Designated cadre postings (`assignDesignatedCadre`), keyed on pairing, identity number and start
 * date: the posting's id. A recorded posting given again with the same values is unchanged; with
 * others it is refused (`duplicate`). The identity number is never echoed in a refusal.
 */
export const designatedCadreImport: ImportKind<AssignCadreInput, CadreBatch, CheckedDesignatedCadre, CadreRow> = {
  name: 'designated-cadres',
  subgraph: 'designated',
  channel: 'DESIGNATED',
  action: 'assignDesignatedCadre',
  entity: 'DesignatedCadre',
  key: 'pairing, identity number and start date',
  columns: [
    col({ key: 'pairingId', en: 'pairing', zh: '结对编号', type: 'id', example: 'dsg-p-…', note: 'the designated pairing id (dsg-p-…)' }),
    col({ key: 'role', en: 'role', zh: '选派类型', type: 'enum', allowed: CADRE_ROLES, example: 'FIRST_SECRETARY', note: 'decides the level of the place' }),
    col({
      key: 'postedCode',
      en: 'posted to',
      zh: '派驻地代码',
      type: 'code',
      example: '610426100201',
      note: 'the county (deputy county head) or a village inside it; a former code reads as the place it names now',
    }),
    col({ key: 'personName', en: 'name', zh: '姓名', type: 'text', example: '演示·张三', note: 'at most 50 characters' }),
    col({ key: 'identityNumber', en: 'identity number', zh: '身份证号', type: 'text', example: '610426199001011234', note: '18-character 居民身份证号' }),
    col({ key: 'position', en: 'position', zh: '原单位职务', type: 'text', required: false, example: '', note: 'at most 100 characters' }),
    ...periodColumns({ example: '2019-03-01', note: 'inside the pairing' }, { example: '2021-03-01', note: 'inside the pairing; blank: open' }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.codes.add(input.postedCode);
  },
  batchFacts: (tx, inputs) => cadreBatch(tx, inputs),
  check: checkCadre,
  keyOf: (row) => row.id,
  existing: (tx, rows) => byIds(tx, cadres, rows),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    const created = creates.length
      ? await tx
          .insert(cadres)
          .values([...creates])
          .returning()
      : [];
    await logMany(created.map((r) => ({ entity: 'DesignatedCadre', entityId: r.id, after: r })));
    return created;
  },
};

// ---- annual reports: plans and summaries -----------------------------------------------------

type Side = 'plan' | 'summary';

export interface CheckedReportSide {
  id: string;
  pairingId: string;
  year: number;
  side: Side;
  /** The side's seven measures as stored (`planFundsInvested`: '12.00', …). */
  values: Record<string, string | number>;
  demo: boolean;
  /** The pairing's county (the audit entry's place). */
  helpedCode: string;
  /** The report as recorded, locked (null: not filed yet). */
  before: ReportRow | null;
}

interface ReportBatch {
  pairings: Map<string, PairingRow>;
  reports: Map<string, ReportRow>;
}

async function reportBatch(tx: Db, inputs: readonly FileMeasuresInput[]): Promise<ReportBatch> {
  const ids = [...new Set(inputs.map((i) => i.pairingId))];
  const reportIds = [...new Set(inputs.map((i) => reportId(i.pairingId, i.year)))];
  if (!ids.length) return { pairings: new Map(), reports: new Map() };
  const [found, filed] = await Promise.all([
    tx
      .select()
      .from(pairings)
      .where(sql`${pairings.id} = any(${sql.param(ids)}::text[])`)
      .for('update'),
    tx
      .select()
      .from(reports)
      .where(sql`${reports.id} = any(${sql.param(reportIds)}::text[])`)
      .for('update'),
  ]);
  return { pairings: new Map(found.map((p) => [p.id, p])), reports: new Map(filed.map((r) => [r.id, r])) };
}

/** A measure's value as stored: money as text with two decimals, a count as a number. */
const measureValue = (m: MeasureColumn, v: string | number) => (MONEY_MEASURES.has(m) ? fromFen(toFen(String(v))) : Number(v));

/**
 * One side of an annual report, filed or revised, pure: the unit's editors; a pairing not voided,
 * valid in the year; the year not locked, a plan up to next year, a summary up to this one; every
 * measure non-negative; a report under review or approved does not change (CONFLICT `locked`);
 * `expectedVersion`, when given, the report's version.
 */
function checkReportSide(side: Side, input: FileMeasuresInput, registry: RegistryFacts, batch: ReportBatch, who: Identity): CheckedReportSide {
  const pairing = batch.pairings.get(input.pairingId);
  if (!pairing) throw notFound('input.pairingId', 'pairing', input.pairingId);
  if (!canEditOrg(who, pairing.helperId)) throw forbidden(`only editors of ${pairing.helperId} may file its reports`);
  checkNotVoided('designated pairing', pairing.id, pairing, 'input.pairingId');
  registry.checkUnlocked({ channel: 'DESIGNATED', codes: [pairing.helpedCode], years: [input.year] }, 'input.year');
  // A plan may be filed for the coming year; a summary only once its year has begun.
  checkYear('input.year', input.year, side === 'plan' ? lastYear() : currentYear());
  const { start, end } = yearBounds(input.year);
  if (pairing.since > end || (pairing.until !== null && pairing.until < start)) {
    throw badInput('input.year', 'within-period', `the pairing is not valid in ${input.year}`);
  }
  const values: Record<string, string | number> = {};
  for (const m of MEASURE_COLUMNS) {
    const field = measureField(m) as keyof FileMeasuresInput['measures'];
    const value = input.measures[field];
    if (MONEY_MEASURES.has(m)) checkMoney(`input.measures.${field}`, String(value));
    else checkCount(`input.measures.${field}`, Number(value));
    values[`${side}${m}`] = measureValue(m, value);
  }
  const id = reportId(pairing.id, input.year);
  const before = batch.reports.get(id) ?? null;
  // A voided report's year is not filed again: its id is its pairing and year.
  if (before) checkNotVoided('designated report', id, before, 'input.year');
  if (before && (before.status === 'SUBMITTED' || before.status === 'APPROVED')) {
    throw conflict(
      'input.year',
      'locked',
      `the ${input.year} report is ${before.status}: ${before.status === 'APPROVED' ? 'a coordinator must reopen it' : 'it is under review'} before it can change`,
    );
  }
  // A report not filed yet is at version 0.
  checkVersion('report', before?.version ?? 0, input.expectedVersion);
  return { id, pairingId: pairing.id, year: input.year, side, values, demo: pairing.demo, helpedCode: pairing.helpedCode, before };
}

/** The measure columns of a side, as a file names them. */
const MEASURE_HEADERS: Record<MeasureColumn, { en: string; zh: string }> = {
  FundsInvested: { en: 'funds invested', zh: '直接投入帮扶资金' },
  FundsIntroduced: { en: 'funds introduced', zh: '引进帮扶资金' },
  LocalCadresTrained: { en: 'local cadres trained', zh: '培训基层干部' },
  TechniciansTrained: { en: 'technicians trained', zh: '培训技术人员' },
  ProducePurchased: { en: 'produce purchased', zh: '购买贫困地区农产品' },
  ProduceSalesHelped: { en: 'produce sales helped', zh: '帮助销售贫困地区农产品' },
  Projects: { en: 'projects', zh: '帮扶项目' },
};

/**
 * One side of designated annual reports (`fileDesignatedPlan`, `fileDesignatedSummary`), keyed on
 * pairing and year (the report's id): a recorded report that is DRAFT or RETURNED takes the file's
 * measures (its version up by one); the same measures on a side already filed are unchanged.
 */
function reportImport(side: Side): ImportKind<FileMeasuresInput, ReportBatch, CheckedReportSide, ReportRow> {
  const filedAt = side === 'plan' ? 'planFiledAt' : 'summaryFiledAt';
  return {
    name: side === 'plan' ? 'designated-plans' : 'designated-summaries',
    subgraph: 'designated',
    channel: 'DESIGNATED',
    action: side === 'plan' ? 'fileDesignatedPlan' : 'fileDesignatedSummary',
    entity: 'DesignatedReport',
    key: 'pairing and year',
    columns: [
      col({ key: 'pairingId', en: 'pairing', zh: '结对编号', type: 'id', example: 'dsg-p-…', note: 'the designated pairing id (dsg-p-…)' }),
      col({ key: 'year', en: 'year', zh: '年度', type: 'year', example: '2019', note: side === 'plan' ? 'up to next year' : 'up to this year' }),
      ...MEASURE_COLUMNS.map((m) => {
        const money = MONEY_MEASURES.has(m);
        return col({
          key: measureField(m),
          ...MEASURE_HEADERS[m],
          type: money ? 'money' : 'integer',
          example: money ? '1000000.00' : '10',
          note: money ? 'yuan, at most two decimals' : 'a whole number',
          fields: [`input.measures.${measureField(m)}`],
        });
      }),
    ],
    input: (c: Record<string, CellValue>) => ({
      pairingId: c.pairingId as string,
      year: c.year as number,
      measures: Object.fromEntries(MEASURE_COLUMNS.map((m) => [measureField(m), c[measureField(m)]])) as unknown as FileMeasuresInput['measures'],
    }),
    needs: () => {},
    batchFacts: (tx, inputs) => reportBatch(tx, inputs),
    check: (input, registry, batch, who) => checkReportSide(side, input, registry, batch, who),
    keyOf: (row) => row.id,
    // The check found each row's report among the batch's facts (locked there).
    existing: async (_tx, rows) => new Map(rows.filter((r) => r.before).map((r) => [r.id, [r.before as ReportRow]])),
    differs: (row, e) => !e[filedAt] || Object.entries(row.values).some(([k, v]) => (e as unknown as Record<string, unknown>)[k] !== v),
    write: async ({ tx, logMany }, creates, updates) => {
      const now = new Date();
      const created = creates.length
        ? await tx
            .insert(reports)
            .values(
              creates.map((r) => ({ id: r.id, pairingId: r.pairingId, year: r.year, status: 'DRAFT' as const, ...r.values, [filedAt]: now, demo: r.demo })),
            )
            .returning()
        : [];
      let updated: ReportRow[] = [];
      if (updates.length) {
        const columns = MEASURE_COLUMNS.map((m, i) => ({ name: `m${i}`, column: `${side}${m}` as const, type: MONEY_MEASURES.has(m) ? 'numeric' : 'int' }));
        const patch = updates.map(({ row }) => ({ id: row.id, ...Object.fromEntries(columns.map((c) => [c.name, row.values[c.column]])) }));
        const set: Record<string, unknown> = { [filedAt]: now, updatedAt: now, version: sql`${reports.version} + 1` };
        for (const c of columns) set[c.column] = sql.raw(`v.${c.name}`);
        updated = await tx
          .update(reports)
          .set(set)
          .from(sql`jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(${sql.raw(['id text', ...columns.map((c) => `${c.name} ${c.type}`)].join(', '))})`)
          .where(sql`${reports.id} = v.id`)
          .returning();
      }
      const byId = new Map([...creates, ...updates.map((u) => u.row)].map((r) => [r.id, r]));
      const regions = (id: string) => [byId.get(id)!.helpedCode];
      await logMany([
        ...created.map((r) => ({ entity: 'DesignatedReport', entityId: r.id, after: r, regions: regions(r.id) })),
        ...updated.map((r) => ({ entity: 'DesignatedReport', entityId: r.id, before: byId.get(r.id)!.before, after: r, regions: regions(r.id) })),
      ]);
      return [...created, ...updated];
    },
  };
}

export const designatedPlanImport = reportImport('plan');
export const designatedSummaryImport = reportImport('summary');

/** The kinds this channel imports, with its audit log: the command's, the endpoint's and `startDesignatedImport`'s. */
export const designatedImports = (): ImportEntry[] =>
  [designatedPairingImport, designatedCadreImport, designatedPlanImport, designatedSummaryImport].map((kind) => ({
    kind: kind as ImportEntry['kind'],
    auditLog,
  }));
