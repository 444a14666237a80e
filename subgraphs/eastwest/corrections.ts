import { and, eq, ne } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { audited } from '../../lib/audit.js';
import { checkReason, correctedValues, correctRecord, voidRecord, type FieldCheck, type RecordSpec } from '../../lib/corrections.js';
import { badInput, notFound } from '../../lib/errors.js';
import { checkUnlocked } from '../../lib/locks.js';
import { checkCount, checkDateYear, checkMoney, checkYear, requiredText } from '../../lib/rules.js';
import { yearOf } from '../../lib/calendar.js';
import type { RegionFacts } from '../../lib/registry-api.js';
import type { Context, PairingRow } from './loaders.js';
import { countyInside, duplicateIf, eastWestLock, MAX_TEXT, pairingInTx, pairingRegions, regionFacts } from './resolvers.js';
import { requireEastWestOffice, requireEitherSide } from './access.js';
import type { Resolvers } from './types.generated.js';
import { eastwest } from './channel.js';
import { auditLog, fiscalAidTable, industrialProjectsTable, labourTable, meetingsTable, pairingsTable, produceTable, talentTable } from './tables.js';

/**
 * Corrections and voids of east-west records (lib/corrections.ts): `voidEastWestRecord` for any
 * record by its id's prefix, `correctEastWest…` per kind, and every record's `voided` and
 * `history`. Same access as recording: ADMIN, or an east-west office covering either side.
 */

type FlowRow = { id: number; pairingId: string; year: number; voidedAt: Date | null; voidedBy: string | null; voidReason: string | null };

/** The record an id names (its kind by its prefix, channel.ts): NOT_FOUND naming `id` for an id of no kind. */
const specOf = (id: string) => eastwest.specOf<FlowRow | PairingRow>(id, 'east-west record');

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
  return { ...row, __typename: spec.kind.entity as EastWestRecordType };
}

type EastWestRecordType =
  | 'EastWestPairing'
  | 'EastWestMeeting'
  | 'EastWestFiscalAid'
  | 'EastWestIndustrialProject'
  | 'EastWestLabourCooperation'
  | 'EastWestTalentExchange'
  | 'EastWestProducePurchase';

/** A voided record as `voidEastWestRecord` answers it: its row, and the type it is. */
export type VoidedRecord = Awaited<ReturnType<typeof voidEastWestRecord>>;

/** A flow's year corrected: within its pairing's period (rule `within-period`). */
function correctedYear(pairing: PairingRow, year: number, field: string): number {
  checkYear(field, year);
  if (yearOf(pairing.since) > year || (pairing.until !== null && yearOf(pairing.until) < year)) {
    throw badInput(field, 'within-period', `the pairing is valid from ${pairing.since} to ${pairing.until ?? 'now'}, not in ${year}`);
  }
  return year;
}

/** What a flow's field checks may read: its pairing, and the county its input names (asked of the registry before the write). */
interface Subject {
  ctx: Context;
  pairing: PairingRow;
  county: RegionFacts | null;
}

type Flow = FlowRow & { version: number } & Record<string, unknown>;
type FlowTable = typeof fiscalAidTable | typeof meetingsTable | typeof industrialProjectsTable | typeof labourTable | typeof talentTable | typeof produceTable;

/**
 * One kind of flow's correction, declared: the fields it takes (each with the rule of recording
 * it, lib/corrections.ts `correctedValues`), the rules across fields, and the columns that with
 * the pairing make it a duplicate. `correctFlow` is the one implementation of all six.
 */
interface FlowCorrection {
  prefix: string;
  table: FlowTable;
  fields: (at: Subject) => Record<string, FieldCheck>;
  /** Columns that follow the corrected ones (a meeting's year, its date's). */
  derive?: (r: Flow) => Partial<Flow>;
  /** Rules across the corrected fields. */
  check?: (r: Flow) => void;
  /** With the pairing, what makes two flows the same (rule `duplicate`), and that in words. */
  key: string[];
  duplicate: (r: Flow) => string;
  /** The input field naming a county, asked of the registry before the write. */
  county?: string;
  /** The year the corrected flow falls in, from the input (default `year`). */
  yearOf?: (input: Record<string, unknown>) => number | null;
}

const money = (v: string, field: string) => checkMoney(field, v);
const count = (v: number, field: string) => checkCount(field, v);
const text = (v: string, field: string) => requiredText(field, v, MAX_TEXT);
const same = (v: unknown) => v;
const year = (at: Subject) => (v: number, field: string) => correctedYear(at.pairing, v, field);
const county = (at: Subject) => (v: string, field: string) => countyInside(at.ctx, field, v, at.pairing, at.county);

