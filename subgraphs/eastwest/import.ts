import { sql } from 'drizzle-orm';
import { yearOf } from '../../lib/calendar.js';
import { checkNotVoided } from '../../lib/corrections.js';
import { badInput, notFound } from '../../lib/errors.js';
import type { Identity } from '../../lib/identity.js';
import { cellsAsInput, type CellValue, col, type Column, type ImportKind, listCell, type RegistryFacts } from '../../lib/import/kind.js';
import { checkCode, checkCount, checkMoney, checkYear, requiredText } from '../../lib/rules.js';
import { levelOf } from '../../lib/codes.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { PairingRow } from './loaders.js';
import type {
  EastWestFiscalAidInput,
  EastWestIndustrialProjectInput,
  EastWestLabourInput,
  EastWestMeetingInput,
  EastWestProduceInput,
  EastWestTalentInput,
} from './types.generated.js';
import { requireEastWestOffice, requireEitherSide } from './access.js';

/** The longest purpose (the mutation's limit on its texts). */
const MAX_TEXT = 200;
import {
  attendanceEnum,
  auditLog,
  directionEnum,
  fiscalAidTable,
  industrialProjectsTable,
  labourTable,
  meetingsTable,
  pairingsTable,
  produceTable,
  stageEnum,
  talentKindEnum,
  talentTable,
} from './tables.js';

type Stage = (typeof stageEnum.enumValues)[number];
type FiscalAid = typeof fiscalAidTable.$inferSelect;

/** The input of `recordEastWestFiscalAid`, and of a row of a fiscal-aid file. */
export type FiscalAidInput = EastWestFiscalAidInput;

export interface CheckedFiscalAid {
  pairingId: string;
  year: number;
  stage: Stage;
  amount: string;
  purpose: string;
  demo: boolean;
  /** The pairing's places, for the audit entry (not a column). */
  regions: string[];
}

/**
 * The rules every flow shares, on its pairing as read (locked) in the write's transaction:
 * an east-west office of either side, a pairing that is not voided (CONFLICT `voided`), valid
 * in the year, and a year not locked on either side's place (CONFLICT `locked` naming
 * `input.year`, on the channel's locks in `registry`).
 */
export function checkFlowPairing(
  who: Identity,
  registry: RegistryFacts,
  pairings: Map<string, PairingRow>,
  pairingId: string,
  year: number,
  yearField = 'input.year',
): PairingRow {
  requireEastWestOffice(who);
  const pairing = pairings.get(pairingId);
  if (!pairing) throw notFound('input.pairingId', 'east-west pairing', pairingId);
  requireEitherSide(who, pairing.helperCode, pairing.helpedCode);
  checkNotVoided('east-west pairing', pairing.id, pairing, 'input.pairingId');
  checkYear(yearField, year);
  if (yearOf(pairing.since) > year || (pairing.until !== null && yearOf(pairing.until) < year)) {
    throw badInput(yearField, 'within-period', `the pairing is valid from ${pairing.since} to ${pairing.until ?? 'now'}, not in ${year}`);
  }
  registry.checkUnlocked({ channel: 'EAST_WEST', codes: pairingRegions(pairing), years: [year] }, yearField);
  return pairing;
}

/** The places a flow is about (the helper's home and the helped place): its lock and its audit entry's regions. */
export const pairingRegions = (pairing: Pick<PairingRow, 'helperCode' | 'helpedCode'>): string[] => [pairing.helperCode, pairing.helpedCode].sort();

