import { and, asc, count, eq, gt, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { checkNotVoided, checkReason, counts, voidedOf, voidRecord } from '../../lib/corrections.js';
import { historyOf } from '../../lib/history.js';
import { audited } from '../../lib/audit.js';
import { ancestorCodesOf, levelOf, normalizeCode } from '../../lib/codes.js';
import type { Db } from '../../lib/db.js';
import { demoFilterOf, type DemoFilter } from '../../lib/demo.js';
import { checkAtMost, checkCode } from '../../lib/rules.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { answerWritten, checkVersion, nextVersion } from '../../lib/versions.js';
import { canEditOrg, isAdmin, namesView, type Identity } from '../../lib/identity.js';
import { splitCodeInput } from '../../lib/registry-api.js';
import { connection, connectionResolvers, countWhenAsked, decodeCursor, pageSize, type PageArgs } from '../../lib/pagination.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { entitySelectionWithin, inBulk, selects } from '../../lib/subgraph.js';
import type { GraphQLResolveInfo } from 'graphql';
import { isHistoryCode } from './code-history.js';
import { checkNewOrganization, checkOrganizationFields, organizationBatch } from './organization-import.js';
import type { OrganizationFilter, RegionFilter, Resolvers } from './types.generated.js';
import {
  latestHistoryByCodes,
  organizationIdsByKeys,
  organizationNamesAt,
  organizationNamesByIds,
  organizationsByIds,
  regionsByCodes,
  type CodeHistoryEntry,
  type Context,
  type OrganizationName,
  type OrganizationRow,
  type RegionRow,
} from './loaders.js';
import {
  auditLog,
  organizationAliasesTable as aliases,
  organizationsTable as orgs,
  poorVillagesTable as poorVillages,
  povertyDesignationsTable as designations,
  regionsTable as regions,
} from './tables.js';

/** What anonymous callers see instead of an individual donor's name. */
export const MASKED_INDIVIDUAL = '个人捐赠者';

/**
 * A code argument as the registry reads it (`db`: the request's, or a write's transaction): the
 * canonical code, or for a former code the one place of the edition it names now. BAD_USER_INPUT
 * when malformed (`division-code`) or a former code split between several places (`split-code`,
 * naming them). A code the history does not know comes back as given: it matches nothing, and a
 * write checks that its place exists.
 */
export async function currentCodeArg(db: Db, field: string, input: string): Promise<string> {
  const code = checkCode(field, input);
  if (!isHistoryCode(code)) return code;
  const [entry] = await latestHistoryByCodes(db, [code]);
  if (!entry) return code;
  if (entry.currentCodes.length > 1) {
    const places = (await regionsByCodes(db, entry.currentCodes)).filter((r): r is RegionRow => r !== null);
    throw splitCodeInput(field, { code, name: entry.name, changedIn: entry.untilYear, places });
  }
  return entry.currentCodes[0] ?? code;
}

/** `%`, `_` and `\` match literally in a contains-search. */
const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function regionConditions(db: Db, filter: RegionFilter | null | undefined, demo: DemoFilter): Promise<SQL | undefined> {
  if (!filter) return undefined;
  const conditions: (SQL | undefined)[] = [];
  if (filter.level) conditions.push(eq(regions.level, filter.level));
  if (filter.parentCode != null) conditions.push(eq(regions.parentCode, await currentCodeArg(db, 'filter.parentCode', filter.parentCode)));
  if (filter.within != null) conditions.push(like(regions.code, `${await currentCodeArg(db, 'filter.within', filter.within)}%`));
  if (filter.zone) conditions.push(eq(regions.zone, filter.zone));
  if (filter.functionalZone != null) conditions.push(eq(regions.functionalZone, filter.functionalZone));
  if (filter.nameContains) conditions.push(ilike(regions.name, likeContains(filter.nameContains)));
  if (filter.povertyCounty != null || filter.exitYear != null) {
    const designated = sql`exists (select 1 from ${designations} where ${designations.code} = ${regions.code}${
      filter.exitYear != null ? sql` and ${designations.exitYear} = ${filter.exitYear}` : sql``
    })`;
    conditions.push(filter.povertyCounty === false ? sql`not ${designated}` : designated);
  }
  if (filter.poorVillage != null) {
    const flagged = sql`exists (select 1 from ${poorVillages} where ${poorVillages.code} = ${regions.code}${
      demo === 'real' ? sql` and not ${poorVillages.demo}` : sql``
    })`;
    conditions.push(filter.poorVillage ? flagged : sql`not ${flagged}`);
  }
  return and(...conditions);
}

async function organizationConditions(db: Db, filter: OrganizationFilter | null | undefined, who: Identity): Promise<SQL | undefined> {
  // A voided organisation (lib/corrections.ts) is read by id only.
  if (!filter) return counts(orgs.voidedAt);
  const conditions: (SQL | undefined)[] = [counts(orgs.voidedAt)];
  if (filter.kind) conditions.push(eq(orgs.kind, filter.kind));
  if (filter.kinds?.length) conditions.push(inArray(orgs.kind, filter.kinds));
  if (filter.parentId != null) conditions.push(eq(orgs.parentId, filter.parentId));
  if (filter.demo != null) conditions.push(eq(orgs.demo, filter.demo));
  if (filter.homeRegionWithin != null) {
    conditions.push(like(orgs.homeRegionCode, `${await currentCodeArg(db, 'filter.homeRegionWithin', filter.homeRegionWithin)}%`));
  }
  if (filter.nameContains) {
    const pattern = likeContains(filter.nameContains);
    const byName = or(
      ilike(orgs.name, pattern),
      sql`exists (select 1 from ${aliases} where ${aliases.organizationId} = ${orgs.id} and ${aliases.alias} ilike ${pattern})`,
    );
    // A hidden name must not be found by searching for it either.
    conditions.push(showsIndividual(who) ? byName : and(byName, sql`${orgs.kind} <> 'INDIVIDUAL'`));
  }
  return and(...conditions);
}

/**
 * A page of `table`'s rows matching `where`, in the order of its key column (regions by code,
 * organisations by id): the keys in one statement, the rows through `load` (a loader, one
 * statement per batch), the count beside them when the query asks for `totalCount`.
 */
async function keysetPage<T>(
  ctx: Context,
  table: typeof regions | typeof orgs,
  key: typeof regions.code | typeof orgs.id,
  where: SQL | undefined,
  args: PageArgs,
  info: GraphQLResolveInfo,
  load: (keys: string[]) => Promise<T[]>,
  keyOf: (node: T) => string,
) {
  const size = pageSize(args.first);
  const cursor = decodeCursor(args.after);
  const total = countWhenAsked(selects(info, 'totalCount'), async () => (await ctx.db.select({ n: count() }).from(table).where(where))[0].n);
  const rows = await ctx.db
    .select({ key })
    .from(table)
    .where(and(where, cursor ? gt(key, cursor) : undefined))
    .orderBy(asc(key))
    .limit(size + 1);
  const nodes = await load(rows.map((r) => r.key));
  return connection(nodes, size, keyOf, total);
}

const regionPage = (ctx: Context, where: SQL | undefined, args: PageArgs, info: GraphQLResolveInfo) =>
  keysetPage(
    ctx,
    regions,
    regions.code,
    where,
    args,
    info,
    (codes) => loadRegions(ctx, codes),
    (r) => r.code,
  );

async function loadRegions(ctx: Context, codes: string[]): Promise<RegionRow[]> {
  const rows = await ctx.loaders.regionByCode.loadMany(codes);
  return rows.filter((r): r is RegionRow => r !== null && !(r instanceof Error));
}

const organizationPage = (ctx: Context, where: SQL | undefined, args: PageArgs, info: GraphQLResolveInfo) =>
  keysetPage(
    ctx,
    orgs,
    orgs.id,
    where,
    args,
    info,
    async (ids) => (await ctx.loaders.organizationById.loadMany(ids)).filter((r): r is OrganizationRow => r !== null && !(r instanceof Error)),
    (o) => o.id,
  );

const showsIndividual = (who: Identity) => namesView(who) === 'all';
/** An individual donor, whose name, English name and aliases anonymous callers do not see. */
const hidden = (o: Pick<OrganizationName, 'kind'>, who: Identity) => o.kind === 'INDIVIDUAL' && !showsIndividual(who);
/** An organisation's name as `who` may see it. */
const shownName = (o: OrganizationName, who: Identity) => (hidden(o, who) ? MASKED_INDIVIDUAL : o.name);

/** The most names one `organizationNames` call reads (the national picture's largest batch: 22,779). */
const MAX_NAMES = 100_000;

/** The fields an `OrganizationName` serves (the name needs the kind: an individual's is masked). */
const NAME_ONLY = new Set(['__typename', 'id', 'name', 'kind']);

// ---- codes as written ---------------------------------------------------------------------

/** The most codes one `codeLookups` call reads. */
const MAX_LOOKUPS = 10_000;

type CodeLookupStatus = 'CURRENT' | 'FORMER' | 'SPLIT' | 'ABOLISHED' | 'OUTSIDE_EDITION' | 'UNKNOWN';

/** A `CodeLookup`: what a code names now. */
export interface CodeLookup {
  code: string;
  status: CodeLookupStatus;
  name: string | null;
  changedIn: number | null;
  /** The places of the edition it names: one, several when split, none. */
  currentCodes: string[];
}

const unknownCode = (code: string): CodeLookup => ({ code, status: 'UNKNOWN', name: null, changedIn: null, currentCodes: [] });

function lookupOf(entry: CodeHistoryEntry): CodeLookup {
  const n = entry.currentCodes.length;
  const status: CodeLookupStatus = entry.untilYear === null ? 'OUTSIDE_EDITION' : n > 1 ? 'SPLIT' : n === 1 ? 'FORMER' : 'ABOLISHED';
  return { code: entry.code, status, name: entry.name, changedIn: entry.untilYear, currentCodes: entry.currentCodes };
}

/**
 * What a code names now: a code of the edition (any level) is its place; another code of county
 * level or above is read in the code history (one statement per batch). Codes of the edition
 * never reach the history, so a request naming only them costs what it did before.
 */
async function lookupCode(ctx: Context, input: string): Promise<CodeLookup> {
  const code = normalizeCode(input);
  if (!code) return unknownCode(input.trim());
  if (!isHistoryCode(code)) {
    const region = await ctx.loaders.regionByCode.load(code);
    return region ? { code, status: 'CURRENT', name: region.name, changedIn: null, currentCodes: [code] } : unknownCode(code);
  }
  const entry = await ctx.loaders.latestHistory.load(code);
  return entry ? lookupOf(entry) : unknownCode(code);
}

/** The one place a code names now (`region(code:)`): null when unknown, split or without successor. */
async function regionNamedBy(ctx: Context, input: string): Promise<RegionRow | null> {
  const code = normalizeCode(input);
  if (!code) return null;
  if (!isHistoryCode(code)) return ctx.loaders.regionByCode.load(code);
  const entry = await ctx.loaders.latestHistory.load(code);
  return entry?.currentCodes.length === 1 ? ctx.loaders.regionByCode.load(entry.currentCodes[0]) : null;
}

// ---- poverty summary ---------------------------------------------------------------------

/** A `PovertySummary` before its figures are read: which records it sums (lib/demo.ts). */
export interface PovertySummaryParent {
  demo: DemoFilter;
  listings?: Promise<{ listedCount: number; regionCount: number; exitsByYear: { year: number; count: number }[] }>;
}

const povertySummary = (demo: DemoFilter): PovertySummaryParent => ({ demo });

/**
 * The national list's figures, read once per summary. The list is real (poverty_designations
 * holds the published list, no generated row): its demo part is empty without asking.
 */
function listingFigures(s: PovertySummaryParent, ctx: Context) {
  s.listings ??= (async () => {
    if (s.demo === 'demo') return { listedCount: 0, regionCount: 0, exitsByYear: [] };
    const byYear = await ctx.db
      .select({ year: designations.exitYear, count: count() })
      .from(designations)
      .groupBy(designations.exitYear)
      .orderBy(asc(designations.exitYear));
    const [{ n }] = await ctx.db.select({ n: sql<number>`count(distinct ${designations.code})::int` }).from(designations);
    return {
      listedCount: byYear.reduce((sum, y) => sum + y.count, 0),
      regionCount: n,
      exitsByYear: byYear.filter((y): y is { year: number; count: number } => y.year != null).map((y) => ({ year: y.year, count: y.count })),
    };
  })();
  return s.listings;
}

// ---- writes ------------------------------------------------------------------------------

/**
 * An organisation with its aliases. `lock`: the row is locked until the write commits, so an
 * edit at the same time waits, then reads this one's result (the audit's `before` is the
 * organisation actually replaced).
 */
async function snapshot(tx: Db, id: string, lock?: 'lock') {
  const read = tx.select().from(orgs).where(eq(orgs.id, id));
  const [row] = await (lock ? read.for('update') : read);
  const names = await tx.select({ alias: aliases.alias }).from(aliases).where(eq(aliases.organizationId, id));
  return row ? { ...row, aliases: names.map((a) => a.alias).sort() } : null;
}

/** The organisation a write just made or changed, read back as its answer. */
async function written(ctx: Context, id: string): Promise<OrganizationRow> {
  const row = await ctx.loaders.organizationById.load(id);
  if (!row) throw notFound('id', 'organisation', id);
  return row;
}

export const resolvers: Resolvers = {
  ...scalarResolvers,
  AuditEntryConnection: connectionResolvers,
  RegionConnection: connectionResolvers,
  OrganizationConnection: connectionResolvers,
  Query: {
    region: (_, { code }, ctx) => regionNamedBy(ctx, code),
    codeLookup: (_, { code }, ctx) => lookupCode(ctx, code),
    codeLookups: (_, { codes }, ctx) => {
      checkAtMost('codes', codes, MAX_LOOKUPS, 'codes in one call');
      return Promise.all(codes.map((code) => lookupCode(ctx, code)));
    },
    regions: async (_, args, ctx, info) => regionPage(ctx, await regionConditions(ctx.db, args.filter, demoFilterOf(args.includeDemo)), args, info),
    organization: (_, { id }, ctx) => ctx.loaders.organizationById.load(id),
    organizations: async (_, args, ctx, info) => organizationPage(ctx, await organizationConditions(ctx.db, args.filter, ctx.identity), args, info),
    organizationNames: async (_, { ids }, ctx) => {
      checkAtMost('ids', ids, MAX_NAMES, 'ids in one call');
      const { revision, names } = await organizationNamesAt(ctx.db, ids);
      return { revision, view: namesView(ctx.identity), names: names.map((o) => (o === null ? null : shownName(o, ctx.identity))) };
    },
    organizationKeys: async (_, { keys }, ctx) => {
      checkAtMost('keys', keys, MAX_NAMES, 'keys in one call');
      return organizationIdsByKeys(ctx.db, keys);
    },
    povertySummary: (_, { includeDemo }) => povertySummary(demoFilterOf(includeDemo)),
  },
  Mutation: {
    voidOrganization: async (_, { id, reason: reasonInput }, ctx) => {
      const reason = checkReason(reasonInput);
      const spec = { table: orgs, key: orgs.id, keyValue: id, id, entity: 'Organization', what: 'organisation' };
      await audited(ctx.db, auditLog, ctx.identity, 'voidOrganization', 'Organization', async (scope) =>
        voidRecord(scope, ctx.identity, spec, reason, () => {
          if (!isAdmin(ctx.identity)) throw forbidden('only an administrator voids an organisation');
        }),
      );
      ctx.loaders.organizationById.clear(id);
      return written(ctx, id);
    },
    createOrganization: async (_, { input }, ctx) => {
      const id = await audited(ctx.db, auditLog, ctx.identity, 'createOrganization', 'Organization', async ({ tx, log }) => {
        if (!isAdmin(ctx.identity)) throw forbidden('only an administrator registers organisations');
        const made = checkNewOrganization(ctx.identity, input, await organizationBatch(tx, [input]));
        await tx.insert(orgs).values(made.values);
        if (made.aliasList?.length) await tx.insert(aliases).values(made.aliasList.map((alias) => ({ organizationId: made.id, alias })));
        await log({ entity: 'Organization', entityId: made.id, after: await snapshot(tx, made.id) });
        return made.id;
      });
      return written(ctx, id);
    },
    updateOrganization: async (_, { id, input }, ctx) => {
      const answer = await audited(ctx.db, auditLog, ctx.identity, 'updateOrganization', 'Organization', async ({ tx, log }) => {
        if (!canEditOrg(ctx.identity, id)) throw forbidden(`you may not edit organisation ${id}`);
        const before = await snapshot(tx, id, 'lock');
        if (!before) throw notFound('id', 'organisation', id);
        checkNotVoided('organisation', id, before);
        checkVersion('organisation', before.version, input.expectedVersion);
        const { values, aliasList } = checkOrganizationFields(input, await organizationBatch(tx, [{ ...input, id }]), id, before.kind, before.demo);
        await tx
          .update(orgs)
          .set({ ...values, version: nextVersion(before.version), updatedAt: new Date() })
          .where(eq(orgs.id, id));
        if (aliasList) {
          await tx.delete(aliases).where(eq(aliases.organizationId, id));
          if (aliasList.length) await tx.insert(aliases).values(aliasList.map((alias) => ({ organizationId: id, alias })));
        }
        await log({ entity: 'Organization', entityId: id, before, after: await snapshot(tx, id) });
        // The answer as the loader reads it, read inside the transaction: this change's version.
        const [row] = await organizationsByIds(tx, [id]);
        return row!;
      });
      return answerWritten(ctx.loaders.organizationById, id, answer);
    },
  },
  CodeLookup: {
    region: (l, _, ctx) => (l.currentCodes.length === 1 ? ctx.loaders.regionByCode.load(l.currentCodes[0]) : null),
    regions: (l, _, ctx) => loadRegions(ctx, l.currentCodes),
  },
  PovertySummary: {
    listedCount: async (s, _, ctx) => (await listingFigures(s, ctx)).listedCount,
    regionCount: async (s, _, ctx) => (await listingFigures(s, ctx)).regionCount,
    exitsByYear: async (s, _, ctx) => (await listingFigures(s, ctx)).exitsByYear,
    poorVillageCount: async (s, _, ctx) => {
      const [{ n }] = await ctx.db
        .select({ n: count() })
        .from(poorVillages)
        .where(s.demo === 'all' ? undefined : eq(poorVillages.demo, s.demo === 'demo'));
      return n;
    },
    // Figures over the demo records alone; a demo part has none of its own.
    demo: (s) => (s.demo === 'demo' ? null : povertySummary('demo')),
  },
  Region: {
    // A former code in a representation names its place now, as in `region(code:)`.
    __resolveReference: (ref, ctx) => regionNamedBy(ctx, ref.code),
    formerCodes: async (r, _, ctx) => (await ctx.loaders.formerCodes.load(r.code)).filter((f) => !(f.code === r.code && f.name === r.name)),
    level: (r) => r.level ?? levelOf(r.code),
    parent: (r, _, ctx) => (r.parentCode ? ctx.loaders.regionByCode.load(r.parentCode) : null),
    ancestors: (r, _, ctx) => loadRegions(ctx, ancestorCodesOf(r.code)),
    children: async (r, args, ctx) => {
      const size = pageSize(args.first);
      const codes = await ctx.loaders.childCodes.load({ parent: r.code, size, after: decodeCursor(args.after) });
      return connection(
        await loadRegions(ctx, codes),
        size,
        (c) => c.code,
        () => ctx.loaders.childCount.load(r.code),
      );
    },
    poverty: (r) => {
      if (r.listings?.length) {
        const years = r.listings.map((l) => l.exitYear).filter((y): y is number => y != null);
        return { designated: true, exitYear: years.length ? Math.max(...years) : null, demo: false, listings: r.listings };
      }
      if (r.poorVillageDemo != null) return { designated: true, exitYear: null, demo: r.poorVillageDemo, listings: [] };
      return null;
    },
  },
  Organization: {
    voided: (o) => (o.voidedAt ? voidedOf({ voidedAt: o.voidedAt, voidedBy: o.voidedBy, voidReason: o.voidReason }) : null),
    history: (o: { id: string }, _: unknown, ctx: Context) => historyOf(ctx, auditLog, 'Organization', o.id),
    // A batch of organisations asking only for names (every channel's helper names) reads only
    // names, the whole batch in one call (`inBulk`: 22,779 organisations in the national
    // picture); any other batch, and a batch mixing types, reads whole organisations.
    __resolveReference: inBulk(
      (ref: { id: string }, ctx: Context) => ctx.loaders.organizationById.load(ref.id),
      (refs: { id: string }[], ctx: Context, info: GraphQLResolveInfo) =>
        entitySelectionWithin(info, 'Organization', NAME_ONLY)
          ? organizationNamesByIds(
              ctx.db,
              refs.map((r) => r.id),
            )
          : null,
    ),
    name: (o, _, ctx) => shownName(o, ctx.identity),
    nameEn: (o, _, ctx) => (hidden(o, ctx.identity) ? null : o.nameEn),
    aliases: (o, _, ctx) => (hidden(o, ctx.identity) ? [] : o.aliases),
    homeRegion: (o, _, ctx) => (o.homeRegionCode ? ctx.loaders.regionByCode.load(o.homeRegionCode) : null),
    parent: (o, _, ctx) => (o.parentId ? ctx.loaders.organizationById.load(o.parentId) : null),
    children: (o, args, ctx, info) => organizationPage(ctx, eq(orgs.parentId, o.id), args, info),
    // An organisation read for its name alone has no version: read whole then.
    version: async (o, _, ctx) => o.version ?? (await ctx.loaders.organizationById.load(o.id))?.version,
  },
};
