import { and, eq, ne, sql } from 'drizzle-orm';
import { audited } from '../../lib/audit.js';
import { yearsOfPeriod } from '../../lib/calendar.js';

import { recordOne } from '../../lib/import/run.js';
import { compactImport } from './compact-import.js';
import { importFields, importTypeResolvers } from '../../lib/import/graphql.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { contributionImport } from './import.js';
import { normalizeCode } from '../../lib/codes.js';
import type { Db } from '../../lib/db.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { checkNotVoided } from '../../lib/corrections.js';
import { checkUnlocked } from '../../lib/locks.js';
import { checkDateYear, checkYear } from '../../lib/rules.js';
import { isAdmin, type Identity } from '../../lib/identity.js';
import { connectionResolvers, pagedList, pageSize } from '../../lib/pagination.js';
import type { OrganizationFacts, RegionFacts, SplitCode } from '../../lib/registry-api.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { regionFieldKey, summaryFieldKey, type RegionFieldArgs } from '../../lib/scope.js';
import { helperName, withHelperNames } from '../../lib/subgraph.js';
import { demoFilterOf } from '../../lib/demo.js';
import type { GraphQLResolveInfo } from 'graphql';
import { enterpriseLock, readsPrivate, requireAccess, requireWriterRole, visible } from './access.js';
import { HELPER_KINDS, requireHelperKind } from './import.js';
import type { OrganizationEnterpriseAssistanceArgs, Resolvers } from './types.generated.js';
import { periodOf, type AnyRecord, type Context, type OrganizationFieldKey, type RecordDetail, type RecordRow } from './loaders.js';
import {
  demoField,
  demoPartOf,
  derivePart,
  kindWith,
  NO_CONTRIBUTIONS,
  partOfItem,
  summarize,
  summaryNeeds,
  summaryResolvers,
  totalsWith,
  type DemoPart,
  type EnterpriseSummary,
  type KindTotals,
  type SummaryKey,
  type SummaryNeeds,
} from './summary.js';
import { auditLog, compactsTable as compacts, contributionsTable as contributions, type ContributionKind } from './tables.js';
import {
  acficByProvince,
  acficEnterprises,
  acficKinds,
  campaignByOwnership,
  sasacRanking,
  topPrivateEnterprises,
  type SasacEntry,
  type ViewArgs,
} from './views.js';

// ---- validation ----------------------------------------------------------------------------

/**
 * What a write needs to know from the registry, asked BEFORE the write's transaction opens:
 * the registry answers through the same database, and on PGlite (one connection) a lookup
 * waiting behind an open transaction would never run. Validation then happens inside the
 * transaction, on these facts.
 */
interface Lookups {
  helper: OrganizationFacts | null;
  group: OrganizationFacts | null;
  /** The place's canonical code: for a former code, the code of the place it names now. */
  code: string | null;
  region: RegionFacts | null;
  /** A former code split between several places (it names none of them alone). */
  split: SplitCode | null;
}

async function lookup(ctx: Context, helperId: string, place: string | null): Promise<Lookups> {
  const none: Lookups = { helper: null, group: null, code: null, region: null, split: null };
  // Callers who may never write learn nothing from a lookup: skip it.
  if (ctx.identity.role === 'PUBLIC' || ctx.identity.role === 'SASAC') return none;
  const code = place === null ? null : normalizeCode(place);
  const [helper, region] = await Promise.all([ctx.registry.organization(helperId), code ? ctx.registry.region(code) : null]);
  return {
    helper,
    group: helper ? await groupOf(ctx, helper) : null,
    code: region?.code ?? code,
    region,
    split: code && !region ? ctx.registry.splitOf(code) : null,
  };
}

async function groupOf(ctx: Context, org: OrganizationFacts): Promise<OrganizationFacts> {
  let top = org;
  const seen = new Set([org.id]);
  while (top.parentId && !seen.has(top.parentId)) {
    const parent = await ctx.registry.organization(top.parentId);
    if (!parent) break;
    seen.add(parent.id);
    top = parent;
  }
  return top;
}

