import { and, eq, ne } from 'drizzle-orm';
import { audited } from '../../lib/audit.js';
import { checkReason, correctRecord, kindOfId, voidedOf, voidRecord, type RecordSpec } from '../../lib/corrections.js';
import { badInput, notFound } from '../../lib/errors.js';
import { historyOf } from '../../lib/history.js';
import { auditTrailField } from '../../lib/history.js';
import { checkUnlocked } from '../../lib/locks.js';
import { checkCount, checkDateYear, checkMoney, checkYear, requiredText } from '../../lib/rules.js';
import { yearOf } from '../../lib/calendar.js';
import type { RegionFacts } from '../../lib/registry-api.js';
import type { Context, FiscalAidRow, IndustrialProjectRow, LabourRow, MeetingRow, PairingRow, ProduceRow, TalentRow } from './loaders.js';
import {
  countyInside,
  duplicateIf,
  eastWestLock,
  MAX_TEXT,
  pairingInTx,
  pairingRegions,
  regionFacts,
  requireEastWestOffice,
  requireEitherSide,
} from './resolvers.js';
import type { Resolvers } from './types.generated.js';
import { auditLog, fiscalAidTable, industrialProjectsTable, labourTable, meetingsTable, pairingsTable, produceTable, talentTable } from './tables.js';

/**
 * Corrections and voids of east-west records (lib/corrections.ts): `voidEastWestRecord` for any
 * record by its id's prefix, `correctEastWest…` per kind, and every record's `voided` and
 * `history`. Same access as recording: ADMIN, or an east-west office covering either side.
 */

/** The kinds of record, by id prefix (longest first where one prefix starts another). */
const KINDS = [
  ['ewp-', { entity: 'EastWestPairing', what: 'east-west pairing', table: pairingsTable }],
  ['ew-meeting-', { entity: 'EastWestMeeting', what: 'joint meeting', table: meetingsTable }],
  ['ew-fiscal-', { entity: 'EastWestFiscalAid', what: 'fiscal aid entry', table: fiscalAidTable }],
  ['ew-project-', { entity: 'EastWestIndustrialProject', what: 'industrial project', table: industrialProjectsTable }],
  ['ew-labour-', { entity: 'EastWestLabourCooperation', what: 'labour cooperation entry', table: labourTable }],
  ['ew-talent-', { entity: 'EastWestTalentExchange', what: 'talent exchange', table: talentTable }],
  ['ew-produce-', { entity: 'EastWestProducePurchase', what: 'produce purchase', table: produceTable }],
] as const;

type Kind = (typeof KINDS)[number][1];
type FlowRow = { id: number; pairingId: string; year: number; voidedAt: Date | null; voidedBy: string | null; voidReason: string | null };

/** The record an id names: its kind and its table's key; NOT_FOUND naming `id` for an id of no kind. */
function specOf(id: string): RecordSpec<FlowRow | PairingRow> & { kind: Kind } {
  const found = kindOfId<Kind>(id, KINDS);
  if (!found) throw notFound('id', 'east-west record', id);
  const { kind, rest } = found;
  if (kind.table === pairingsTable) return { kind, table: pairingsTable, key: pairingsTable.id, keyValue: id, id, entity: kind.entity, what: kind.what };
  if (!/^\d{1,9}$/.test(rest)) throw notFound('id', kind.what, id);
  return { kind, table: kind.table, key: kind.table.id, keyValue: Number(rest), id, entity: kind.entity, what: kind.what };
}

/** The years a pairing spans (for a lock on any of them). */
function pairingYears(p: Pick<PairingRow, 'since' | 'until'>): number[] {
  const last = p.until ? yearOf(p.until) : new Date().getFullYear();
  const years: number[] = [];
  for (let y = yearOf(p.since); y <= last; y++) years.push(y);
  return years;
}

/** The pairing and years an id's record is about, read before the write (for the lock lookup). */
async function subjectOf(ctx: Context, spec: ReturnType<typeof specOf>): Promise<{ pairingId: string; years: number[] } | null> {
  if (spec.table === pairingsTable) {
    const p = await ctx.loaders.pairingById.load(spec.id);
    return p ? { pairingId: p.id, years: pairingYears(p) } : null;
  }
  const [row] = (await ctx.db.select().from(spec.table).where(eq(spec.key, spec.keyValue))) as FlowRow[];
  return row ? { pairingId: row.pairingId, years: [row.year] } : null;
}