/** The pairings a batch of flows names, locked until the write commits (one statement). */
export async function flowPairings(tx: Parameters<ImportKind['batchFacts']>[0], ids: readonly string[]): Promise<Map<string, PairingRow>> {
  const distinct = [...new Set(ids)];
  if (!distinct.length) return new Map();
  const rows = await tx
    .select()
    .from(pairingsTable)
    .where(sql`${pairingsTable.id} = any(${sql.param(distinct)}::text[])`)
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

/** The check of one fiscal-aid entry, for the mutation and each row of an import alike. A flow takes its pairing's demo flag. */
export function checkFiscalAid(input: FiscalAidInput, registry: RegistryFacts, pairings: Map<string, PairingRow>, who: Identity): CheckedFiscalAid {
  const pairing = checkFlowPairing(who, registry, pairings, input.pairingId, input.year);
  const amount = checkMoney('input.amount', input.amount);
  const purpose = requiredText('input.purpose', input.purpose, MAX_TEXT);
  return { pairingId: pairing.id, year: input.year, stage: input.stage, amount, purpose, demo: pairing.demo, regions: pairingRegions(pairing) };
}

const keyOf = (r: { pairingId: string; year: number; stage: string; purpose: string }) => JSON.stringify([r.pairingId, r.year, r.stage, r.purpose]);

/** East-west fiscal aid (`recordEastWestFiscalAid`), keyed on pairing, year, stage and purpose: a recorded key updates its amount. */
export const fiscalAidImport: ImportKind<FiscalAidInput, Map<string, PairingRow>, CheckedFiscalAid, FiscalAid> = {
  name: 'eastwest-fiscal-aid',
  subgraph: 'eastwest',
  channel: 'EAST_WEST',
  action: 'recordEastWestFiscalAid',
  entity: 'EastWestFiscalAid',
  key: 'pairing, year, stage and purpose',
  columns: [
    col({ key: 'pairingId', en: 'pairing', zh: '结对编号', type: 'id', example: 'ewp-gov-44-52-2016-01-01', note: 'the east-west pairing id (ewp-…)' }),
    col({ key: 'year', en: 'year', zh: '年度', type: 'year', example: '2019', note: 'a year the pairing is valid in' }),
    col({ key: 'stage', en: 'stage', zh: '阶段', type: 'enum', allowed: stageEnum.enumValues, example: 'DISBURSED', note: 'stages are never added together' }),
    col({ key: 'amount', en: 'amount', zh: '金额', type: 'money', example: '12000000.00', note: 'yuan, at most two decimals' }),
    col({ key: 'purpose', en: 'purpose', zh: '用途', type: 'text', example: '演示·产业扶贫', note: `at most ${MAX_TEXT} characters` }),
  ],
  input: cellsAsInput,
  needs: () => {},
  batchFacts: (tx, inputs) =>
    flowPairings(
      tx,
      inputs.map((i) => i.pairingId),
    ),
  check: checkFiscalAid,
  keyOf,
  existing: async (tx, rows) => {
    const found = await tx
      .select()
      .from(fiscalAidTable)
      .where(
        sql`(${fiscalAidTable.pairingId}, ${fiscalAidTable.year}, ${fiscalAidTable.stage}::text, ${fiscalAidTable.purpose}) in (
          select k->>0, (k->>1)::int, k->>2, k->>3 from jsonb_array_elements(${JSON.stringify(rows.map((r) => JSON.parse(keyOf(r))))}::jsonb) as k)`,
      );
    const byKey = new Map<string, FiscalAid[]>();
    for (const r of found) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]);
    return byKey;
  },
  differs: (row, e) => row.amount !== e.amount,
  write: async ({ tx, logMany }, creates, updates, _returning) => {
    const created = creates.length
      ? await tx
          .insert(fiscalAidTable)
          .values(creates.map(({ regions: _, ...r }) => ({ ...r, source: 'api' })))
          .returning()
      : [];
    let updated: FiscalAid[] = [];
    if (updates.length) {
      const patch = updates.map((u) => ({ id: u.before.id, amount: u.row.amount }));
      updated = await tx
        .update(fiscalAidTable)
        .set({ amount: sql`v.amount`, version: sql`${fiscalAidTable.version} + 1` })
        .from(sql`jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(id int, amount numeric)`)
        .where(sql`${fiscalAidTable.id} = v.id`)
        .returning();
    }
    const before = new Map(updates.map((u) => [u.before.id, u.before]));
    const regions = regionsByPairing([...creates, ...updates.map((u) => u.row)]);
    await logMany([
      ...created.map((r) => ({ entity: 'EastWestFiscalAid', entityId: `ew-fiscal-${r.id}`, after: r, regions: regions.get(r.pairingId) })),
      ...updated.map((r) => ({
        entity: 'EastWestFiscalAid',
        entityId: `ew-fiscal-${r.id}`,
        before: before.get(r.id),
        after: r,
        regions: regions.get(r.pairingId),
      })),
    ]);
    return created;
  },
};