function requireHelper(field: string, helperId: string, facts: Lookups) {
  if (!facts.helper || !facts.group) throw notFound(field, 'organisation', helperId);
  return { helper: facts.helper, group: facts.group };
}

/**
 * A compact or contribution a write changes, or records under, as `who` may see it: locked until
 * the write commits, so writes at the same time go one after the other and each reads what the
 * one before wrote (the audit's `before` is the row actually replaced; no contribution lands after
 * an end); a record the caller may not read (unpublished, not theirs) is null, as an unknown id,
 * so that the answer (NOT_FOUND) tells nothing of its existence, its owner or its place.
 */
async function compactRow(tx: Db, who: Identity, id: string) {
  const [row] = await tx.select().from(compacts).where(eq(compacts.id, id)).for('update');
  return row && visible(who, row) ? row : null;
}

export async function contributionRow(tx: Db, who: Identity, id: string) {
  const [row] = await tx.select().from(contributions).where(eq(contributions.id, id)).for('update');
  return row && visible(who, row) ? row : null;
}

/** The records a compact-or-contribution id names, as the caller may see them. */
async function loadVisible(ctx: Context, id: string, record: AnyRecord['record']) {
  const row = await ctx.loaders.recordById.load(id);
  return row && row.record === record ? row : null;
}

/** A contribution whose helper, place, kind and date are recorded already (rule `duplicate`). */
const duplicateContribution = (clash: { id: string; helperId: string }) =>
  badInput('input.date', 'duplicate', `${clash.helperId} already recorded ${clash.id}: same place, kind and date`);

/** The kinds this channel imports (docs/import.md), and their GraphQL fields. */
const imports = importFields(() => [
  { kind: contributionImport as ImportEntry['kind'], auditLog },
  { kind: compactImport as ImportEntry['kind'], auditLog },
]);

// ---- resolvers ----------------------------------------------------------------------------

/**
 * The whole record: itself when it came whole, else read by id (one statement per batch; the
 * read applies the same visibility as the list the core came from).
 */
async function whole(r: AnyRecord, ctx: Context): Promise<RecordRow> {
  if ('note' in r) return r as RecordRow;
  const row = await ctx.loaders.recordById.load(r.id);
  if (!row) throw notFound('id', 'enterprise record', r.id);
  return row;
}

/** A field of a contribution's detail that only a compact lacks (never null for a contribution). */
const contributionDetail =
  <K extends 'kind' | 'version'>(key: K) =>
  async (r: AnyRecord, _: unknown, ctx: Context) =>
    (await whole(r, ctx))[key]!;

/** A field of the record's detail (see `RecordCore`). */
const detail =
  <K extends keyof RecordDetail>(key: K) =>
  async (r: AnyRecord, _: unknown, ctx: Context) =>
    (await whole(r, ctx))[key];

const recordFields = {
  voided: async (r: AnyRecord, _: unknown, ctx: Context) => {
    const row = await whole(r, ctx);
    return row.voidedAt ? { at: new Date(row.voidedAt).toISOString(), by: row.voidedBy ?? '', reason: row.voidReason ?? '' } : null;
  },
  group: async (r: AnyRecord, _: unknown, ctx: Context) => ({ id: (await whole(r, ctx)).groupId }),
  ownership: detail('helperKind'),
  until: (r: AnyRecord) => periodOf(r).until,
  published: detail('published'),
  note: async (r: AnyRecord, _: unknown, ctx: Context) => {
    const w = await whole(r, ctx);
    return readsPrivate(ctx.identity, w) ? w.note : null;
  },
  demo: detail('demo'),
};

const typeOf = (r: AnyRecord) => (r.record === 'compact' ? 'VillageCompact' : 'EnterpriseContribution');

/**
 * A place's summary with its demo part: the same loader with the 'demo' filter, computing what
 * the query asks under `demo` (one more statement for the batch, only when asked).
 */
