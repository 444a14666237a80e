import { and, eq, ne, sql } from 'drizzle-orm';
import { checkNotVoided, checkReason, counts, kindOfId, voidedOf, voidRecord, type RecordSpec, type Voidable } from '../../lib/corrections.js';
import { checkUnlocked, type PeriodLockFacts } from '../../lib/locks.js';
import { auditTrailField, historyOf } from '../../lib/history.js';
import { audited, lockKey } from '../../lib/audit.js';
import { connectionResolvers, pagedList } from '../../lib/pagination.js';
import type { RegionLevel } from '../../lib/codes.js';
import type { Db } from '../../lib/db.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { answerWritten, checkVersion, nextVersion } from '../../lib/versions.js';
import { checkCount, checkMoney, checkPeriod, checkYear, optionalText, optionalUrl, requiredText } from '../../lib/rules.js';
import { canEditOrg, coordinates, isAdmin, isAnonymous, type Identity } from '../../lib/identity.js';
import type { OrganizationFacts } from '../../lib/registry-api.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { regionFieldKey, summaryFieldKey, type RegionFieldArgs } from '../../lib/scope.js';
import type { GraphQLResolveInfo } from 'graphql';
import { importFields, importTypeResolvers } from '../../lib/import/graphql.js';
import { recordOne } from '../../lib/import/run.js';
import { correctByKind } from '../../lib/import/correct.js';
import { militaryAssistanceImport, militaryImports, militaryProjectImport, militarySeatImport } from './import.js';

/** The arguments of a helper's or a place's list that is not scoped by place. */
type ListArgs = { year?: number | null; includeDemo?: boolean | null };
import { asksOnly, fieldsAsked, helperName, withHelperNames } from '../../lib/subgraph.js';
import {
  CORE_FIELDS,
  EMPTY_SUMMARY,
  report,
  type AssistanceRow,
  type Context,
  type KindFigures,
  type ProvinceFigures,
  type SummaryFigures,
  type SummaryKey,
  type Totals,
} from './loaders.js';
import {
  MAX_TEXT,
  assistanceTable as assistance,
  auditLog,
  leadingGroupMembershipsTable as memberships,
  projectsTable as projects,
  unitProfilesTable as profiles,
  type AssistanceKind,
} from './tables.js';
import { overlapsSql, yearOf, yearsOfPeriod } from '../../lib/calendar.js';
import type { Resolvers } from './types.generated.js';
import { demoFilterOf, type DemoFilter } from '../../lib/demo.js';

/** Organisation kinds that may give military help (the registry's military kinds). */
export const MILITARY_KINDS = ['PROVINCIAL_MILITARY_DISTRICT', 'MILITARY_SUBDISTRICT', 'PEOPLES_ARMED_FORCES_DEPARTMENT', 'ARMED_POLICE_UNIT', 'MILITARY_UNIT'];

/**
 * The territorial units and the level of government they sit beside: these are the
 * units with a leading-group seat, and the ones whose help stays inside the region they are
 * responsible for ("close to the spot"). Armed-police and other units pick targets nearby.
 */
export const UNIT_LEVEL: Record<string, RegionLevel> = {
  PROVINCIAL_MILITARY_DISTRICT: 'PROVINCE',
  MILITARY_SUBDISTRICT: 'PREFECTURE',
  PEOPLES_ARMED_FORCES_DEPARTMENT: 'COUNTY',
};

/** The levels each kind of help lands on. */
export const KIND_LEVELS: Record<AssistanceKind, RegionLevel[]> = {
  VILLAGE_PAIRING: ['VILLAGE'],
  SCHOOL: ['VILLAGE', 'TOWNSHIP', 'COUNTY'],
  VILLAGE_CLINIC: ['VILLAGE'],
  COUNTY_HOSPITAL: ['COUNTY'],
  INFRASTRUCTURE: ['VILLAGE', 'TOWNSHIP', 'COUNTY'],
  INDUSTRY: ['VILLAGE', 'TOWNSHIP', 'COUNTY'],
};
export const HELPED_LEVELS: RegionLevel[] = ['VILLAGE', 'TOWNSHIP', 'COUNTY'];

// ---- the sensitivity rule (see schema.graphql, Query) -------------------------------------