/** Each pairing's places, from the checked rows of a batch (a flow names no place of its own). */
const regionsByPairing = (rows: readonly { pairingId: string; regions: string[] }[]) => new Map(rows.map((r) => [r.pairingId, r.regions]));

// ---- the other flows: one shape, one factory -------------------------------------------------

type FlowTable = typeof meetingsTable | typeof industrialProjectsTable | typeof labourTable | typeof talentTable | typeof produceTable;

/**
 * A flow kind other than fiscal aid: a pairing and a year, key columns (the table's unique key
 * after pairing and year) and value columns. `values` checks one input on its pairing (the shared
 * rules are checked first) and the registry's facts: the mutation's checks, per row.
 *
 * A flow dated by a day rather than a year (a meeting) gives `dated`: the year is the date's,
 * the file has no year column, and a refusal of the year (outside the pairing, locked) names
 * the date.
 */
interface FlowSpec<I extends { pairingId: string }, V extends Record<string, unknown>, T extends FlowTable> {
  name: string;
  action: string;
  entity: string;
  prefix: string;
  table: T;
  key: string;
  keyColumns: readonly (keyof V & string)[];
  valueColumns: readonly (keyof V & string)[];
  columns: Column[];
  needs?(input: I, into: { codes: Set<string> }): void;
  /** The input of a file's row, when its cells are not the input as they are. */
  input?(cells: Record<string, CellValue>): I;
  dated?: { field: string; yearOf(input: I): number };
  values(input: I, pairing: PairingRow, registry: RegistryFacts): V;
}

type FlowRow = { id: number; pairingId: string; year: number } & Record<string, unknown>;

const PAIRING_COLUMNS: Column[] = [
  col({ key: 'pairingId', en: 'pairing', zh: '结对编号', type: 'id', example: 'ewp-gov-44-52-2016-01-01', note: 'the east-west pairing id (ewp-…)' }),
  col({ key: 'year', en: 'year', zh: '年度', type: 'year', example: '2019', note: 'a year the pairing is valid in' }),
];

