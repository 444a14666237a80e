import DataLoader from 'dataloader';
import { and, asc, count, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { inKeyOrder } from '../../lib/batch.js';
import { named, rawRows, type Db } from '../../lib/db.js';
import { inList, inValues } from '../../lib/scope.js';
import type { Connection } from '../../lib/pagination.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import {
  codeHistoryTable as codeHistory,
  namesRevisionTable as namesRevision,
  organizationAliasesTable as aliases,
  organizationsTable as orgs,
  poorVillagesTable as poorVillages,
  povertyDesignationsTable as designations,
  regionsTable as regions,
} from './tables.js';

export interface PovertyListingRow {
  listedName: string;
  code2014: string | null;
  exitYear: number | null;
  source: string;
}

export type RegionRow = typeof regions.$inferSelect & {
  listings: PovertyListingRow[] | null;
  poorVillageDemo: boolean | null;
};

/** An organisation as its loader returns it: every field the graph serves, with its aliases. */
export type OrganizationRow = Omit<typeof orgs.$inferSelect, 'createdAt' | 'updatedAt' | 'voidedAt'> & { aliases: string[]; voidedAt: string | Date | null };

/** What a reference asking only for an organisation's name needs (`organizationNamesByIds`). */
export type OrganizationName = Pick<OrganizationRow, 'id' | 'name' | 'kind'>;

/** The listings of every requested code, aggregated in the same statement as the regions. */
const listingsOf = (db: Db, codes: string[]) =>
  db
    .select({
      code: designations.code,
      listings: sql<PovertyListingRow[]>`json_agg(json_build_object(
        'listedName', ${designations.listedName}, 'code2014', ${designations.code2014},
        'exitYear', ${designations.exitYear}, 'source', ${designations.source}) order by ${designations.listedName})`.as('listings'),
    })
    .from(designations)
    .where(inValues(designations.code, codes))
    .groupBy(designations.code)
    .as('pd');

/** Regions by canonical code, with their poverty status: one statement per batch. */
export async function regionsByCodes(db: Db, codes: readonly string[]): Promise<(RegionRow | null)[]> {
  const pd = listingsOf(db, [...codes]);
  // Only a village (12 digits) can be a poor village: a batch without villages reads no flag.
  // (Joined to every code, the 127,867 flags were scanned and hashed for the national picture's
  // 831 counties: 15 of the statement's 22 ms.)
  const villages = codes.filter((c) => c.length === 12);
  const pv = db
    .select({ code: poorVillages.code, demo: poorVillages.demo })
    .from(poorVillages)
    .where(villages.length ? inValues(poorVillages.code, villages) : sql`false`)
    .as('pv');
  const rows = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      parentCode: regions.parentCode,
      provinceCode: regions.provinceCode,
      zone: regions.zone,
      functionalZone: regions.functionalZone,
      edition: regions.edition,
      listings: pd.listings,
      poorVillageDemo: pv.demo,
    })
    .from(regions)
    .leftJoin(pd, eq(pd.code, regions.code))
    .leftJoin(pv, eq(pv.code, regions.code))
    .where(inValues(regions.code, codes));
  return inKeyOrder(codes, rows as RegionRow[], (r) => r.code);
}

/** Organisations by id, with their aliases: one statement per batch. */
export async function organizationsByIds(db: Db, ids: readonly string[]): Promise<(OrganizationRow | null)[]> {
  // Aliases aggregated once for the batch and joined, not a subquery per organisation: one
  // `_entities` batch of the national picture asks for ~24,000 organisations.
  const aliasLists = db.$with('alias_lists').as(
    db
      .select({ organizationId: aliases.organizationId, list: sql<string[]>`array_agg(${aliases.alias} order by ${aliases.alias})`.as('list') })
      .from(aliases)
      .where(inList(aliases.organizationId, ids))
      .groupBy(aliases.organizationId),
  );
  // Raw rows (`rawRows`): the batch is large and the mapping per row would cost more than the query.
  const rows = await rawRows<OrganizationRow>(
    db,
    db
      .with(aliasLists)
      .select(named({ ...columnsOf(), aliases: sql<string[]>`coalesce(${aliasLists.list}, '{}')` }))
      .from(orgs)
      .leftJoin(aliasLists, eq(aliasLists.organizationId, orgs.id))
      .where(inList(orgs.id, ids)),
  );
  return inKeyOrder(ids, rows, (r) => r.id);
}

