import { sql } from 'drizzle-orm';
import { normalizeCode } from '../../lib/codes.js';
import { badInput } from '../../lib/errors.js';
import type { Identity } from '../../lib/identity.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { cellsAsInput, col, type Column, type ImportKind, type RegistryFacts } from '../../lib/import/kind.js';
import { checkCount, checkYear } from '../../lib/rules.js';
import { checkHouseholdNumber } from './resolvers.js';
import { requireWriter } from './access.js';
import {
  auditLog,
  HOUSEHOLD_STATUSES,
  householdsTable as households,
  householdStatusesTable as statuses,
  MAX_SIZE,
  POVERTY_CAUSES,
  type HouseholdStatus,
  type PovertyCause,
} from './tables.js';
import type { FileHouseholdInput } from './types.generated.js';
import { assessmentImport, countySecretaryImport, leadingGroupImport, leadingGroupSeatImport, letterImport } from './governance-import.js';
import { cadreImport, householdPairingImport, workTeamImport, workTeamMemberImport } from './work-import.js';

/**
 * The local channel's records, as importable kinds (docs/import.md): `fileHousehold` runs these
 * checks and writes on one input (`recordOne`), an import on each row of a file. Households are
 * personal data: only an administrator or the poverty office over the village files them, and a
 * household number is never an identity number.
 */

type HouseholdRecord = typeof households.$inferSelect & { statuses: { year: number; status: HouseholdStatus }[] };

export interface CheckedHousehold {
  id: string;
  villageCode: string;
  countyCode: string;
  size: number;
  mainCause: PovertyCause;
  year: number;
  status: HouseholdStatus;
  /** The household as filed (null: a new one), with its statuses. */
  before: HouseholdRecord | null;
}

/** The households a batch names (voided ones too), locked, with their statuses: two statements. */
async function householdBatch(tx: Parameters<ImportKind['batchFacts']>[0], inputs: readonly FileHouseholdInput[]): Promise<Map<string, HouseholdRecord>> {
  const ids = [...new Set(inputs.map((i) => i.id.trim()))];
  if (!ids.length) return new Map();
  const found = await tx
    .select()
    .from(households)
    .where(sql`${households.id} = any(${sql.param(ids)}::text[])`)
    .for('update');
  const out = new Map<string, HouseholdRecord>(found.map((h) => [h.id, { ...h, statuses: [] }]));
  if (found.length) {
    const history = await tx
      .select({ householdId: statuses.householdId, year: statuses.year, status: statuses.status })
      .from(statuses)
      .where(sql`${statuses.householdId} = any(${sql.param(found.map((h) => h.id))}::text[])`)
      .orderBy(statuses.householdId, statuses.year);
    for (const s of history) out.get(s.householdId)?.statuses.push({ year: s.year, status: s.status });
  }
  return out;
}

/** A household's size: a whole number of members, 1 to 30 (rule `range`). Filing's rule and a correction's. */
export function checkHouseholdSize(field: string, size: number): number {
  checkCount(field, size);
  if (size < 1 || size > MAX_SIZE) throw badInput(field, 'range', `must be 1 to ${MAX_SIZE} members`);
  return size;
}

/**
 * A household's filing, pure: signed in, an administrator or the poverty office over the village;
 * a household number that is no identity number; a village; its size, year and first status.
 * A household filed already is unchanged when the row gives its village, size, cause and one of
 * its recorded statuses; other values are refused (`duplicate`): `setHouseholdStatus` moves a
 * status on, a void takes a wrong filing out.
 */
function checkHousehold(input: FileHouseholdInput, registry: RegistryFacts, filed: Map<string, HouseholdRecord>, who: Identity): CheckedHousehold {
  const code = normalizeCode(input.villageCode);
  const region = code ? registry.region(code) : null;
  requireWriter(who, region?.code ?? code, 'file households there');
  const id = checkHouseholdNumber('input.id', input.id);
  const village = registry.place('input.villageCode', input.villageCode);
  if (village.level !== 'VILLAGE') throw badInput('input.villageCode', 'level', `${village.name} is a ${village.level}: a household is filed in its village`);
  checkHouseholdSize('input.size', input.size);
  checkYear('input.year', input.year);
  registry.checkUnlocked({ channel: 'LOCAL', codes: [village.code], years: [input.year] }, 'input.year');
  if (input.status !== 'IDENTIFIED' && input.status !== 'NEWLY_IDENTIFIED')
    throw badInput('input.status', 'status', 'a household is filed IDENTIFIED or NEWLY_IDENTIFIED');
  const row: CheckedHousehold = {
    id,
    villageCode: village.code,
    countyCode: village.code.slice(0, 6),
    size: input.size,
    mainCause: input.mainCause,
    year: input.year,
    status: input.status,
    before: null,
  };
  const before = filed.get(id);
  if (before) {
    if (before.voidedAt) throw badInput('input.id', 'duplicate', `household ${id} was filed and voided: its number is not filed again`);
    const same =
      before.villageCode === row.villageCode &&
      before.size === row.size &&
      before.mainCause === row.mainCause &&
      before.statuses.some((s) => s.year === row.year && s.status === row.status);
    if (!same) throw badInput('input.id', 'duplicate', `household ${id} is already filed with other values: setHouseholdStatus moves its status on`);
    row.before = before;
  }
  return row;
}