/** `R`: the rows of the kind's table, as a written flow is answered. */
function flowKind<I extends { pairingId: string }, V extends Record<string, unknown>, T extends FlowTable, R extends FlowRow = T['$inferSelect'] & FlowRow>(
  spec: FlowSpec<I, V, T>,
): ImportKind<I, Map<string, PairingRow>, V & { pairingId: string; year: number; demo: boolean; regions: string[] }, R> {
  type C = V & { pairingId: string; year: number; demo: boolean; regions: string[] };
  const table = spec.table as unknown as Record<string, AnyPgColumn> & FlowTable;
  const flows: FlowTable = spec.table;
  const keyOf = (r: Record<string, unknown>) => JSON.stringify([r.pairingId, r.year, ...spec.keyColumns.map((k) => r[k])]);
  const keyText = (r: Record<string, unknown>) => [r.pairingId, String(r.year), ...spec.keyColumns.map((k) => String(r[k]))];
  return {
    name: spec.name,
    subgraph: 'eastwest',
    channel: 'EAST_WEST',
    action: spec.action,
    entity: spec.entity,
    key: spec.key,
    columns: [...(spec.dated ? PAIRING_COLUMNS.slice(0, 1) : PAIRING_COLUMNS), ...spec.columns],
    input: (cells) => spec.input?.(cells) ?? (cells as unknown as I),
    needs: (input, into) => spec.needs?.(input, into),
    batchFacts: (tx, inputs) =>
      flowPairings(
        tx,
        inputs.map((i) => i.pairingId),
      ),
    check: (input, registry, pairings, who) => {
      const year = spec.dated ? spec.dated.yearOf(input) : (input as unknown as { year: number }).year;
      const pairing = checkFlowPairing(who, registry, pairings, input.pairingId, year, spec.dated?.field);
      return { ...spec.values(input, pairing, registry), pairingId: pairing.id, year, demo: pairing.demo, regions: pairingRegions(pairing) } as C;
    },
    keyOf,
    existing: async (tx, rows) => {
      const columns = [sql`${table.pairingId}`, sql`${table.year}::text`, ...spec.keyColumns.map((k) => sql`${table[k]}::text`)];
      const fields = columns.map((_, i) => sql`k->>${sql.raw(String(i))}`);
      const found = (await tx
        .select()
        .from(flows)
        .where(
          sql`(${sql.join(columns, sql`, `)}) in (select ${sql.join(fields, sql`, `)} from jsonb_array_elements(${JSON.stringify(rows.map(keyText))}::jsonb) as k)`,
        )) as R[];
      const byKey = new Map<string, R[]>();
      for (const r of found) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r]);
      return byKey;
    },
    differs: (row, e) => spec.valueColumns.some((k) => valueText(row[k]) !== valueText(e[k])),
    write: async ({ tx, logMany }, creates, updates) => {
      const created = creates.length
        ? ((await tx
            .insert(spec.table)
            .values(creates.map(({ regions: _, ...r }) => ({ ...r, source: 'api' })) as never)
            .returning()) as R[])
        : [];
      let updated: R[] = [];
      if (updates.length) {
        const patch = updates.map((u) => ({ id: u.before.id, ...Object.fromEntries(spec.valueColumns.map((k) => [k, u.row[k]])) }));
        const set = spec.valueColumns.map((k) => sql`${sql.identifier(snakeCase(table[k].name))} = ${patchValue(table[k], k)}`);
        await tx.execute(
          sql`update ${spec.table} set ${sql.join(set, sql`, `)}, version = ${table.version} + 1 from jsonb_array_elements(${JSON.stringify(patch)}::jsonb) as v(j)
            where ${table.id} = (v.j->>'id')::int`,
        );
        updated = (await tx
          .select()
          .from(flows)
          .where(sql`${table.id} = any(${sql.param(patch.map((p) => String(p.id)))}::int[])`)) as R[];
      }
      const before = new Map(updates.map((u) => [u.before.id, u.before]));
      const regions = regionsByPairing([...creates, ...updates.map((u) => u.row)]);
      await logMany([
        ...created.map((r) => ({ entity: spec.entity, entityId: `${spec.prefix}${r.id}`, after: r, regions: regions.get(r.pairingId) })),
        ...updated.map((r) => ({
          entity: spec.entity,
          entityId: `${spec.prefix}${r.id}`,
          before: before.get(r.id),
          after: r,
          regions: regions.get(r.pairingId),
        })),
      ]);
      return created;
    },
  };
}

/** A value as a recorded one is compared with it: a list by its items, anything else as text. */
const valueText = (v: unknown) => (Array.isArray(v) ? JSON.stringify(v) : String(v ?? ''));

/**
 * A patch's value of one column (`v.j`, a JSON object) in the column's type: a list from its
 * JSON array, an enum of the channel's schema by its qualified name.
 */
function patchValue(column: AnyPgColumn, key: string) {
  const sqlType = column.getSQLType();
  if (sqlType.endsWith('[]')) return sql`array(select jsonb_array_elements_text(v.j->${key}))::${sql.raw(sqlType)}`;
  const pgEnum = (column as { enum?: { enumName: string; schema?: string } }).enum;
  const cast = pgEnum ? sql`${sql.identifier(pgEnum.schema ?? 'public')}.${sql.identifier(pgEnum.enumName)}` : sql.raw(sqlType);
  return sql`(v.j->>${key})::${cast}`;
}

/** A column's name in the database (the tables are declared in camelCase, stored in snake_case). */
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A county named by a flow: a county inside the helped place (a former code: the place it names now). */
function countyInside(field: string, input: string, pairing: PairingRow, registry: RegistryFacts): string {
  const asked = checkCode(field, input);
  const place = registry.region(asked);
  const code = place?.code ?? asked;
  if (levelOf(code) !== 'COUNTY') throw badInput(field, 'level', 'must be a county');
  if (!code.startsWith(pairing.helpedCode)) throw badInput(field, 'within-place', `must be inside the helped place ${pairing.helpedCode}`);
  if (!place) throw registry.unknownPlace(field, asked, input);
  return code;
}

