import { sql } from 'drizzle-orm';
import { overlaps, yearOf } from '../../lib/calendar.js';
import { zoneOf } from '../../lib/codes.js';
import { checkNotVoided, counts } from '../../lib/corrections.js';
import { isDemoName } from '../../lib/demo.js';
import { badInput, type DomainError } from '../../lib/errors.js';
import type { Identity } from '../../lib/identity.js';
import type { Db } from '../../lib/db.js';
import { rowsOf } from '../../lib/batch.js';
import { cellsAsInput, col, type ImportKind, periodColumns } from '../../lib/import/kind.js';
import { lockedByTuple, tupleKey } from '../../lib/import/locked.js';
import type { OrganizationFacts, RegionFacts } from '../../lib/registry-api.js';
import { checkCode, checkPeriod, requiredText } from '../../lib/rules.js';
import type { PairingRow } from './loaders.js';
import { requireEastWestOffice, requireEitherSide } from './access.js';
import { defaultArrangement, helpedRuleFor, lastUntilYear, levelAllowed, pairingId, pairingLevelOf, ROUNDS, roundFits, type PairingLevel } from './rules.js';
import { fiscalAidTable, industrialProjectsTable, labourTable, meetingsTable, pairingsTable, produceTable, talentTable } from './tables.js';

/** The longest arrangement (the channel's limit on its texts; a constant here, read when this module loads). */
const MAX_TEXT = 200;

/**
 * The rules of an east-west pairing, for `createEastWestPairing`, `updateEastWestPairing`,
 * `acceptEastWestSuggestion` and a file's rows (kind `eastwest-pairings`) alike.
 */

/** The input of `createEastWestPairing`, and of a row of a pairings file (`helperId`: an id, or in a file also a credit code, name or alias). */
export interface PairingInput {
  helperId: string;
  helpedCode: string;
  round: number;
  since: string;
  until?: string | null;
  arrangement?: string | null;
}

/** A new pairing's values, checked: everything but the period's clash with other pairings (`checkPairingClash`). */
export interface NewPairing {
  id: string;
  helperId: string;
  helperCode: string;
  helperLevel: PairingLevel;
  helpedCode: string;
  helpedLevel: PairingLevel;
  helpedRule: NonNullable<ReturnType<typeof helpedRuleFor>>;
  round: number;
  since: string;
  until: string | null;
  arrangement: string;
  demo: boolean;
}

/**
 * A new pairing's rules, pure, on the registry's facts: who may write at all, the helper (unknown:
 * NOT_FOUND), which sides the office covers, then the helper's and the helped place's rules and
 * the round and period. `unknownPlace`: the refusal of a code no place has (a split code's own).
 * A former code is read as the place it names now: the rules and the record use that place.
 */
export function checkNewPairing(
  who: Identity,
  input: PairingInput,
  helper: OrganizationFacts,
  helped: RegionFacts | null,
  unknownPlace: (asked: string) => DomainError,
  helperField = 'input.helperId',
): NewPairing {
  requireEastWestOffice(who);
  const asked = checkCode('input.helpedCode', input.helpedCode);
  if (!helped) throw unknownPlace(asked);
  const helpedCode = helped.code;
  const helperCode = helper.homeRegionCode;
  if (!helperCode) throw badInput(helperField, 'helper-home', `${helper.name} has no home region`);
  requireEitherSide(who, helperCode, helpedCode);

  if (helper.kind !== 'LOCAL_GOVERNMENT') throw badInput(helperField, 'helper-kind', `${helper.name} is not a local government`);
  if (zoneOf(helperCode) !== 'EAST') throw badInput(helperField, 'helper-east', `${helper.name} is not in the eastern zone`);
  const helperLevel = pairingLevelOf(helperCode);
  if (!helperLevel) throw badInput(helperField, 'helper-level', 'the helper must be a province, city or county government');
  const helpedLevel = pairingLevelOf(helpedCode);
  if (!helpedLevel) throw badInput('input.helpedCode', 'level', 'must be a province, prefecture or county');
  if (helped.functionalZone) throw badInput('input.helpedCode', 'functional-zone', `${helped.name} is a development zone, not a legal county`);
  const helpedRule = helpedRuleFor(helperCode, helpedCode);
  if (!helpedRule) {
    throw badInput(
      'input.helpedCode',
      'helped-west',
      `${helped.name} is neither western, a listed central exception, nor a 京津冀 place listed for this helper`,
    );
  }
  if (!levelAllowed(helperLevel, helpedLevel)) {
    throw badInput('input.helpedCode', 'level', `a ${helperLevel.toLowerCase()} helps places of its own level or lower, not a ${helpedLevel.toLowerCase()}`);
  }
  const period = checkPairingRound({ round: input.round, since: input.since, until: input.until ?? null });
  const arrangement =
    input.arrangement != null ? requiredText('input.arrangement', input.arrangement, MAX_TEXT) : defaultArrangement(input.round, helpedLevel, helperLevel);
  return {
    id: pairingId(helper.id, helpedCode, input.since),
    helperId: helper.id,
    helperCode,
    helperLevel,
    helpedCode,
    helpedLevel,
    helpedRule,
    round: input.round,
    ...period,
    arrangement,
    // A generated helper's pairing is generated data too: real and demo never mix.
    demo: isDemoName(helper.name),
  };
}