async function voidEastWestRecord(ctx: Context, id: string, reasonInput: string | null | undefined) {
  const spec = specOf(id);
  const reason = checkReason(reasonInput);
  const subject = await subjectOf(ctx, spec);
  const lock = subject ? await eastWestLock(ctx, subject.pairingId, subject.years) : null;
  spec.regions = subject ? await pairingRegions(ctx, subject.pairingId) : [];
  const row = await audited(ctx.db, auditLog, ctx.identity, 'voidEastWestRecord', spec.entity, async (scope) =>
    voidRecord(scope, ctx.identity, spec, reason, async (before) => {
      requireEastWestOffice(ctx.identity);
      const pairing = 'pairingId' in before ? await pairingInTx(scope.tx, 'id', before.pairingId) : (before as PairingRow);
      requireEitherSide(ctx.identity, pairing.helperCode, pairing.helpedCode);
      checkUnlocked(lock, 'id');
    }),
  );
  if (spec.table === pairingsTable) ctx.loaders.pairingById.clear(id);
  return { ...row, __typename: spec.kind.entity };
}

/** A voided record as `voidEastWestRecord` answers it: its row, and the type it is. */
export type VoidedRecord = Awaited<ReturnType<typeof voidEastWestRecord>>;

/** A flow's year corrected: within its pairing's period (rule `within-period`). */
function correctedYear(pairing: PairingRow, year: number): number {
  checkYear('input.year', year);
  if (yearOf(pairing.since) > year || (pairing.until !== null && yearOf(pairing.until) < year)) {
    throw badInput('input.year', 'within-period', `the pairing is valid from ${pairing.since} to ${pairing.until ?? 'now'}, not in ${year}`);
  }
  return year;
}

/**
 * One flow correction: the record's id checked, the reason required, the lock over its year
 * before and after asked before the transaction; inside it access, the version, `change`'s rules
 * and the new values; logged with the reason.
 */
async function correctFlow<Row extends FlowRow & { version: number }>(
  ctx: Context,
  action: string,
  prefix: string,
  id: string,
  args: { reason?: string | null; expectedVersion?: number | null; input: { year?: number | null } },
  change: (before: Row, pairing: PairingRow, tx: Context['db'], county: RegionFacts | null) => Promise<Partial<Row>>,
  more: { county?: string | null; year?: number | null } = {},
): Promise<Row> {
  const spec = specOf(id);
  if (!id.startsWith(prefix)) throw notFound('id', spec.kind.what, id);
  const reason = checkReason(args.reason);
  const county = more.county != null ? await regionFacts(ctx, more.county) : null;
  const subject = await subjectOf(ctx, spec);
  const newYear = more.year ?? args.input.year;
  const years = subject ? [...new Set([...subject.years, ...(newYear != null ? [newYear] : [])])] : [];
  const lock = subject ? await eastWestLock(ctx, subject.pairingId, years) : null;
  spec.regions = subject ? await pairingRegions(ctx, subject.pairingId) : [];
  return audited(ctx.db, auditLog, ctx.identity, action, spec.entity, async (scope) =>
    correctRecord<Row>(scope, spec as unknown as RecordSpec<Row>, reason, args.expectedVersion, async (before) => {
      requireEastWestOffice(ctx.identity);
      const pairing = await pairingInTx(scope.tx, 'id', before.pairingId);
      requireEitherSide(ctx.identity, pairing.helperCode, pairing.helpedCode);
      checkUnlocked(lock, 'id');
      return change(before, pairing, scope.tx, county);
    }),
  );
}

const flowFields = (entity: string, prefix: string) => ({
  voided: (r: FlowRow) => voidedOf(r),
  history: (r: FlowRow, _: unknown, ctx: Context) => historyOf(ctx, auditLog, entity, `${prefix}${r.id}`),
});