/** May `who` see personnel figures and internals of help by `helperId` to `helpedCode`? */
export function seesRecordInternals(who: Identity, helperId: string, helpedCode: string): boolean {
  return isAdmin(who) || canEditOrg(who, helperId) || coordinates(who, helpedCode);
}

/** Personnel totals of a place: ADMIN, or a coordinator covering all of it (no containing places counted). */
function seesPlaceTotals(who: Identity, code: string, includeAncestors: boolean): boolean {
  return isAdmin(who) || (!includeAncestors && coordinates(who, code));
}

export interface VisibleTotals extends Totals {
  personnelVisible: boolean;
}
const visible = (totals: Totals, personnelVisible: boolean): VisibleTotals => ({ ...totals, personnelVisible });
const visibleKinds = (kinds: KindFigures[], personnelVisible: boolean) => kinds.map((k) => ({ ...k, totals: visible(k.totals, personnelVisible) }));
const visibleSummary = (s: SummaryFigures, personnelVisible: boolean) => ({
  ...s,
  totals: visible(s.totals, personnelVisible),
  byKind: visibleKinds(s.byKind, personnelVisible),
});

// ---- aggregates and their demo parts (lib/demo.ts) ------------------------------------------

/** A place's summary as served: its figures, and the key its demo part is read with. */
export interface SummaryOut extends ReturnType<typeof visibleSummary> {
  region: { code: string };
  year: number | null;
  key: SummaryKey;
  personnelVisible: boolean;
}

/** Does a summary's query ask for distinct counts or kinds (else one lean statement serves it)? */
function summaryDetail(info: GraphQLResolveInfo): boolean {
  const asked = fieldsAsked(info, 'MilitarySummary');
  return !asked || ['placesHelped', 'villagesHelped', 'units', 'byKind'].some((f) => asked.has(f));
}

function summaryOut(code: string, key: SummaryKey, figures: SummaryFigures, personnelVisible: boolean): SummaryOut {
  return { region: { code }, year: key.year, key, personnelVisible, ...visibleSummary(figures, personnelVisible) };
}

/** The report as served, with the records it was computed over (for its demo part). */
export type ReportOut = ReturnType<typeof reportOut>;
function reportOut(ctx: Context, year: number | null, demo: DemoFilter, rows: ProvinceFigures[]) {
  const national = rows.find((r) => r.provinceCode === null) ?? { provinceCode: null, ...EMPTY_SUMMARY };
  return {
    year,
    demoFilter: demo,
    national: { province: null, ...visibleSummary(national, isAdmin(ctx.identity)) },
    provinces: rows
      .filter((r) => r.provinceCode !== null)
      .map((r) => ({ province: { code: r.provinceCode }, ...visibleSummary(r, seesPlaceTotals(ctx.identity, r.provinceCode!, false)) })),
  };
}

// ---- validation ------------------------------------------------------------------------

/** The unit must exist and be of a military kind. */
export function requireUnit(field: string, id: string, unit: OrganizationFacts | null): OrganizationFacts {
  if (!unit) throw notFound(field, 'organisation', id);
  if (!MILITARY_KINDS.includes(unit.kind)) {
    throw badInput(field, 'helper-kind', `${unit.name} is a ${unit.kind}, not a military or armed-police unit`);
  }
  return unit;
}

interface ProjectFigures {
  funds: string;
  householdsReached: number;
  peopleReached: number;
  personnelSent: number;
  officers: number;
  soldiers: number;
}

export function checkProjectFigures(f: ProjectFigures) {
  checkMoney('input.funds', f.funds);
  checkCount('input.householdsReached', f.householdsReached);
  checkCount('input.peopleReached', f.peopleReached);
  checkCount('input.personnelSent', f.personnelSent);
  checkCount('input.officers', f.officers);
  checkCount('input.soldiers', f.soldiers);
  if (f.officers + f.soldiers > f.personnelSent) {
    throw badInput('input.personnelSent', 'personnel-breakdown', 'must be at least officers + soldiers');
  }
}

export function checkProjectYear(year: number, record: AssistanceRow) {
  checkYear('input.year', year);
  if (year < yearOf(record.since) || (record.until !== null && year > yearOf(record.until))) {
    throw badInput('input.year', 'within-period', `must fall inside the record's period (${record.since} to ${record.until ?? 'ongoing'})`);
  }
}