async function regionSummary(ctx: Context, key: SummaryKey, demoNeeds: SummaryNeeds): Promise<EnterpriseSummary> {
  const summary = await ctx.loaders.regionSummary.load(key);
  return { ...summary, demoPart: demoPartOf(key.demo, () => regionSummary(ctx, { ...key, ...demoNeeds, demo: 'demo' }, demoNeeds)) };
}

/** An organisation's summary with its demo part: the same loader with the 'demo' filter. */
async function organizationSummary(ctx: Context, key: OrganizationFieldKey): Promise<EnterpriseSummary> {
  const summary = summarize(await ctx.loaders.organizationRecords.load(key), key.year);
  return { ...summary, demoPart: demoPartOf(key.demo, () => organizationSummary(ctx, { ...key, demo: 'demo' })) };
}

const organizationKey = (id: string, args: OrganizationEnterpriseAssistanceArgs): OrganizationFieldKey => ({
  id,
  year: args.year ?? null,
  includeSubsidiaries: !!args.includeSubsidiaries,
  demo: demoFilterOf(args.includeDemo),
});

export type RankingEntry = SasacEntry & { demoPart?: DemoPart<RankingEntry | null> };

export interface Ranking {
  year: number;
  kind: ContributionKind | null;
  entries: SasacEntry[];
  demoPart: DemoPart<Ranking>;
}

/**
 * ACFIC's view as its resolvers receive it: what it is of, its statements' answers once read
 * (several fields share one), and its demo part (the same view with the 'demo' filter).
 */
export interface AcficParent extends ViewArgs {
  kinds?: ReturnType<typeof acficKinds>;
  campaign?: ReturnType<typeof campaignByOwnership>;
  provinces?: ReturnType<typeof acficByProvince>;
  demoPart: DemoPart<AcficParent>;
}

function acficParent(view: ViewArgs): AcficParent {
  return { ...view, demoPart: demoPartOf(view.demo, async () => acficParent({ ...view, demo: 'demo' })) };
}

const kindsOf = (v: AcficParent, ctx: Context) => (v.kinds ??= acficKinds(ctx.db, ctx.identity, v));
const campaignOf = (v: AcficParent, ctx: Context) => (v.campaign ??= campaignByOwnership(ctx.db, ctx.identity, v));
const provincesOf = (v: AcficParent, ctx: Context) => (v.provinces ??= acficByProvince(ctx.db, ctx.identity, v));

type Province = Awaited<ReturnType<typeof acficByProvince>>[number];
type Campaign = Awaited<ReturnType<typeof campaignByOwnership>>[number];
export type CampaignOut = Campaign & { demoPart?: DemoPart<CampaignOut> };
type Top = Awaited<ReturnType<typeof topPrivateEnterprises>>[number];

const requireViewYear = (year: number) => checkYear('year', year);