/** The round and period rules shared by create and update. */
export function checkPairingRound(values: { round: number; since: string; until: string | null }): { since: string; until: string | null } {
  if (!(ROUNDS as readonly number[]).includes(values.round)) throw badInput('input.round', 'round', `must be one of ${ROUNDS.join(', ')}`);
  const period = checkPeriod({ since: 'input.since', until: 'input.until' }, values, { untilLast: lastUntilYear() });
  const sinceYear = yearOf(values.since);
  if (!roundFits(values.round, sinceYear)) {
    throw badInput('input.round', 'round-period', `a pairing of round ${values.round} cannot start in ${sinceYear}`);
  }
  return period;
}

/** Refuse a period overlapping another pairing of the same helper and place that counts (`others`: that pair's pairings). */
export function checkPairingClash(
  others: readonly Pick<PairingRow, 'id' | 'since' | 'until' | 'voidedAt'>[],
  values: { since: string; until: string | null },
  selfId: string,
) {
  const clash = others.find((o) => o.voidedAt === null && o.id !== selfId && overlaps(o, values));
  if (clash) throw badInput('input.helpedCode', 'duplicate', `the same helper already helps this place in an overlapping period (${clash.id})`);
}

/** Refuse a period leaving out a year its flows are recorded in (`lastFlow`: their latest year). */
export function checkFlowsInside(lastFlow: number | null | undefined, values: { since: string; until: string | null }) {
  if (lastFlow != null && (yearOf(values.since) > lastFlow || (values.until !== null && yearOf(values.until) < lastFlow))) {
    throw badInput('input.until', 'records-outside-period', `flows are recorded for ${lastFlow}, outside the new period`);
  }
}

/** The key of a helper and a place, as the advisory lock and the batch's pairings are keyed. */
const pairKey = (helperId: string, helpedCode: string) => tupleKey('ew-pairing', [helperId, helpedCode]);

/** A batch's pairings of the helpers and places it names (voided ones too), locked, and each one's latest flow year. */
export interface PairingBatch {
  byPair: Map<string, PairingRow[]>;
  lastFlow: Map<string, number>;
}

/**
 * The pairings of the helper-place pairs a batch names (as the registry resolves them), in three
 * statements whatever the batch: an advisory lock per pair (a pairing created at the same time
 * waits), the pairs' pairings locked for update, their flows' latest years.
 */
export async function pairingBatch(tx: Db, pairs: readonly { helperId: string; helpedCode: string }[]): Promise<PairingBatch> {
  const byPair = await lockedByTuple(
    tx,
    'ew-pairing',
    pairingsTable,
    ['helperId', 'helpedCode'],
    pairs.map((p) => [p.helperId, p.helpedCode]),
  );
  const lastFlow = new Map<string, number>();
  const rows = [...byPair.values()].flat();
  if (rows.length) {
    const ids = sql.param(rows.map((r) => r.id));
    const flows = [meetingsTable, fiscalAidTable, industrialProjectsTable, labourTable, talentTable, produceTable].map(
      (t) => sql`select ${t.pairingId} as id, max(${t.year}) as y from ${t} where ${t.pairingId} = any(${ids}::text[]) and ${counts(t.voidedAt)} group by 1`,
    );
    const found = rowsOf<{ id: string; y: number }>(
      await tx.execute(sql`select id, max(y)::int as y from (${sql.join(flows, sql` union all `)}) f group by id`),
    );
    for (const f of found) lastFlow.set(f.id, f.y);
  }
  return { byPair, lastFlow };
}

/** A checked row of a pairings file (or the create mutation's input). */
export type CheckedPairing = NewPairing & { regions: string[] };

/**
 * East-west pairings (`createEastWestPairing`; a recorded key is changed as `updateEastWestPairing`
 * changes it), keyed on helper, helped place and start date: the pairing's id. A recorded pairing
 * takes the file's round, end and arrangement (a blank arrangement keeps the recorded one); a
 * voided one is refused (CONFLICT `voided`: its id cannot be taken again).
 */