async function checkNoDuplicateAssistance(
  tx: Db,
  r: { helperId: string; helpedCode: string; kind: AssistanceKind; since: string; until: string | null },
  selfId: string | null,
) {
  await lockKey(tx, `mil-assistance|${r.helperId}|${r.helpedCode}|${r.kind}`);
  const clash = await tx
    .select({ id: assistance.id })
    .from(assistance)
    .where(
      and(
        eq(assistance.helperId, r.helperId),
        eq(assistance.helpedCode, r.helpedCode),
        eq(assistance.kind, r.kind),
        counts(assistance.voidedAt),
        overlapsSql(assistance.since, assistance.until, { since: r.since, until: r.until }),
        selfId ? ne(assistance.id, selfId) : undefined,
      ),
    )
    .limit(1);
  if (clash.length) {
    throw badInput('input', 'duplicate', `${clash[0].id} already records this unit helping this place in this way in an overlapping period`);
  }
}

async function snapshotAssistance(tx: Db, id: string) {
  const [row] = await tx.select().from(assistance).where(eq(assistance.id, id));
  return row ?? null;
}

/**
 * A record read to be changed, or checked against a change of its projects: locked until the
 * write commits, so a write at the same time waits and then reads what this one wrote (the
 * audit's `before` is the row actually replaced; no project lands outside a period being moved).
 */
async function lockedAssistance(tx: Db, id: string) {
  const [row] = await tx.select().from(assistance).where(eq(assistance.id, id)).for('update');
  return row ?? null;
}

/**
 * The lock in force (lib/locks.ts) over a military record on `code` in `years`: one registry
 * call before the write's transaction; none for an anonymous caller (refused first) or no place.
 */
async function militaryLock(ctx: Context, code: string | null | undefined, years: number[]): Promise<PeriodLockFacts | null> {
  if (!code || isAnonymous(ctx.identity)) return null;
  return ctx.registry.periodLock({ channel: 'MILITARY', codes: [code], years });
}

/** Refuse anonymous writers first, whatever else is wrong with the input. */
export function requireWriter(who: Identity) {
  if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
}

// ---- resolvers -------------------------------------------------------------------------

const regionArgs = (args: RegionFieldArgs) => ({
  year: args.year ?? null,
  includeDescendants: args.includeDescendants ?? false,
  includeAncestors: args.includeAncestors ?? false,
  includeDemo: args.includeDemo,
});

/** The kinds this channel imports (docs/import.md), and their GraphQL fields. */
const imports = importFields(() => militaryImports());

