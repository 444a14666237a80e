import { sql } from 'drizzle-orm';
import { yearOf } from '../../lib/calendar.js';
import { badInput, notFound } from '../../lib/errors.js';
import type { Identity } from '../../lib/identity.js';
import type { Column, ImportKind, RegistryFacts } from '../../lib/import/kind.js';
import { checkMoney, checkYear, requiredText } from '../../lib/rules.js';
import type { PairingRow } from './loaders.js';
import { requireEastWestOffice, requireEitherSide } from './resolvers.js';

/** The longest purpose (the mutation's limit on its texts). */
const MAX_TEXT = 200;
import { auditLog, fiscalAidTable, pairingsTable, stageEnum } from './tables.js';

type Stage = (typeof stageEnum.enumValues)[number];
type FiscalAid = typeof fiscalAidTable.$inferSelect;

/** The input of `recordEastWestFiscalAid`, and of a row of a fiscal-aid file. */
export interface FiscalAidInput {
  pairingId: string;
  year: number;
  stage: Stage;
  amount: string;
  purpose: string;
}

export interface CheckedFiscalAid {
  pairingId: string;
  year: number;
  stage: Stage;
  amount: string;
  purpose: string;
  demo: boolean;
}

/**
 * The rules every flow shares, on its pairing as read (locked) in the write's transaction:
 * an east-west office of either side, the pairing valid in the year. A check that the year is
 * locked belongs here too, on facts read with the pairings.
 */
export function checkFlowPairing(who: Identity, pairings: Map<string, PairingRow>, pairingId: string, year: number): PairingRow {
  requireEastWestOffice(who);
  const pairing = pairings.get(pairingId);
  if (!pairing) throw notFound('input.pairingId', 'east-west pairing', pairingId);
  requireEitherSide(who, pairing.helperCode, pairing.helpedCode);
  checkYear('input.year', year);
  if (yearOf(pairing.since) > year || (pairing.until !== null && yearOf(pairing.until) < year)) {
    throw badInput('input.year', 'within-period', `the pairing is valid from ${pairing.since} to ${pairing.until ?? 'now'}, not in ${year}`);
  }
  return pairing;
}

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
export function checkFiscalAid(input: FiscalAidInput, _registry: RegistryFacts, pairings: Map<string, PairingRow>, who: Identity): CheckedFiscalAid {
  const pairing = checkFlowPairing(who, pairings, input.pairingId, input.year);
  const amount = checkMoney('input.amount', input.amount);
  const purpose = requiredText('input.purpose', input.purpose, MAX_TEXT);
  return { pairingId: pairing.id, year: input.year, stage: input.stage, amount, purpose, demo: pairing.demo };
}

const keyOf = (r: { pairingId: string; year: number; stage: string; purpose: string }) => JSON.stringify([r.pairingId, r.year, r.stage, r.purpose]);

const col = (c: Omit<Column, 'required' | 'fields'> & { required?: boolean }): Column => ({ required: true, fields: [`input.${c.key}`], ...c });

/** East-west fiscal aid (`recordEastWestFiscalAid`), keyed on pairing, year, stage and purpose: a recorded key updates its amount. */
export const fiscalAidImport: ImportKind<FiscalAidInput, Map<string, PairingRow>, CheckedFiscalAid, FiscalAid> = {
  name: 'eastwest-fiscal-aid',
  subgraph: 'eastwest',
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
  input: (c) => ({
    pairingId: c.pairingId as string,
    year: c.year as number,
    stage: c.stage as Stage,
    amount: c.amount as string,
    purpose: c.purpose as string,
  }),
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
          .values(creates.map((r) => ({ ...r, source: 'api' })))
          .returning()
      : [];
    let updated: FiscalAid[] = [];
    if (updates.length) {
      const patch = updates.map((u) => ({ id: u.before.id, amount: u.row.amount }));
      updated = await tx
        .update(fiscalAidTable)
        .set({ amount: sql`v.amount` })
        .from(sql`jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(id int, amount numeric)`)
        .where(sql`${fiscalAidTable.id} = v.id`)
        .returning();
    }
    const before = new Map(updates.map((u) => [u.before.id, u.before]));
    await logMany([
      ...created.map((r) => ({ entity: 'EastWestFiscalAid', entityId: `ew-fiscal-${r.id}`, after: r })),
      ...updated.map((r) => ({ entity: 'EastWestFiscalAid', entityId: `ew-fiscal-${r.id}`, before: before.get(r.id), after: r })),
    ]);
    return created;
  },
};

export { auditLog };