const FLOWS: Record<string, FlowCorrection> = {
  correctEastWestFiscalAid: {
    prefix: 'ew-fiscal-',
    table: fiscalAidTable,
    fields: (at) => ({ year: year(at), stage: same, amount: money, purpose: text }),
    key: ['year', 'stage', 'purpose'],
    duplicate: (r) => `${String(r.stage).toLowerCase()} aid for “${r.purpose}” in ${r.year}`,
  },
  correctEastWestMeeting: {
    prefix: 'ew-meeting-',
    table: meetingsTable,
    fields: (at) => ({
      date: (v: string, field: string) => {
        checkDateYear(field, v);
        if (v < at.pairing.since || (at.pairing.until !== null && v > at.pairing.until))
          throw badInput(field, 'within-period', 'must fall inside the pairing’s period');
        return v;
      },
      place: text,
      attendance: same,
      agreements: (v: string[], field: string) => v.map((a, i) => requiredText(`${field}.${i}`, a, 500)),
    }),
    derive: (r) => ({ year: yearOf(r.date as string) }),
    key: ['date'],
    duplicate: (r) => `a joint meeting on ${r.date}`,
    yearOf: (input) => (typeof input.date === 'string' ? yearOf(input.date) : null),
  },
  correctEastWestIndustrialProject: {
    prefix: 'ew-project-',
    table: industrialProjectsTable,
    fields: (at) => ({ year: year(at), name: text, enterprise: text, countyCode: county(at), investment: money, jobsForPoor: count }),
    key: ['year', 'enterprise', 'name'],
    duplicate: (r) => `the project “${r.name}” of ${r.enterprise} in ${r.year}`,
    county: 'countyCode',
  },
  correctEastWestLabourCooperation: {
    prefix: 'ew-labour-',
    table: labourTable,
    fields: (at) => ({ year: year(at), fromCountyCode: county(at), workersPlaced: count, poorWorkersPlaced: count }),
    check: (r) => {
      if (Number(r.poorWorkersPlaced) > Number(r.workersPlaced)) throw badInput('input.poorWorkersPlaced', 'within-total', 'cannot exceed workersPlaced');
    },
    key: ['year', 'fromCountyCode'],
    duplicate: (r) => `labour cooperation from ${r.fromCountyCode} in ${r.year}`,
    county: 'fromCountyCode',
  },
  correctEastWestTalentExchange: {
    prefix: 'ew-talent-',
    table: talentTable,
    fields: (at) => ({ year: year(at), direction: same, kind: same, persons: count, personDays: count }),
    check: (r) => {
      if (Number(r.personDays) < Number(r.persons)) throw badInput('input.personDays', 'days-per-person', 'each person counts at least one day');
    },
    key: ['year', 'direction', 'kind'],
    duplicate: (r) => `${String(r.kind).toLowerCase()} exchange ${r.direction} in ${r.year}`,
  },
  correctEastWestProducePurchase: {
    prefix: 'ew-produce-',
    table: produceTable,
    fields: (at) => ({ year: year(at), product: text, amount: money }),
    key: ['year', 'product'],
    duplicate: (r) => `purchases of ${r.product} in ${r.year}`,
  },
};

/**
 * Correct a flow as its kind declares (`FLOWS`): the record's id checked, the reason required, the
 * lock over its year before and after asked before the transaction; inside it access, the
 * version, each field's rule, the rules across fields and the duplicate rule; logged with the reason.
 */
type CorrectionArgs<I> = { id: string; input: I; reason?: string | null; expectedVersion?: number | null };

async function correctFlow(ctx: Context, action: string, args: CorrectionArgs<Record<string, unknown>>) {
  const flow = FLOWS[action];
  const { id, input } = args;
  const spec = specOf(id);
  if (!id.startsWith(flow.prefix)) throw notFound('id', spec.kind.what, id);
  const reason = checkReason(args.reason);
  const named = flow.county ? input[flow.county] : null;
  const countyFacts = typeof named === 'string' ? await regionFacts(ctx, named) : null;
  const subject = await subjectOf(ctx, spec);
  const newYear = (flow.yearOf ?? ((i) => (typeof i.year === 'number' ? i.year : null)))(input);
  const years = subject ? [...new Set([...subject.years, ...(newYear != null ? [newYear] : [])])] : [];
  const lock = subject ? await eastWestLock(ctx, subject.pairingId, years) : null;
  spec.regions = subject ? await pairingRegions(ctx, subject.pairingId) : [];
  return audited(ctx.db, auditLog, ctx.identity, action, spec.entity, async (scope) =>
    correctRecord<Flow>(scope, spec as unknown as RecordSpec<Flow>, reason, args.expectedVersion, async (before) => {
      requireEastWestOffice(ctx.identity);
      const pairing = await pairingInTx(scope.tx, 'id', before.pairingId);
      requireEitherSide(ctx.identity, pairing.helperCode, pairing.helpedCode);
      checkUnlocked(lock, 'id');
      const checks = flow.fields({ ctx, pairing, county: countyFacts });
      const checked = correctedValues(input, before, checks);
      const after = { ...checked, ...flow.derive?.(checked) };
      flow.check?.(after);
      const t = flow.table as unknown as Record<string, AnyPgColumn> & PgTable;
      const others = await scope.tx
        .select({ voidedAt: t.voidedAt })
        .from(t)
        .where(and(eq(t.pairingId, pairing.id), ...flow.key.map((k) => eq(t[k], after[k])), ne(t.id, before.id)));
      duplicateIf(others as { voidedAt: Date | null }[], flow.duplicate(after));
      // The corrected fields and the year (a meeting's follows its date).
      return Object.fromEntries(['year', ...Object.keys(checks)].map((k) => [k, after[k]])) as Partial<Flow>;
    }),
  );
}

export const correctionResolvers: Resolvers = {
  Query: {},
  Mutation: {
    voidEastWestRecord: (_, args, ctx) => voidEastWestRecord(ctx, args.id, args.reason),
    ...Object.fromEntries(
      Object.keys(FLOWS).map((action) => [action, (_: unknown, args: CorrectionArgs<Record<string, unknown>>, ctx: Context) => correctFlow(ctx, action, args)]),
    ),
  },
  EastWestRecord: {
    __resolveType: (r) => r.__typename,
  },
};