export const resolvers: Resolvers = {
  ...importTypeResolvers,
  ...scalarResolvers,
  AuditEntryConnection: connectionResolvers,
  MilitaryAssistanceConnection: connectionResolvers,
  LeadingGroupMembershipConnection: connectionResolvers,
  Query: {
    militaryImport: imports.read,
    militaryAuditTrail: auditTrailField(auditLog, 'militaryAuditTrail'),
    militaryLeadingGroupMembership: (_, { id }, ctx) => ctx.loaders.membershipById.load(id),
    militaryAssistance: (_, { id }, ctx) => ctx.loaders.assistanceById.load(id),
    militaryReport: async (_, { year, includeDemo }, ctx) => {
      if (year != null) checkYear('year', year);
      const demo = demoFilterOf(includeDemo);
      return reportOut(ctx, year ?? null, demo, await report(ctx.db, year ?? null, demo));
    },
  },
  Mutation: {
    startMilitaryImport: imports.start,
    recordLeadingGroupMembership: async (_, { input }, ctx) => {
      const row = await recordOne(ctx, militarySeatImport, auditLog, input, (e) =>
        badInput('input', 'duplicate', `${(e as { id: string }).id} already records this seat in an overlapping period`),
      );
      return present(await ctx.loaders.membershipById.load(row.id), 'id', 'leading-group seat', row.id);
    },

    endLeadingGroupMembership: async (_, { id, until }, ctx) => {
      const who = ctx.identity;
      await audited(ctx.db, auditLog, who, 'endLeadingGroupMembership', 'LeadingGroupMembership', async ({ tx, log }) => {
        requireWriter(who);
        const [before] = await tx.select().from(memberships).where(eq(memberships.id, id)).for('update');
        if (!before) throw notFound('id', 'leading-group membership', id);
        if (!canEditOrg(who, before.unitId) && !coordinates(who, before.regionCode)) throw forbidden(`you may not end ${id}`);
        checkNotVoided('leading-group seat', id, before);
        if (before.until !== null) throw badInput('id', 'already-ended', `already ended on ${before.until}`);
        checkPeriod({ since: 'since', until: 'until' }, { since: before.since, until });
        const [after] = await tx.update(memberships).set({ until }).where(eq(memberships.id, id)).returning();
        await log({ entity: 'LeadingGroupMembership', entityId: id, before, after });
      });
      ctx.loaders.membershipById.clear(id);
      return present(await ctx.loaders.membershipById.load(id), 'id', 'leading-group seat', id);
    },

    correctLeadingGroupMembership: async (_, { id, input, reason, expectedVersion }, ctx) => {
      const current = await ctx.loaders.membershipById.load(id);
      const seatYears = (r: { since: string; until: string | null }) => yearsOfPeriod(r.since, r.until);
      const written = await correctByKind(ctx, militarySeatImport, auditLog, {
        action: 'correctLeadingGroupMembership',
        spec: { table: memberships, key: memberships.id, keyValue: id, id, entity: 'LeadingGroupMembership', what: 'leading-group seat' },
        current,
        reason,
        expectedVersion,
        // The unit and the region are what the seat is; its period is corrected.
        inputOf: (r) => ({
          unitId: r.unitId,
          regionCode: r.regionCode,
          since: input.since ?? r.since,
          until: Object.hasOwn(input, 'until') ? (input.until ?? null) : r.until,
        }),
        lockOf: (r) => ({ channel: 'MILITARY', codes: [r.regionCode], years: seatYears(r) }),
        check: (seatInput, registry, byPair, before) => {
          // The seat's own row does not clash with it: the others of its unit and region only.
          const others = new Map([...byPair].map(([k, rows]) => [k, rows.filter((r) => r.id !== before.id)]));
          const seat = militarySeatImport.check(seatInput, registry, others, ctx.identity);
          registry.checkUnlocked({ channel: 'MILITARY', codes: [seat.regionCode], years: seatYears(seat) }, 'id');
          return { since: seat.since, until: seat.until };
        },
      });
      return answerWritten(ctx.loaders.membershipById, id, written);
    },

    createMilitaryAssistance: async (_, { input }, ctx) => {
      const row = await recordOne(ctx, militaryAssistanceImport, auditLog, input, (e) =>
        badInput('input', 'duplicate', `${(e as { id: string }).id} already records this unit helping this place in this way in an overlapping period`),
      );
      return present(await ctx.loaders.assistanceById.load(row.id), 'id', 'military assistance record', row.id);
    },

    updateMilitaryAssistance: async (_, { id, input, reason: reasonInput }, ctx) => {
      const who = ctx.identity;
      const reason = reasonInput != null ? checkReason(reasonInput) : null;
      const current = await ctx.loaders.assistanceById.load(id);
      const lock = current ? await militaryLock(ctx, current.helpedCode, yearsOfPeriod(input.since ?? current.since, current.until)) : null;
      const written = await audited(ctx.db, auditLog, who, 'updateMilitaryAssistance', 'MilitaryAssistance', async ({ tx, log }) => {
        requireWriter(who);
        const before = await lockedAssistance(tx, id);
        if (!before) throw notFound('id', 'military assistance record', id);
        if (!seesRecordInternals(who, before.helperId, before.helpedCode)) throw forbidden(`you may not change ${id}`);
        checkNotVoided('military assistance record', id, before);
        checkUnlocked(lock, 'id');
        checkVersion('record', before.version, input.expectedVersion);
        const set: Partial<typeof assistance.$inferInsert> = {};
        if (input.siteName !== undefined) set.siteName = optionalText('input.siteName', input.siteName, MAX_TEXT);
        if (input.internalNote !== undefined) set.internalNote = optionalText('input.internalNote', input.internalNote, MAX_TEXT);
        if (input.evidenceUrl !== undefined) set.evidenceUrl = optionalUrl('input.evidenceUrl', input.evidenceUrl);
        if (input.since != null) {
          checkYear('input.since', yearOf(input.since));
          if (before.until !== null && input.since > before.until) {
            throw badInput('input.since', 'period', `must not be after the record's end (${before.until})`);
          }
          const [outside] = await tx
            .select({ year: projects.year })
            .from(projects)
            .where(and(eq(projects.assistanceId, id), sql`${projects.year} < ${yearOf(input.since)}`))
            .limit(1);
          if (outside) throw badInput('input.since', 'records-outside-period', `a project of ${outside.year} would fall before the record's start`);
          await checkNoDuplicateAssistance(tx, { ...before, since: input.since }, id);
          set.since = input.since;
        }
        const [after] = await tx
          .update(assistance)
          .set({ ...set, version: nextVersion(before.version), updatedAt: new Date() })
          .where(eq(assistance.id, id))
          .returning();
        await log({ entity: 'MilitaryAssistance', entityId: id, before, after, reason });
        return after;
      });
      return answerWritten(ctx.loaders.assistanceById, id, written);
    },

    endMilitaryAssistance: async (_, { id, until, reason: reasonInput }, ctx) => {
      const who = ctx.identity;
      const reason = reasonInput != null ? checkReason(reasonInput) : null;
      const current = await ctx.loaders.assistanceById.load(id);
      const lock = current ? await militaryLock(ctx, current.helpedCode, yearsOfPeriod(current.since, until)) : null;
      await audited(ctx.db, auditLog, who, 'endMilitaryAssistance', 'MilitaryAssistance', async ({ tx, log }) => {
        requireWriter(who);
        const before = await lockedAssistance(tx, id);
        if (!before) throw notFound('id', 'military assistance record', id);
        if (!seesRecordInternals(who, before.helperId, before.helpedCode)) throw forbidden(`you may not end ${id}`);
        checkNotVoided('military assistance record', id, before);
        checkUnlocked(lock, 'id');
        if (before.until !== null) throw badInput('id', 'already-ended', `already ended on ${before.until}`);
        checkPeriod({ since: 'since', until: 'until' }, { since: before.since, until });
        const [outside] = await tx
          .select({ year: projects.year })
          .from(projects)
          .where(and(eq(projects.assistanceId, id), sql`${projects.year} > ${yearOf(until)}`))
          .limit(1);
        if (outside) throw badInput('until', 'records-outside-period', `a project of ${outside.year} would fall after the record's end`);
        await tx
          .update(assistance)
          .set({ until, version: sql`${assistance.version} + 1`, updatedAt: new Date() })
          .where(eq(assistance.id, id));
        await log({ entity: 'MilitaryAssistance', entityId: id, before, after: await snapshotAssistance(tx, id), reason });
      });
      ctx.loaders.assistanceById.clear(id);
      return present(await ctx.loaders.assistanceById.load(id), 'id', 'military assistance record', id);
    },

    recordMilitaryProject: async (_, { input }, ctx) => {
      const row = await recordOne(ctx, militaryProjectImport, auditLog, input, (e) =>
        badInput(
          'input.name',
          'duplicate',
          `${(e as { id: string }).id} records a project of this name in ${input.year} already: correct it with updateMilitaryProject`,
        ),
      );
      return present(await ctx.loaders.projectById.load(row.id), 'id', 'military project', row.id);
    },

    updateMilitaryProject: async (_, { id, input, reason: reasonInput }, ctx) => {
      const who = ctx.identity;
      const reason = reasonInput != null ? checkReason(reasonInput) : null;
      const current = await ctx.loaders.projectById.load(id);
      const lock = current ? await militaryLock(ctx, current.helpedCode, [current.year]) : null;
      const written = await audited(ctx.db, auditLog, who, 'updateMilitaryProject', 'MilitaryProject', async ({ tx, log }) => {
        requireWriter(who);
        const [before] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
        if (!before) throw notFound('id', 'military project', id);
        const record = (await snapshotAssistance(tx, before.assistanceId))!;
        if (!seesRecordInternals(who, record.helperId, record.helpedCode)) throw forbidden(`you may not change ${id}`);
        checkNotVoided('military project', id, before);
        checkUnlocked(lock, 'id');
        checkVersion('project', before.version, input.expectedVersion);
        const name = input.name !== undefined ? requiredText('input.name', input.name, MAX_TEXT) : before.name;
        const merged: ProjectFigures = {
          funds: input.funds ?? before.funds,
          householdsReached: input.householdsReached ?? before.householdsReached,
          peopleReached: input.peopleReached ?? before.peopleReached,
          personnelSent: input.personnelSent ?? before.personnelSent,
          officers: input.officers ?? before.officers,
          soldiers: input.soldiers ?? before.soldiers,
        };
        checkProjectFigures(merged);
        const [after] = await tx
          .update(projects)
          .set({ ...merged, name, version: nextVersion(before.version) })
          .where(eq(projects.id, id))
          .returning();
        await log({ entity: 'MilitaryProject', entityId: id, before, after, reason, regions: [record.helpedCode] });
        return { ...after, helperId: record.helperId, helpedCode: record.helpedCode };
      });
      return answerWritten(ctx.loaders.projectById, id, written);
    },

    voidMilitaryRecord: async (_, { id, reason: reasonInput }, ctx) => {
      const reason = checkReason(reasonInput);
      return voidMilitary(ctx, kindOfId<MilitaryKind>(id, MILITARY_PREFIXES)?.kind ?? 'profile', id, reason);
    },

    setMilitaryUnitProfile: async (_, { unitId, input }, ctx) => {
      const who = ctx.identity;
      const unit = await ctx.registry.organization(unitId);
      const written = await audited(ctx.db, auditLog, who, 'setMilitaryUnitProfile', 'MilitaryUnitProfile', async ({ tx, log }) => {
        requireWriter(who);
        if (!canEditOrg(who, unitId) && !(unit?.homeRegionCode && coordinates(who, unit.homeRegionCode))) {
          throw forbidden(`you may not set the internals of ${unitId}`);
        }
        requireUnit('unitId', unitId, unit);
        const [before] = await tx.select().from(profiles).where(eq(profiles.unitId, unitId)).for('update');
        if (before) checkNotVoided('military unit profile', unitId, before, 'unitId');
        // A unit with no profile yet is at version 0.
        checkVersion('profile', before?.version ?? 0, input.expectedVersion);
        const values = {
          designation: input.designation !== undefined ? optionalText('input.designation', input.designation, MAX_TEXT) : (before?.designation ?? null),
          internalNote: input.internalNote !== undefined ? optionalText('input.internalNote', input.internalNote, MAX_TEXT) : (before?.internalNote ?? null),
        };
        const [after] = await tx
          .insert(profiles)
          .values({ unitId, ...values, source: 'api' })
          .onConflictDoUpdate({ target: profiles.unitId, set: { ...values, version: sql`${profiles.version} + 1`, updatedAt: new Date() } })
          .returning();
        await log({ entity: 'MilitaryUnitProfile', entityId: unitId, before: before ?? null, after });
        return after;
      });
      return answerWritten(ctx.loaders.profile, unitId, written);
    },
  },

  Region: {
    __resolveReference: (ref) => ({ code: ref.code }),
    ...pagedList('militaryAssistance', async (r: { code: string }, args: RegionFieldArgs, ctx: Context, info: GraphQLResolveInfo) =>
      withHelperNames(await ctx.loaders.regionAssistance.load({ ...regionFieldKey(r.code, regionArgs(args)), core: asksOnly(info, CORE_FIELDS) }), ctx, info),
    ),
    militarySummary: async (r, args, ctx, info) => {
      const key = { ...summaryFieldKey(r.code, args), detail: summaryDetail(info) };
      return summaryOut(r.code, key, await ctx.loaders.regionSummary.load(key), seesPlaceTotals(ctx.identity, r.code, args.includeAncestors ?? false));
    },
    ...pagedList('militaryLeadingGroupMembers', (r: { code: string }, { year, includeDemo }: ListArgs, ctx: Context) =>
      ctx.loaders.regionMembers.load({ id: r.code, year: year ?? null, demo: demoFilterOf(includeDemo) }),
    ),
  },

  Organization: {
    __resolveReference: (ref) => ({ id: ref.id }),
    name: helperName,
    ...pagedList('militaryAssistance', (o: { id: string }, { year, includeDemo }: ListArgs, ctx: Context) =>
      ctx.loaders.helperAssistance.load({ id: o.id, year: year ?? null, demo: demoFilterOf(includeDemo) }),
    ),
    ...pagedList('leadingGroupMemberships', (o: { id: string }, { year, includeDemo }: ListArgs, ctx: Context) =>
      ctx.loaders.unitMembers.load({ id: o.id, year: year ?? null, demo: demoFilterOf(includeDemo) }),
    ),
    militaryUnit: (o, _, ctx) => ctx.loaders.profile.load(o.id),
  },

  MilitaryRecord: {
    __resolveType: (r) =>
      'assistanceId' in r ? 'MilitaryProject' : 'regionCode' in r ? 'LeadingGroupMembership' : 'unitId' in r ? 'MilitaryUnitProfile' : 'MilitaryAssistance',
  },
  MilitaryAssistance: {
    voided: (r: AssistanceRow) => (r.voidedAt ? voidedOf(r) : null),
    history: (r: { id: string }, _: unknown, ctx: Context) => historyOf(ctx, auditLog, 'MilitaryAssistance', r.id),
    channel: () => 'MILITARY',
    helper: (r) => ({ id: r.helperId }),
    helped: (r) => ({ code: r.helpedCode }),
    projects: (r, { year }, ctx) => ctx.loaders.projects.load({ id: r.id, year: year ?? null }),
    totals: async (r, { year }, ctx) =>
      visible(await ctx.loaders.totals.load({ id: r.id, year: year ?? null }), seesRecordInternals(ctx.identity, r.helperId, r.helpedCode)),
    internalNote: (r, _, ctx) => (seesRecordInternals(ctx.identity, r.helperId, r.helpedCode) ? r.internalNote : null),
    // A record read as a list's core has no version: read whole then.
    version: async (r: AssistanceRow, _: unknown, ctx: Context) => r.version ?? (await ctx.loaders.assistanceById.load(r.id))?.version,
  },

  MilitaryProject: {
    voided: (r: Voidable) => (r.voidedAt ? voidedOf(r) : null),
    history: (r: { id: string }, _: unknown, ctx: Context) => historyOf(ctx, auditLog, 'MilitaryProject', r.id),
    assistance: async (p, _, ctx) => present(await ctx.loaders.assistanceById.load(p.assistanceId), 'assistance', 'military assistance record', p.assistanceId),
    personnelSent: (p, _, ctx) => (seesRecordInternals(ctx.identity, p.helperId, p.helpedCode) ? p.personnelSent : null),
    officers: (p, _, ctx) => (seesRecordInternals(ctx.identity, p.helperId, p.helpedCode) ? p.officers : null),
    soldiers: (p, _, ctx) => (seesRecordInternals(ctx.identity, p.helperId, p.helpedCode) ? p.soldiers : null),
  },

  MilitarySummary: {
    /** The same figures over the demo records (none inside a real-only read); null inside a demo part. */
    demo: async (s, _, ctx, info) => {
      if (s.key.demo === 'demo') return null;
      const key: SummaryKey = { ...s.key, demo: 'demo', detail: summaryDetail(info) };
      const figures = s.key.demo === 'real' ? EMPTY_SUMMARY : await ctx.loaders.regionSummary.load(key);
      return summaryOut(s.region.code, key, figures, s.personnelVisible);
    },
  },

  MilitaryReport: {
    /** The same report over the demo records (none inside a real-only report); null inside a demo part. */
    demo: async (r, _, ctx) => {
      if (r.demoFilter === 'demo') return null;
      return reportOut(ctx, r.year, 'demo', r.demoFilter === 'real' ? [] : await report(ctx.db, r.year, 'demo'));
    },
  },

  MilitaryTotals: {
    personnelSent: (t) => (t.personnelVisible ? t.personnelSent : null),
    officers: (t) => (t.personnelVisible ? t.officers : null),
    soldiers: (t) => (t.personnelVisible ? t.soldiers : null),
  },

  LeadingGroupMembership: {
    voided: (r: Voidable) => voidedOf(r),
    history: (r: { id: string }, _: unknown, ctx: Context) => historyOf(ctx, auditLog, 'LeadingGroupMembership', r.id),
    unit: (m) => ({ id: m.unitId }),
    region: (m) => ({ code: m.regionCode }),
  },

  MilitaryUnitProfile: {
    voided: (r: Voidable) => voidedOf(r),
    history: (r: { unitId: string }, _: unknown, ctx: Context) => historyOf(ctx, auditLog, 'MilitaryUnitProfile', r.unitId),
    unit: (p) => ({ id: p.unitId }),
    designation: async (p, _, ctx) => ((await seesUnitInternals(ctx, p.unitId)) ? p.designation : null),
    internalNote: async (p, _, ctx) => ((await seesUnitInternals(ctx, p.unitId)) ? p.internalNote : null),
  },
};