/**
 * Organisations by id, only what their names need: the national picture's helper references
 * ask for nothing else of ~23,000 organisations (3 columns decoded per row instead of 10, no
 * aliases join). Each answer is made here already marked as an Organization, in the order asked:
 * no `__typename` property defined on each row afterwards (defining one on 23,000 rows cost more
 * than making them).
 */
export async function organizationNamesByIds(db: Db, ids: readonly string[]): Promise<((OrganizationName & { __typename: 'Organization' }) | null)[]> {
  const rows = await rawRows<OrganizationName>(
    db,
    db
      .select(named({ id: orgs.id, name: orgs.name, kind: orgs.kind }))
      .from(orgs)
      .where(inValues(orgs.id, ids)),
  );
  return inOrderAsked(ids, rows);
}

/**
 * The same names with the revision of the registry's names they were read at, in one statement
 * (one snapshot: the names are those of that revision). The revision's single row is joined to
 * the names found, so it comes back even when none is.
 */
export async function organizationNamesAt(db: Db, ids: readonly string[]) {
  const rows = await rawRows<{ revision: string; id: string | null; name: string; kind: OrganizationName['kind'] }>(
    db,
    db
      .select(named({ revision: sql<string>`${namesRevision.revision}::text`, id: orgs.id, name: orgs.name, kind: orgs.kind }))
      .from(namesRevision)
      .leftJoin(orgs, inValues(orgs.id, ids)),
  );
  return {
    revision: rows[0].revision,
    names: inOrderAsked(
      ids,
      rows.filter((r): r is typeof r & { id: string } => r.id !== null),
    ),
  };
}

/**
 * The organisations each key names exactly (its id, its unified social credit code, its name or
 * an alias), in the order asked: one statement for the whole list. An import file names its
 * helpers in any of these forms; a key naming several is refused there as ambiguous.
 */
export async function organizationIdsByKeys(db: Db, keys: readonly string[]): Promise<string[][]> {
  if (!keys.length) return [];
  const list = sql`${sql.param([...keys])}::text[]`;
  const rows = await rawRows<{ key: string; id: string }>(
    db,
    sql`with k(key) as (select distinct unnest(${list}))
      select k.key, o.id from k join ${orgs} o on o.id = k.key
      union select k.key, o.id from k join ${orgs} o on o.uscc = k.key
      union select k.key, o.id from k join ${orgs} o on o.name = k.key
      union select k.key, a.organization_id from k join ${aliases} a on a.alias = k.key`,
  );
  const byKey = new Map<string, Set<string>>();
  for (const r of rows) {
    let ids = byKey.get(r.key);
    if (!ids) byKey.set(r.key, (ids = new Set()));
    ids.add(r.id);
  }
  return keys.map((k) => [...(byKey.get(k) ?? [])].sort());
}

function inOrderAsked(ids: readonly string[], rows: OrganizationName[]): ((OrganizationName & { __typename: 'Organization' }) | null)[] {
  const byId = new Map<string, OrganizationName>();
  for (const row of rows) byId.set(row.id, row);
  return ids.map((id) => {
    const row = byId.get(id);
    return row ? { __typename: 'Organization', id, name: row.name, kind: row.kind } : null;
  });
}

function columnsOf() {
  return {
    id: orgs.id,
    name: orgs.name,
    nameEn: orgs.nameEn,
    kind: orgs.kind,
    homeRegionCode: orgs.homeRegionCode,
    parentId: orgs.parentId,
    uscc: orgs.uscc,
    demo: orgs.demo,
    source: orgs.source,
    version: orgs.version,
    voidedAt: sql<string | null>`to_json(${orgs.voidedAt}) #>> '{}'`,
    voidedBy: orgs.voidedBy,
    voidReason: orgs.voidReason,
  };
}

/** What the code history says of one code: its latest row (a code used for several places over time means the last). */
export interface CodeHistoryEntry {
  code: string;
  name: string;
  status: (typeof codeHistory.$inferSelect)['status'];
  fromYear: number;
  untilYear: number | null;
  currentCodes: string[];
}

/** The latest history row of each code: one statement per batch. */
export async function latestHistoryByCodes(db: Db, codes: readonly string[]): Promise<(CodeHistoryEntry | null)[]> {
  const rows = await db
    .selectDistinctOn([codeHistory.code], {
      code: codeHistory.code,
      name: codeHistory.name,
      status: codeHistory.status,
      fromYear: codeHistory.fromYear,
      untilYear: codeHistory.untilYear,
      currentCodes: codeHistory.currentCodes,
    })
    .from(codeHistory)
    .where(inValues(codeHistory.code, codes))
    .orderBy(asc(codeHistory.code), desc(codeHistory.fromYear));
  return inKeyOrder(codes, rows, (r) => r.code);
}