export const pairingImport: ImportKind<PairingInput, PairingBatch, CheckedPairing, PairingRow> = {
  name: 'eastwest-pairings',
  subgraph: 'eastwest',
  channel: 'EAST_WEST',
  action: 'createEastWestPairing',
  entity: 'EastWestPairing',
  key: 'helper, helped place and start date',
  columns: [
    col({
      key: 'helperId',
      en: 'helper',
      zh: '帮扶方',
      type: 'organization',
      example: 'gov-3205',
      note: 'the eastern government: its id, unified social credit code, or exact name or alias',
    }),
    col({
      key: 'helpedCode',
      en: 'helped',
      zh: '受援地代码',
      type: 'code',
      example: '520621',
      note: 'a western province, prefecture or county; a former code reads as the place it names now',
    }),
    col({ key: 'round', en: 'round', zh: '批次', type: 'integer', example: '2016', note: `one of ${ROUNDS.join(', ')}` }),
    ...periodColumns({ example: '2016-12-01', note: 'the first day of the pairing' }),
    col({
      key: 'arrangement',
      en: 'arrangement',
      zh: '协作安排',
      type: 'text',
      required: false,
      example: '演示·东西部扶贫协作-2016',
      note: `at most ${MAX_TEXT} characters; blank: the round's default (a recorded pairing keeps its own)`,
    }),
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
      const helped = registry.region(i.helpedCode);
      if (helperId && helped) pairs.push({ helperId, helpedCode: helped.code });
    }
    return pairingBatch(tx, pairs);
  },
  check: (input, registry, batch, who) => {
    requireEastWestOffice(who);
    const helper = registry.organization('input.helperId', input.helperId);
    const unknownPlace = (asked: string) => registry.unknownPlace('input.helpedCode', asked, input.helpedCode);
    const values = checkNewPairing(who, input, helper, registry.region(input.helpedCode), unknownPlace);
    const key = pairKey(values.helperId, values.helpedCode);
    const pairings = batch.byPair.get(key) ?? [];
    const recorded = pairings.find((p) => p.id === values.id);
    const regions = [values.helperCode, values.helpedCode].sort();
    if (recorded) {
      // A change of a recorded pairing: the update's rules.
      checkNotVoided('east-west pairing', recorded.id, recorded, 'input.since');
      registry.checkUnlocked({ channel: 'EAST_WEST', codes: regions, years: [yearOf(recorded.since)] }, 'input.since');
      checkFlowsInside(batch.lastFlow.get(recorded.id), values);
      if (input.arrangement == null) values.arrangement = recorded.arrangement;
    }
    checkPairingClash(pairings, values, values.id);
    // Later rows of the batch see this one (a file giving two overlapping periods of one pair).
    if (!recorded) batch.byPair.set(key, [...pairings, { ...values, voidedAt: null } as unknown as PairingRow]);
    return { ...values, regions };
  },
  keyOf: (row) => row.id,
  existing: async (tx, rows) => {
    const found = await tx
      .select()
      .from(pairingsTable)
      .where(sql`${pairingsTable.id} = any(${sql.param(rows.map((r) => r.id))}::text[])`);
    return new Map(found.map((r) => [r.id, [r]]));
  },
  differs: (row, e) => row.round !== e.round || row.until !== e.until || row.arrangement !== e.arrangement,
  write: async ({ tx, logMany }, creates, updates) => {
    const created = creates.length
      ? await tx
          .insert(pairingsTable)
          .values(creates.map(({ regions: _, ...r }) => ({ ...r, source: 'api' })))
          .returning()
      : [];
    let updated: PairingRow[] = [];
    if (updates.length) {
      const patch = updates.map((u) => ({ id: u.before.id, round: u.row.round, until: u.row.until, arrangement: u.row.arrangement }));
      updated = await tx
        .update(pairingsTable)
        .set({ round: sql`v.round`, until: sql`v.until`, arrangement: sql`v.arrangement`, version: sql`${pairingsTable.version} + 1` })
        .from(sql`jsonb_to_recordset(${JSON.stringify(patch)}::jsonb) as v(id text, round int, until date, arrangement text)`)
        .where(sql`${pairingsTable.id} = v.id`)
        .returning();
    }
    const before = new Map(updates.map((u) => [u.before.id, u.before]));
    const regionsOf = (r: PairingRow) => [r.helperCode, r.helpedCode].sort();
    await logMany([
      ...created.map((r) => ({ entity: 'EastWestPairing', entityId: r.id, after: r, regions: regionsOf(r) })),
      ...updated.map((r) => ({ entity: 'EastWestPairing', entityId: r.id, before: before.get(r.id), after: r, regions: regionsOf(r) })),
    ]);
    return created;
  },
};