export const resolvers: Resolvers = {
  ...scalarResolvers,
  EnterpriseAssistanceConnection: connectionResolvers,
  ...summaryResolvers,
  ...importTypeResolvers,
  Query: {
    enterpriseImport: imports.read,
    villageCompact: (_, { id }, ctx) => loadVisible(ctx, id, 'compact'),
    enterpriseContribution: (_, { id }, ctx) => loadVisible(ctx, id, 'contribution'),
    sasacRanking: async (_, args, ctx): Promise<Ranking> => {
      requireViewYear(args.year);
      const view: ViewArgs = { year: args.year, kind: args.kind ?? null, demo: demoFilterOf(args.includeDemo) };
      const first = pageSize(args.first ?? 100);
      const entries = await sasacRanking(ctx.db, ctx.identity, view, first);
      // The demo part: every group ranked over the demo records alone, one statement for the
      // ranking's demo part and each entry's (a group's rank there is its demo rank).
      const demo = demoPartOf(view.demo, () => sasacRanking(ctx.db, ctx.identity, { ...view, demo: 'demo' }, null));
      return {
        year: view.year,
        kind: view.kind,
        entries: entries.map((e): RankingEntry => ({ ...e, demoPart: derivePart(demo, (all) => all.find((d) => d.groupId === e.groupId) ?? null) })),
        demoPart: derivePart(demo, (all) => ({ year: view.year, kind: view.kind, entries: all.slice(0, first), demoPart: null })),
      };
    },
    acficView: (_, args): AcficParent => {
      requireViewYear(args.year);
      return acficParent({ year: args.year, kind: args.kind ?? null, demo: demoFilterOf(args.includeDemo) });
    },
  },
  Mutation: {
    startEnterpriseImport: imports.start,
    createVillageCompact: async (_, { input }, ctx) => {
      // Callers who may never write learn nothing from a lookup: skip it.
      const lookups = ctx.identity.role !== 'PUBLIC' && ctx.identity.role !== 'SASAC';
      const row = await recordOne(
        ctx,
        compactImport,
        auditLog,
        input,
        (clash) => {
          const c = clash as { id: string; helperId: string };
          return badInput('input.villageCode', 'duplicate', `${c.helperId} already has compact ${c.id} with this village in an overlapping period`);
        },
        { lookups },
      );
      return present(await ctx.loaders.recordById.load(row.id), 'input', 'enterprise record', row.id);
    },

    endVillageCompact: async (_, { id, until }, ctx) => {
      const current = await ctx.loaders.recordById.load(id);
      const lock = current && /^\d{4}-/.test(until) ? await enterpriseLock(ctx, current.helpedCode, yearsOfPeriod(current.since, until)) : null;
      await audited(ctx.db, auditLog, ctx.identity, 'endVillageCompact', 'VillageCompact', async ({ tx, log }) => {
        requireWriterRole(ctx.identity);
        const before = await compactRow(tx, ctx.identity, id);
        if (!before) throw notFound('id', 'village compact', id);
        requireAccess(ctx.identity, before);
        checkNotVoided('village compact', id, before);
        checkUnlocked(lock, 'until');
        if (before.until != null) throw badInput('until', 'already-ended', `the compact ended on ${before.until}`);
        checkDateYear('until', until);
        if (until < before.since) throw badInput('until', 'period', `must not be before the compact's start ${before.since}`);
        const [later] = await tx
          .select({ id: contributions.id, date: contributions.date })
          .from(contributions)
          .where(and(eq(contributions.compactId, id), sql`${contributions.date} > ${until}`))
          .limit(1);
        if (later) throw badInput('until', 'records-outside-period', `contribution ${later.id} under this compact is dated ${later.date}, after ${until}`);
        const [after] = await tx.update(compacts).set({ until, updatedAt: new Date() }).where(eq(compacts.id, id)).returning();
        await log({ entity: 'VillageCompact', entityId: id, before, after });
      });
      ctx.loaders.recordById.clear(id);
      return present(await ctx.loaders.recordById.load(id), 'id', 'enterprise record', id);
    },

    recordEnterpriseContribution: async (_, { input }, ctx) => {
      // Callers who may never write learn nothing from a lookup: skip it.
      const lookups = ctx.identity.role !== 'PUBLIC' && ctx.identity.role !== 'SASAC';
      const row = await recordOne(ctx, contributionImport, auditLog, input, (clash) => duplicateContribution(clash as { id: string; helperId: string }), {
        lookups,
      });
      return present(await ctx.loaders.recordById.load(row.id), 'input', 'enterprise record', row.id);
    },

    refreshHelperGroup: async (_, { helperId }, ctx) => {
      const facts = isAdmin(ctx.identity) ? await lookup(ctx, helperId, null) : null;
      return audited(ctx.db, auditLog, ctx.identity, 'refreshHelperGroup', 'Organization', async ({ tx, log }) => {
        if (!facts) throw forbidden('only an administrator re-reads helpers from the registry');
        const { helper, group } = requireHelper('helperId', helperId, facts);
        requireHelperKind('helperId', helper.kind, HELPER_KINDS, 'keep records in the enterprises channel');
        let changed = 0;
        for (const t of [compacts, contributions] as const) {
          const own = await tx
            .update(t)
            .set({ helperKind: helper.kind, groupId: group.id, groupKind: group.kind, updatedAt: new Date() })
            .where(eq(t.helperId, helper.id))
            .returning({ id: t.id });
          // Records of organisations below this one had it as their group: their group moves up with it.
          const below = await tx
            .update(t)
            .set({ groupId: group.id, groupKind: group.kind, updatedAt: new Date() })
            .where(and(eq(t.groupId, helper.id), ne(t.helperId, helper.id)))
            .returning({ id: t.id });
          changed += own.length + below.length;
        }
        await log({
          entity: 'Organization',
          entityId: helper.id,
          after: { helperKind: helper.kind, groupId: group.id, groupKind: group.kind, records: changed },
        });
        return changed;
      });
    },
  },
  Assistance: { __resolveType: typeOf },
  EnterpriseAssistance: { __resolveType: typeOf },
  VillageCompact: {
    ...recordFields,
    version: detail('version'),
    contributions: (r, _, ctx) => ctx.loaders.compactContributions.load(r.id),
  },
  EnterpriseContribution: {
    ...recordFields,
    kind: contributionDetail('kind'),
    date: (r) => r.since,
    pledged: detail('pledged'),
    committed: detail('committed'),
    disbursed: detail('disbursed'),
    verified: detail('verified'),
    jobs: detail('jobs'),
    version: contributionDetail('version'),
    trainees: detail('trainees'),
    peopleReached: detail('peopleReached'),
    purpose: detail('purpose'),
    compact: async (r, _, ctx) => {
      const { compactId } = await whole(r, ctx);
      return compactId ? loadVisible(ctx, compactId, 'compact') : null;
    },
    alsoReportedAs: async (r, _, ctx) => {
      const { alsoReportedAs, alsoReportedChannel } = await whole(r, ctx);
      // Written together (`reference`): both or neither.
      return alsoReportedAs && alsoReportedChannel ? { channel: alsoReportedChannel, id: alsoReportedAs } : null;
    },
  },
  Region: {
    ...pagedList('enterpriseAssistance', async (region: { code: string }, args: RegionFieldArgs, ctx: Context, info: GraphQLResolveInfo) =>
      withHelperNames(await ctx.loaders.regionRecords.load(regionFieldKey(region.code, args)), ctx, info),
    ),
    enterpriseSummary: (region, args, ctx, info) => {
      const needs = summaryNeeds(info);
      return regionSummary(ctx, { ...summaryFieldKey(region.code, args), ...needs.whole }, needs.demo);
    },
  },
  Organization: {
    name: helperName,
    ...pagedList('enterpriseAssistance', (org: { id: string }, args: Parameters<typeof organizationKey>[1], ctx: Context) =>
      ctx.loaders.organizationRecords.load(organizationKey(org.id, args)),
    ),
    enterpriseSummary: (org, args, ctx) => organizationSummary(ctx, organizationKey(org.id, args)),
  },
  SasacRanking: { demo: demoField },
  SasacRankingEntry: {
    group: (e) => ({ id: e.groupId }),
    total: (e) =>
      totalsWith(
        e.total,
        derivePart(e.demoPart, (d) => d?.total ?? NO_CONTRIBUTIONS),
      ),
    totalExcludingReportedElsewhere: (e) =>
      totalsWith(
        e.totalExcludingReportedElsewhere,
        derivePart(e.demoPart, (d) => d?.totalExcludingReportedElsewhere ?? NO_CONTRIBUTIONS),
      ),
    demo: demoField,
  },
  AcficView: {
    privateEnterprises: (v, _, ctx) => acficEnterprises(ctx.db, ctx.identity, v),
    total: async (v, _, ctx) =>
      totalsWith(
        (await kindsOf(v, ctx)).total,
        derivePart(v.demoPart, async (d) => (await kindsOf(d, ctx)).total),
      ),
    totalExcludingReportedElsewhere: async (v, _, ctx) =>
      totalsWith(
        (await kindsOf(v, ctx)).totalExcludingReportedElsewhere,
        derivePart(v.demoPart, async (d) => (await kindsOf(d, ctx)).totalExcludingReportedElsewhere),
      ),
    byKind: async (v, _, ctx) => {
      const demo = derivePart(v.demoPart, async (d) => (await kindsOf(d, ctx)).byKind);
      const none = (kind: ContributionKind): KindTotals => ({ kind, total: NO_CONTRIBUTIONS, totalExcludingReportedElsewhere: NO_CONTRIBUTIONS });
      return (await kindsOf(v, ctx)).byKind.map((k) =>
        kindWith(
          k,
          partOfItem(
            demo,
            (d) => d.kind,
            k.kind,
            () => none(k.kind),
          ),
        ),
      );
    },
    campaignByOwnership: async (v, _, ctx) => {
      const demo = derivePart(v.demoPart, (d) => campaignOf(d, ctx));
      const none = (ownership: string): Campaign => ({ ownership, enterprises: 0, villages: 0, compacts: 0 });
      return (await campaignOf(v, ctx)).map((c) => ({
        ...c,
        demoPart: partOfItem(
          demo,
          (d) => d.ownership,
          c.ownership,
          () => none(c.ownership),
        ),
      }));
    },
    byProvince: async (v, _, ctx) => {
      const demo = derivePart(v.demoPart, (d) => provincesOf(d, ctx));
      const none = (provinceCode: string): Province => ({ provinceCode, enterprises: 0, villages: 0, compacts: 0, total: NO_CONTRIBUTIONS });
      return (await provincesOf(v, ctx)).map((p) =>
        provinceWith(
          p,
          partOfItem(
            demo,
            (d) => d.provinceCode,
            p.provinceCode,
            () => none(p.provinceCode),
          ),
        ),
      );
    },
    topPrivateEnterprises: async (v, args, ctx) => {
      const top = await topPrivateEnterprises(ctx.db, ctx.identity, v, pageSize(args.first ?? 10));
      // The demo part of each listed enterprise: its figures over its demo contributions (one statement for the list).
      const among = top.map((e) => e.helperId);
      const demo = demoPartOf(v.demo, async () =>
        among.length ? topPrivateEnterprises(ctx.db, ctx.identity, { ...v, demo: 'demo' }, among.length, among) : [],
      );
      return top.map((e) =>
        enterpriseWith(
          e,
          partOfItem(
            demo,
            (d) => d.helperId,
            e.helperId,
            () => ({ helperId: e.helperId, total: NO_CONTRIBUTIONS }),
          ),
        ),
      );
    },
    demo: demoField,
  },
  CampaignFigures: { demo: demoField },
  ProvinceCampaignFigures: { demo: demoField },
  EnterpriseFigures: { demo: demoField },
};

/** A province's figures as ProvinceCampaignFigures, with their demo part (and their total's). */
export type ProvinceOut = Province & { province: { code: string }; demoPart?: DemoPart<ProvinceOut> };
function provinceWith(p: Province, demo: DemoPart<Province> = null): ProvinceOut {
  return {
    ...p,
    province: { code: p.provinceCode },
    total: totalsWith(
      p.total,
      derivePart(demo, (d) => d.total),
    ),
    demoPart: derivePart(demo, (d) => provinceWith(d)),
  };
}

/** An enterprise's figures as EnterpriseFigures, with their demo part (and their total's). */
export type EnterpriseOut = { enterprise: { id: string }; total: Top['total']; demoPart?: DemoPart<EnterpriseOut> };
function enterpriseWith(e: Top, demo: DemoPart<Top> = null): EnterpriseOut {
  return {
    enterprise: { id: e.helperId },
    total: totalsWith(
      e.total,
      derivePart(demo, (d) => d.total),
    ),
    demoPart: derivePart(demo, (d) => enterpriseWith(d)),
  };
}