/**
 * A unit's internals: ADMIN, the unit's EDITORs, or a coordinator covering the region the unit
 * is responsible for (asked of the registry, batched, and only for coordinators).
 */
async function seesUnitInternals(ctx: Context, unitId: string): Promise<boolean> {
  const who = ctx.identity;
  if (isAdmin(who) || canEditOrg(who, unitId)) return true;
  if (who.role !== 'COORDINATOR') return false;
  const unit = await ctx.registry.organization(unitId);
  return !!unit?.homeRegionCode && coordinates(who, unit.homeRegionCode);
}

type MilitaryKind = 'assistance' | 'project' | 'seat' | 'profile';

/** The records `voidMilitaryRecord` takes, by id prefix; any other id is a unit's, naming its profile. */
const MILITARY_PREFIXES = [
  ['mil-a-', 'assistance'],
  ['mil-p-', 'project'],
  ['mil-lg-', 'seat'],
] as const;

type MilitaryVoidable = Voidable & { helperId?: string; helpedCode?: string; assistanceId?: string; unitId?: string; regionCode?: string };

/**
 * Void one military record (lib/corrections.ts `voidRecord`): its place and years read first for
 * the lock lookup (a profile has none), then inside the write the access of changing it.
 */
async function voidMilitary(ctx: Context, kind: MilitaryKind, id: string, reason: string) {
  const who = ctx.identity;
  const l = ctx.loaders;
  let spec: RecordSpec<MilitaryVoidable>;
  let lock: PeriodLockFacts | null = null;
  // A profile's place: the unit's responsible region, asked of the registry before the write.
  let home: string | null = null;
  if (kind === 'assistance' || kind === 'project') {
    const [record, project] = kind === 'project' ? [null, await l.projectById.load(id)] : [await l.assistanceById.load(id), null];
    const place = record?.helpedCode ?? project?.helpedCode;
    lock = await militaryLock(ctx, place, record ? yearsOfPeriod(record.since, record.until) : project ? [project.year] : []);
    spec =
      kind === 'project'
        ? { table: projects, key: projects.id, keyValue: id, id, entity: 'MilitaryProject', what: 'military project', regions: place ? [place] : [] }
        : { table: assistance, key: assistance.id, keyValue: id, id, entity: 'MilitaryAssistance', what: 'military assistance record' };
  } else if (kind === 'seat') {
    const seat = await l.membershipById.load(id);
    lock = seat ? await militaryLock(ctx, seat.regionCode, yearsOfPeriod(seat.since, seat.until)) : null;
    spec = { table: memberships, key: memberships.id, keyValue: id, id, entity: 'LeadingGroupMembership', what: 'leading-group seat' };
  } else {
    home = (await ctx.registry.organization(id))?.homeRegionCode ?? null;
    spec = {
      table: profiles,
      key: profiles.unitId,
      keyValue: id,
      id,
      entity: 'MilitaryUnitProfile',
      what: 'military unit profile',
      regions: home ? [home] : [],
    };
  }
  await audited(ctx.db, auditLog, who, 'voidMilitaryRecord', spec.entity, async (scope) =>
    voidRecord<MilitaryVoidable>(scope, who, spec, reason, async (before) => {
      requireWriter(who);
      if (kind === 'seat' || kind === 'profile') {
        const place = kind === 'seat' ? before.regionCode : home;
        if (!canEditOrg(who, before.unitId!) && !(place && coordinates(who, place))) throw forbidden(`you may not void ${id}`);
      } else {
        const owner = before.assistanceId ? (await snapshotAssistance(scope.tx, before.assistanceId))! : (before as { helperId: string; helpedCode: string });
        if (!seesRecordInternals(who, owner.helperId, owner.helpedCode)) throw forbidden(`you may not void ${id}`);
      }
      checkUnlocked(lock, 'id');
    }),
  );
  const what = spec.what;
  if (kind === 'project') return present(await l.projectById.clear(id).load(id), 'id', what, id);
  if (kind === 'seat') return present(await l.membershipById.clear(id).load(id), 'id', what, id);
  if (kind === 'profile') return present(await l.profile.clear(id).load(id), 'id', what, id);
  return present(await l.assistanceById.clear(id).load(id), 'id', what, id);
}
