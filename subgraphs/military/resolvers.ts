import { and, eq, ne, sql } from 'drizzle-orm';
import { checkNotVoided, checkReason, counts } from '../../lib/corrections.js';
import { checkUnlocked, type PeriodLockFacts } from '../../lib/locks.js';
import { audited, lockKey } from '../../lib/audit.js';
import { connectionResolvers, pagedList } from '../../lib/pagination.js';
import type { RegionLevel } from '../../lib/codes.js';
import type { Db } from '../../lib/db.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { answerWritten, checkVersion } from '../../lib/versions.js';
import { checkCount, checkMoney, checkPeriod, checkYear, optionalText } from '../../lib/rules.js';
import { canEditOrg, coordinates, isAdmin, isAnonymous } from '../../lib/identity.js';
import type { OrganizationFacts } from '../../lib/registry-api.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { regionFieldKey, summaryFieldKey, type RegionFieldArgs } from '../../lib/scope.js';
import type { GraphQLResolveInfo } from 'graphql';
import { importFields, importTypeResolvers } from '../../lib/import/graphql.js';
import { recordOne } from '../../lib/import/run.js';
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
import { requireWriter, seesPlaceTotals, seesRecordInternals, seesUnitInternals } from './access.js';
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

export interface ProjectFigures {
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

export async function checkNoDuplicateAssistance(
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

export async function snapshotAssistance(tx: Db, id: string) {
  const [row] = await tx.select().from(assistance).where(eq(assistance.id, id));
  return row ?? null;
}

/**
 * A record read to be changed, or checked against a change of its projects: locked until the
 * write commits, so a write at the same time waits and then reads what this one wrote (the
 * audit's `before` is the row actually replaced; no project lands outside a period being moved).
 */
export async function lockedAssistance(tx: Db, id: string) {
  const [row] = await tx.select().from(assistance).where(eq(assistance.id, id)).for('update');
  return row ?? null;
}

/**
 * The lock in force (lib/locks.ts) over a military record on `code` in `years`: one registry
 * call before the write's transaction; none for an anonymous caller (refused first) or no place.
 */
export async function militaryLock(ctx: Context, code: string | null | undefined, years: number[]): Promise<PeriodLockFacts | null> {
  if (!code || isAnonymous(ctx.identity)) return null;
  return ctx.registry.periodLock({ channel: 'MILITARY', codes: [code], years });
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
  MilitaryAssistanceConnection: connectionResolvers,
  LeadingGroupMembershipConnection: connectionResolvers,
  Query: {
    militaryImport: imports.read,
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

    createMilitaryAssistance: async (_, { input }, ctx) => {
      const row = await recordOne(ctx, militaryAssistanceImport, auditLog, input, (e) =>
        badInput('input', 'duplicate', `${(e as { id: string }).id} already records this unit helping this place in this way in an overlapping period`),
      );
      return present(await ctx.loaders.assistanceById.load(row.id), 'id', 'military assistance record', row.id);
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
    projects: (r, { year }, ctx) => ctx.loaders.projects.load({ id: r.id, year: year ?? null }),
    totals: async (r, { year }, ctx) =>
      visible(await ctx.loaders.totals.load({ id: r.id, year: year ?? null }), seesRecordInternals(ctx.identity, r.helperId, r.helpedCode)),
    internalNote: (r, _, ctx) => (seesRecordInternals(ctx.identity, r.helperId, r.helpedCode) ? r.internalNote : null),
    // A record read as a list's core has no version: read whole then.
    version: async (r: AssistanceRow, _: unknown, ctx: Context) => r.version ?? (await ctx.loaders.assistanceById.load(r.id))?.version,
  },

  MilitaryProject: {
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
    unit: (m) => ({ id: m.unitId }),
    region: (m) => ({ code: m.regionCode }),
  },

  MilitaryUnitProfile: {
    unit: (p) => ({ id: p.unitId }),
    designation: async (p, _, ctx) => ((await seesUnitInternals(ctx, p.unitId)) ? p.designation : null),
    internalNote: async (p, _, ctx) => ((await seesUnitInternals(ctx, p.unitId)) ? p.internalNote : null),
  },
};