/** The longest agreement of a meeting. */
const MAX_AGREEMENT = 500;

export type MeetingInput = EastWestMeetingInput;

/**
 * Joint meetings (`recordEastWestMeeting`), keyed on pairing and day (one meeting a day). A
 * file's `agreements` cell lists them separated by `;`, `；` or a line break.
 */
export const meetingImport = flowKind({
  name: 'eastwest-meetings',
  action: 'recordEastWestMeeting',
  entity: 'EastWestMeeting',
  prefix: 'ew-meeting-',
  table: meetingsTable,
  key: 'pairing and date',
  keyColumns: ['date'],
  valueColumns: ['place', 'attendance', 'agreements'],
  columns: [
    col({ key: 'date', en: 'date', zh: '会议日期', type: 'date', example: '2019-04-02', note: 'a day inside the pairing’s period; one meeting a day' }),
    col({ key: 'place', en: 'place', zh: '会议地点', type: 'text', example: '演示·江口县', note: `at most ${MAX_TEXT} characters` }),
    col({
      key: 'attendance',
      en: 'attendance',
      zh: '参会层级',
      type: 'enum',
      allowed: attendanceEnum.enumValues,
      example: 'COUNTY_LEADERS',
      note: 'the highest level that attended',
    }),
    col({
      key: 'agreements',
      en: 'agreements',
      zh: '达成协议',
      type: 'text',
      required: false,
      example: '演示·产业合作协议；演示·劳务协作协议',
      note: `separated by ; or ； (each at most ${MAX_AGREEMENT} characters)`,
    }),
  ],
  input: (cells): MeetingInput => ({
    pairingId: cells.pairingId as string,
    date: cells.date as string,
    place: cells.place as string,
    attendance: cells.attendance as MeetingInput['attendance'],
    agreements: listCell(cells.agreements) ?? [],
  }),
  dated: { field: 'input.date', yearOf: (input: MeetingInput) => yearOf(input.date) },
  values: (input: MeetingInput, pairing) => {
    if (input.date < pairing.since || (pairing.until !== null && input.date > pairing.until)) {
      throw badInput('input.date', 'within-period', 'must fall inside the pairing’s period');
    }
    const place = requiredText('input.place', input.place, MAX_TEXT);
    const agreements = (input.agreements ?? []).map((a, i) => requiredText(`input.agreements.${i}`, a, MAX_AGREEMENT));
    return { date: input.date, place, attendance: input.attendance, agreements };
  },
});

export type IndustrialProjectInput = EastWestIndustrialProjectInput;

export const industrialProjectImport = flowKind({
  name: 'eastwest-industrial-projects',
  action: 'recordEastWestIndustrialProject',
  entity: 'EastWestIndustrialProject',
  prefix: 'ew-project-',
  table: industrialProjectsTable,
  key: 'pairing, year, enterprise and project name',
  keyColumns: ['enterprise', 'name'],
  valueColumns: ['countyCode', 'investment', 'jobsForPoor'],
  columns: [
    col({ key: 'name', en: 'name', zh: '项目名称', type: 'text', example: '演示·茶叶加工厂', note: `at most ${MAX_TEXT} characters` }),
    col({ key: 'enterprise', en: 'enterprise', zh: '企业', type: 'text', example: '演示·东部食品有限公司', note: `at most ${MAX_TEXT} characters` }),
    col({
      key: 'countyCode',
      en: 'county',
      zh: '所在县代码',
      type: 'code',
      example: '522631',
      note: 'a county inside the helped place; a former code reads as the place it names now',
    }),
    col({ key: 'investment', en: 'investment', zh: '投资额', type: 'money', example: '5000000.00', note: 'yuan' }),
    col({ key: 'jobsForPoor', en: 'jobs for poor', zh: '带动贫困人口就业', type: 'integer', example: '120', note: 'whole number' }),
  ],
  needs: (input: IndustrialProjectInput, into) => void into.codes.add(input.countyCode),
  values: (input: IndustrialProjectInput, pairing, registry) => {
    const name = requiredText('input.name', input.name, MAX_TEXT);
    const enterprise = requiredText('input.enterprise', input.enterprise, MAX_TEXT);
    const countyCode = countyInside('input.countyCode', input.countyCode, pairing, registry);
    return {
      name,
      enterprise,
      countyCode,
      investment: checkMoney('input.investment', input.investment),
      jobsForPoor: checkCount('input.jobsForPoor', input.jobsForPoor),
    };
  },
});