export const correctionResolvers: Resolvers = {
  Query: {
    eastWestAuditTrail: auditTrailField(auditLog, 'eastWestAuditTrail'),
  },
  Mutation: {
    voidEastWestRecord: (_, args, ctx) => voidEastWestRecord(ctx, args.id, args.reason),
    correctEastWestFiscalAid: (_, args, ctx) =>
      correctFlow<FiscalAidRow>(ctx, 'correctEastWestFiscalAid', 'ew-fiscal-', args.id, args, async (before, pairing, tx) => {
        const { input } = args;
        const year = input.year != null ? correctedYear(pairing, input.year) : before.year;
        const stage = input.stage ?? before.stage;
        const amount = input.amount != null ? checkMoney('input.amount', input.amount) : before.amount;
        const purpose = input.purpose != null ? requiredText('input.purpose', input.purpose, MAX_TEXT) : before.purpose;
        duplicateIf(
          await tx
            .select({ id: fiscalAidTable.id, voidedAt: fiscalAidTable.voidedAt })
            .from(fiscalAidTable)
            .where(
              and(
                eq(fiscalAidTable.pairingId, pairing.id),
                eq(fiscalAidTable.year, year),
                eq(fiscalAidTable.stage, stage),
                eq(fiscalAidTable.purpose, purpose),
                ne(fiscalAidTable.id, before.id),
              ),
            ),
          `${stage.toLowerCase()} aid for “${purpose}” in ${year}`,
        );
        return { year, stage, amount, purpose };
      }),
    correctEastWestMeeting: (_, args, ctx) =>
      correctFlow<MeetingRow>(
        ctx,
        'correctEastWestMeeting',
        'ew-meeting-',
        args.id,
        { ...args, input: {} },
        async (before, pairing, tx) => {
          const { input } = args;
          const date = input.date ?? before.date;
          if (input.date != null) {
            checkDateYear('input.date', input.date);
            if (date < pairing.since || (pairing.until !== null && date > pairing.until)) {
              throw badInput('input.date', 'within-period', 'must fall inside the pairing’s period');
            }
          }
          const place = input.place != null ? requiredText('input.place', input.place, MAX_TEXT) : before.place;
          const agreements = input.agreements != null ? input.agreements.map((a, i) => requiredText(`input.agreements.${i}`, a, 500)) : before.agreements;
          duplicateIf(
            await tx
              .select({ id: meetingsTable.id, voidedAt: meetingsTable.voidedAt })
              .from(meetingsTable)
              .where(and(eq(meetingsTable.pairingId, pairing.id), eq(meetingsTable.date, date), ne(meetingsTable.id, before.id))),
            `a joint meeting on ${date}`,
          );
          return { date, year: yearOf(date), place, attendance: input.attendance ?? before.attendance, agreements };
        },
        { year: args.input.date ? yearOf(args.input.date) : null },
      ),
    correctEastWestIndustrialProject: (_, args, ctx) =>
      correctFlow<IndustrialProjectRow>(
        ctx,
        'correctEastWestIndustrialProject',
        'ew-project-',
        args.id,
        args,
        async (before, pairing, tx, county) => {
          const { input } = args;
          const year = input.year != null ? correctedYear(pairing, input.year) : before.year;
          const name = input.name != null ? requiredText('input.name', input.name, MAX_TEXT) : before.name;
          const enterprise = input.enterprise != null ? requiredText('input.enterprise', input.enterprise, MAX_TEXT) : before.enterprise;
          const countyCode = input.countyCode != null ? countyInside(ctx, 'input.countyCode', input.countyCode, pairing, county) : before.countyCode;
          const investment = input.investment != null ? checkMoney('input.investment', input.investment) : before.investment;
          const jobsForPoor = input.jobsForPoor != null ? checkCount('input.jobsForPoor', input.jobsForPoor) : before.jobsForPoor;
          duplicateIf(
            await tx
              .select({ id: industrialProjectsTable.id, voidedAt: industrialProjectsTable.voidedAt })
              .from(industrialProjectsTable)
              .where(
                and(
                  eq(industrialProjectsTable.pairingId, pairing.id),
                  eq(industrialProjectsTable.year, year),
                  eq(industrialProjectsTable.enterprise, enterprise),
                  eq(industrialProjectsTable.name, name),
                  ne(industrialProjectsTable.id, before.id),
                ),
              ),
            `the project “${name}” of ${enterprise} in ${year}`,
          );
          return { year, name, enterprise, countyCode, investment, jobsForPoor };
        },
        { county: args.input.countyCode },
      ),
    correctEastWestLabourCooperation: (_, args, ctx) =>
      correctFlow<LabourRow>(
        ctx,
        'correctEastWestLabourCooperation',
        'ew-labour-',
        args.id,
        args,
        async (before, pairing, tx, county) => {
          const { input } = args;
          const year = input.year != null ? correctedYear(pairing, input.year) : before.year;
          const fromCountyCode =
            input.fromCountyCode != null ? countyInside(ctx, 'input.fromCountyCode', input.fromCountyCode, pairing, county) : before.fromCountyCode;
          const workersPlaced = input.workersPlaced != null ? checkCount('input.workersPlaced', input.workersPlaced) : before.workersPlaced;
          const poorWorkersPlaced = input.poorWorkersPlaced != null ? checkCount('input.poorWorkersPlaced', input.poorWorkersPlaced) : before.poorWorkersPlaced;
          if (poorWorkersPlaced > workersPlaced) throw badInput('input.poorWorkersPlaced', 'within-total', 'cannot exceed workersPlaced');
          duplicateIf(
            await tx
              .select({ id: labourTable.id, voidedAt: labourTable.voidedAt })
              .from(labourTable)
              .where(
                and(
                  eq(labourTable.pairingId, pairing.id),
                  eq(labourTable.year, year),
                  eq(labourTable.fromCountyCode, fromCountyCode),
                  ne(labourTable.id, before.id),
                ),
              ),
            `labour cooperation from ${fromCountyCode} in ${year}`,
          );
          return { year, fromCountyCode, workersPlaced, poorWorkersPlaced };
        },
        { county: args.input.fromCountyCode },
      ),
    correctEastWestTalentExchange: (_, args, ctx) =>
      correctFlow<TalentRow>(ctx, 'correctEastWestTalentExchange', 'ew-talent-', args.id, args, async (before, pairing, tx) => {
        const { input } = args;
        const year = input.year != null ? correctedYear(pairing, input.year) : before.year;
        const direction = input.direction ?? before.direction;
        const kind = input.kind ?? before.kind;
        const persons = input.persons != null ? checkCount('input.persons', input.persons) : before.persons;
        const personDays = input.personDays != null ? checkCount('input.personDays', input.personDays) : before.personDays;
        if (personDays < persons) throw badInput('input.personDays', 'days-per-person', 'each person counts at least one day');
        duplicateIf(
          await tx
            .select({ id: talentTable.id, voidedAt: talentTable.voidedAt })
            .from(talentTable)
            .where(
              and(
                eq(talentTable.pairingId, pairing.id),
                eq(talentTable.year, year),
                eq(talentTable.direction, direction),
                eq(talentTable.kind, kind),
                ne(talentTable.id, before.id),
              ),
            ),
          `${kind.toLowerCase()} exchange ${direction} in ${year}`,
        );
        return { year, direction, kind, persons, personDays };
      }),
    correctEastWestProducePurchase: (_, args, ctx) =>
      correctFlow<ProduceRow>(ctx, 'correctEastWestProducePurchase', 'ew-produce-', args.id, args, async (before, pairing, tx) => {
        const { input } = args;
        const year = input.year != null ? correctedYear(pairing, input.year) : before.year;
        const product = input.product != null ? requiredText('input.product', input.product, MAX_TEXT) : before.product;
        const amount = input.amount != null ? checkMoney('input.amount', input.amount) : before.amount;
        duplicateIf(
          await tx
            .select({ id: produceTable.id, voidedAt: produceTable.voidedAt })
            .from(produceTable)
            .where(and(eq(produceTable.pairingId, pairing.id), eq(produceTable.year, year), eq(produceTable.product, product), ne(produceTable.id, before.id))),
          `purchases of ${product} in ${year}`,
        );
        return { year, product, amount };
      }),
  },
  EastWestRecord: {
    __resolveType: (r) => r.__typename,
  },
  EastWestPairing: {
    voided: (p) => voidedOf(p),
    history: (p, _, ctx) => historyOf(ctx, auditLog, 'EastWestPairing', p.id),
  },
  EastWestMeeting: flowFields('EastWestMeeting', 'ew-meeting-'),
  EastWestFiscalAid: flowFields('EastWestFiscalAid', 'ew-fiscal-'),
  EastWestIndustrialProject: flowFields('EastWestIndustrialProject', 'ew-project-'),
  EastWestLabourCooperation: flowFields('EastWestLabourCooperation', 'ew-labour-'),
  EastWestTalentExchange: flowFields('EastWestTalentExchange', 'ew-talent-'),
  EastWestProducePurchase: flowFields('EastWestProducePurchase', 'ew-produce-'),
};