/** A village column (a household's, a team's): a function declaration, ready before this module runs (work-import.ts and this one import each other). */
export function villageColumn(): Column {
  return col({
    key: 'villageCode',
    en: 'village',
    zh: '村代码',
    type: 'code',
    example: '610426100201',
    note: 'a village; a former code reads as the place it names now',
  });
}

/** Poor households (`fileHousehold`), keyed on the county household number (the record's id). */
export const householdImport: ImportKind<FileHouseholdInput, Map<string, HouseholdRecord>, CheckedHousehold, HouseholdRecord> = {
  name: 'local-households',
  subgraph: 'local',
  channel: 'LOCAL',
  action: 'fileHousehold',
  entity: 'PoorHousehold',
  key: 'household number',
  columns: [
    col({
      key: 'id',
      en: 'household number',
      zh: '户编号',
      type: 'id',
      example: '610426-0001',
      note: 'the county household number: 2 to 40 letters, digits or hyphens; never an identity number',
    }),
    villageColumn(),
    col({ key: 'size', en: 'size', zh: '家庭人口', type: 'integer', example: '4', note: `1 to ${MAX_SIZE} members` }),
    col({
      key: 'mainCause',
      en: 'main cause',
      zh: '主要致贫原因',
      type: 'enum',
      allowed: POVERTY_CAUSES,
      example: POVERTY_CAUSES[0],
      note: 'the main cause of poverty',
    }),
    col({ key: 'year', en: 'year', zh: '识别年度', type: 'year', example: '2014', note: 'the year it was identified' }),
    col({
      key: 'status',
      en: 'status',
      zh: '识别状态',
      type: 'enum',
      allowed: HOUSEHOLD_STATUSES.filter((s) => s === 'IDENTIFIED' || s === 'NEWLY_IDENTIFIED'),
      example: 'IDENTIFIED',
      note: 'IDENTIFIED or NEWLY_IDENTIFIED',
    }),
  ],
  input: cellsAsInput,
  needs: (input, into) => {
    into.codes.add(input.villageCode);
  },
  batchFacts: (tx, inputs) => householdBatch(tx, inputs),
  check: checkHousehold,
  keyOf: (row) => row.id,
  // The check found each row's household among the batch's facts (locked there).
  existing: async (_tx, rows) => new Map(rows.filter((r) => r.before).map((r) => [r.id, [r.before as HouseholdRecord]])),
  differs: () => false,
  write: async ({ tx, logMany }, creates) => {
    if (!creates.length) return [];
    const created = await tx
      .insert(households)
      .values(creates.map((r) => ({ id: r.id, villageCode: r.villageCode, countyCode: r.countyCode, size: r.size, mainCause: r.mainCause, source: 'api' })))
      .returning();
    const filed = await tx
      .insert(statuses)
      .values(creates.map((r) => ({ householdId: r.id, year: r.year, status: r.status })))
      .returning();
    const statusOf = new Map(filed.map((s) => [s.householdId, s]));
    const records = created.map((r) => ({ ...r, statuses: [statusOf.get(r.id)!] }));
    await logMany(records.map((r) => ({ entity: 'PoorHousehold', entityId: r.id, after: r })));
    return records;
  },
};

/** The kinds this channel imports, with its audit log: the command's, the endpoint's and `startLocalImport`'s. */
export const localImports = (): ImportEntry[] =>
  [
    householdImport,
    workTeamImport,
    workTeamMemberImport,
    cadreImport,
    householdPairingImport,
    countySecretaryImport,
    assessmentImport,
    leadingGroupImport,
    leadingGroupSeatImport,
    letterImport,
  ].map((kind) => ({
    kind: kind as ImportEntry['kind'],
    auditLog,
  }));