/** A code (or name) a place was listed under before. */
export interface FormerCodeRow {
  code: string;
  name: string;
  from: number;
  until: number;
  /** Its area went to several places of the edition. */
  split: boolean;
}

/**
 * For each current code, the history rows no longer in use whose area is in that place, newest
 * first: one statement per batch (the GIN index on `current_codes` finds them).
 */
async function formerCodesOf(db: Db, codes: readonly string[]): Promise<FormerCodeRow[][]> {
  const rows = await db
    .select({
      code: codeHistory.code,
      name: codeHistory.name,
      from: codeHistory.fromYear,
      until: codeHistory.untilYear,
      currentCodes: codeHistory.currentCodes,
    })
    .from(codeHistory)
    .where(and(isNotNull(codeHistory.untilYear), sql`${codeHistory.currentCodes} && ${sql.param([...codes])}::text[]`))
    .orderBy(desc(codeHistory.untilYear), desc(codeHistory.fromYear), asc(codeHistory.code));
  const byPlace = new Map<string, FormerCodeRow[]>(codes.map((c) => [c, []]));
  for (const r of rows) {
    const former = { code: r.code, name: r.name, from: r.from, until: r.until!, split: r.currentCodes.length > 1 };
    for (const place of r.currentCodes) byPlace.get(place)?.push(former);
  }
  return codes.map((c) => byPlace.get(c)!);
}

/** A page of children for each parent in one statement (row_number per parent). */
export interface ChildPageKey {
  parent: string;
  size: number;
  after: string | null;
}

const pageKey = (k: ChildPageKey) => `${k.parent}|${k.size}|${k.after ?? ''}`;

async function childCodesPages(db: Db, keys: readonly ChildPageKey[]): Promise<string[][]> {
  // Keys share page size and cursor in practice; group so each group is one statement.
  const groups = new Map<string, ChildPageKey[]>();
  for (const k of keys) {
    const g = `${k.size}|${k.after ?? ''}`;
    groups.set(g, [...(groups.get(g) ?? []), k]);
  }
  const pages = new Map<string, string[]>();
  for (const group of groups.values()) {
    const { size, after } = group[0];
    const ranked = db
      .select({
        code: regions.code,
        parentCode: regions.parentCode,
        rank: sql<number>`row_number() over (partition by ${regions.parentCode} order by ${regions.code})`.as('rank'),
      })
      .from(regions)
      .where(
        and(
          inArray(
            regions.parentCode,
            group.map((k) => k.parent),
          ),
          after ? gt(regions.code, after) : undefined,
        ),
      )
      .as('ranked');
    const rows = await db
      .select({ code: ranked.code, parentCode: ranked.parentCode })
      .from(ranked)
      .where(sql`${ranked.rank} <= ${size + 1}`)
      .orderBy(asc(ranked.parentCode), asc(ranked.code));
    for (const k of group) pages.set(pageKey(k), []);
    for (const r of rows) pages.get(pageKey({ parent: r.parentCode!, size, after }))?.push(r.code);
  }
  return keys.map((k) => pages.get(pageKey(k)) ?? []);
}

async function childCounts(db: Db, parents: readonly string[]): Promise<number[]> {
  const rows = await db
    .select({ parentCode: regions.parentCode, n: count() })
    .from(regions)
    .where(inArray(regions.parentCode, [...parents]))
    .groupBy(regions.parentCode);
  const byParent = new Map(rows.map((r) => [r.parentCode, r.n]));
  return parents.map((p) => byParent.get(p) ?? 0);
}

export function createLoaders(db: Db) {
  return {
    regionByCode: new DataLoader<string, RegionRow | null>((codes) => regionsByCodes(db, codes)),
    organizationById: new DataLoader<string, OrganizationRow | null>((ids) => organizationsByIds(db, ids)),
    childCodes: new DataLoader<ChildPageKey, string[], string>((keys) => childCodesPages(db, keys), { cacheKeyFn: pageKey }),
    childCount: new DataLoader<string, number>((parents) => childCounts(db, parents)),
    latestHistory: new DataLoader<string, CodeHistoryEntry | null>((codes) => latestHistoryByCodes(db, codes)),
    formerCodes: new DataLoader<string, FormerCodeRow[]>((codes) => formerCodesOf(db, codes)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives as its context. */
export type Context = SubgraphContext<Loaders>;
/** A page of places or organisations as the list resolvers return it. */
export type RegionPage = Connection<RegionRow>;
export type OrganizationPage = Connection<OrganizationRow>;