export type LabourInput = EastWestLabourInput;

export const labourImport = flowKind({
  name: 'eastwest-labour',
  action: 'recordEastWestLabourCooperation',
  entity: 'EastWestLabourCooperation',
  prefix: 'ew-labour-',
  table: labourTable,
  key: 'pairing, year and county of origin',
  keyColumns: ['fromCountyCode'],
  valueColumns: ['workersPlaced', 'poorWorkersPlaced'],
  columns: [
    col({ key: 'fromCountyCode', en: 'from county', zh: '输出县代码', type: 'code', example: '522631', note: 'a county inside the helped place' }),
    col({ key: 'workersPlaced', en: 'workers placed', zh: '转移就业人数', type: 'integer', example: '300', note: 'whole number' }),
    col({ key: 'poorWorkersPlaced', en: 'poor workers placed', zh: '其中贫困劳动力', type: 'integer', example: '120', note: 'at most workers placed' }),
  ],
  needs: (input: LabourInput, into) => void into.codes.add(input.fromCountyCode),
  values: (input: LabourInput, pairing, registry) => {
    const fromCountyCode = countyInside('input.fromCountyCode', input.fromCountyCode, pairing, registry);
    const workersPlaced = checkCount('input.workersPlaced', input.workersPlaced);
    const poorWorkersPlaced = checkCount('input.poorWorkersPlaced', input.poorWorkersPlaced);
    if (poorWorkersPlaced > workersPlaced) throw badInput('input.poorWorkersPlaced', 'within-total', 'cannot exceed workersPlaced');
    return { fromCountyCode, workersPlaced, poorWorkersPlaced };
  },
});

export type TalentInput = EastWestTalentInput;

export const talentImport = flowKind({
  name: 'eastwest-talent',
  action: 'recordEastWestTalentExchange',
  entity: 'EastWestTalentExchange',
  prefix: 'ew-talent-',
  table: talentTable,
  key: 'pairing, year, direction and kind',
  keyColumns: ['direction', 'kind'],
  valueColumns: ['persons', 'personDays'],
  columns: [
    col({ key: 'direction', en: 'direction', zh: '方向', type: 'enum', allowed: directionEnum.enumValues, example: 'EAST_TO_WEST', note: 'who went where' }),
    col({ key: 'kind', en: 'kind', zh: '人才类别', type: 'enum', allowed: talentKindEnum.enumValues, example: 'TEACHER', note: 'kind of talent' }),
    col({ key: 'persons', en: 'persons', zh: '人数', type: 'integer', example: '12', note: 'whole number' }),
    col({ key: 'personDays', en: 'person days', zh: '人天', type: 'integer', example: '2400', note: 'at least the persons' }),
  ],
  values: (input: TalentInput) => {
    const persons = checkCount('input.persons', input.persons);
    const personDays = checkCount('input.personDays', input.personDays);
    if (personDays < persons) throw badInput('input.personDays', 'days-per-person', 'each person counts at least one day');
    return { direction: input.direction, kind: input.kind, persons, personDays };
  },
});

export type ProduceInput = EastWestProduceInput;

export const produceImport = flowKind({
  name: 'eastwest-produce',
  action: 'recordEastWestProducePurchase',
  entity: 'EastWestProducePurchase',
  prefix: 'ew-produce-',
  table: produceTable,
  key: 'pairing, year and product',
  keyColumns: ['product'],
  valueColumns: ['amount'],
  columns: [
    col({ key: 'product', en: 'product', zh: '产品', type: 'text', example: '演示·高山茶', note: `at most ${MAX_TEXT} characters` }),
    col({ key: 'amount', en: 'amount', zh: '采购金额', type: 'money', example: '800000.00', note: 'yuan' }),
  ],
  values: (input: ProduceInput) => ({ product: requiredText('input.product', input.product, MAX_TEXT), amount: checkMoney('input.amount', input.amount) }),
});

export { auditLog };
