import DataLoader from 'dataloader';
import type { ExecutionResult } from 'graphql';
import type { RegionLevel, Zone } from './codes.js';
import { badInput, type DomainError } from './errors.js';
import { namesView, type Identity } from './identity.js';
import type { LockChannel, LockQuestion, PeriodLockFacts } from './locks.js';
import type { RequestScope } from './telemetry.js';

/**
 * What a channel subgraph may ask the registry: the facts about organisations and places while
 * validating a write, and its helpers' names while reading (the name it provides on `helper`,
 * masked for the caller as the registry masks it). It asks through the registry's graph
 * (`_entities` for organisations, the same path the gateway uses; `codeLookups` for places, which
 * reads a former code as the place it names now; for names the registry's `organizationNames`, a
 * root field kept out of the public graph), never through the registry's tables, so ownership
 * holds in both topologies: in process (embedded, tests) or over HTTP with a signed identity.
 */
export interface OrganizationFacts {
  id: string;
  name: string;
  kind: string;
  homeRegionCode: string | null;
  parentId: string | null;
}

export interface RegionFacts {
  code: string;
  name: string;
  level: RegionLevel;
  zone: Zone | null;
  functionalZone: boolean;
  povertyExitYear: number | null;
}

/**
 * A former code whose area went to several places of the edition: it names none of them alone,
 * so an input giving it is refused (`splitCodeInput`).
 */
export interface SplitCode {
  code: string;
  name: string | null;
  changedIn: number | null;
  places: { code: string; name: string }[];
}

/** The refusal of a split code as input: BAD_USER_INPUT naming the field, rule `split-code`, and the places. */
export function splitCodeInput(field: string, split: SplitCode): DomainError {
  const was = `${split.code}${split.name ? ` (${split.name})` : ''}`;
  const places = split.places.map((p) => `${p.code} ${p.name}`).join(', ');
  return badInput(
    field,
    'split-code',
    `${was} was split${split.changedIn ? ` in ${split.changedIn}` : ''} between ${places}: give the code of the place meant`,
  );
}

/**
 * The refusal of an input code the registry named no place for (`region(code)` answered null):
 * `split-code` when it was a former code split between several places, else `otherwise` (the
 * channel's own refusal of an unknown place).
 */
export function noPlace(registry: RegistryApi, field: string, code: string | null, otherwise: DomainError): DomainError {
  const split = code === null ? null : registry.splitOf(code);
  return split ? splitCodeInput(field, split) : otherwise;
}

/**
 * A code argument of a read (a `within` filter, checked well-formed) as the registry reads it: the
 * code of the place it names now (a former code's successor), or the code as given when no place
 * has it (it matches nothing); a former code split between several places is refused
 * (`split-code`). One registry lookup.
 */
export async function placeCodeArg(registry: RegistryApi, field: string, code: string): Promise<string> {
  const place = await registry.region(code);
  if (place) return place.code;
  const split = registry.splitOf(code);
  if (split) throw splitCodeInput(field, split);
  return code;
}

/** A subset of the registry's `RegionFilter`, for candidate lists (coverage gaps). */
export interface RegionCodeFilter {
  level?: RegionLevel;
  within?: string;
  povertyCounty?: boolean;
  poorVillage?: boolean;
}

export interface RegistryApi {
  /** An organisation's facts; null when unknown or voided (a voided organisation helps in no new record). */
  organization(id: string): Promise<OrganizationFacts | null>;
  /**
   * Load these organisations' names, as the caller may see them (the registry masks an
   * individual donor's name from anonymous callers): every list asked in the same tick goes into
   * one `organizationNames(ids)` call (a list of ids in, a list of names out: a third of the
   * bytes of `_entities` representations and answers, and no entity object per name), which
   * carries only the ids this process has no name for at the registry's current revision
   * (`NameCache`). A channel's list resolver calls it before returning records whose
   * `helper { name }` is asked (see `withHelperNames`), so each name is then read with
   * `knownName`, without a promise per record.
   */
  loadNames(ids: readonly string[]): Promise<void>;
  /** A name loaded by `loadNames`: undefined when not loaded, null when the registry does not know the id. */
  knownName(id: string): string | null | undefined;
  /**
   * The place a code names now, as the registry's `codeLookup` reads it: a code of the edition
   * its own, a former code (黔西县 520522) its successor (黔西市 520581: `code` is the current
   * code, the one a record stores). Null for an unknown code and for a former code split between
   * several places (`splitOf` tells them apart).
   */
  region(code: string): Promise<RegionFacts | null>;
  /**
   * The ids of the organisations a key names exactly (id, unified social credit code, name or
   * alias): none, one, or several for an ambiguous key. Every key asked in the same tick goes
   * into one `organizationKeys` call (an import file's helpers, a batch at a time).
   */
  organizationIds(key: string): Promise<string[]>;
  /** After `region(code)` answered null: the split the code was, else null (unknown). */
  splitOf(code: string): SplitCode | null;
  /**
   * Codes of the places matching a filter, ordered by code: the registry's `regions` query,
   * read page by page (1000 a page), so a channel can list e.g. the poverty counties to find
   * its coverage gaps without reading the registry's tables.
   */
  regionCodes(filter: RegionCodeFilter): Promise<string[]>;
  /**
   * A lock in force (lib/locks.ts) over a write: the channel's, for one of `years`, on one of
   * `codes` or a place containing one; null when none. One registry call (its
   * `periodLockCovering`); asked before the write's transaction opens.
   */
  periodLock(question: LockQuestion): Promise<PeriodLockFacts | null>;
  /**
   * Every lock in force of `channel` (lib/locks.ts): one registry call (its `periodLocks`), for a
   * write of many records (an import) that checks each of them against the list before its
   * transaction's rows are written. Only for a signed-in caller.
   */
  periodLocksOf(channel: LockChannel): Promise<PeriodLockFacts[]>;
}

/** Runs one GraphQL operation against the registry subgraph as `identity`. */
export type RegistryExecutor = (
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
  /** The request the lookup serves: its id and statement count. */
  scope?: RequestScope,
) => Promise<ExecutionResult>;

const ORGS = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Organization { id name kind homeRegion { code } parent { id } voided { at } } } }`;
const ORG_KEYS = `query($keys: [String!]!) { organizationKeys(keys: $keys) }`;
const ORG_NAMES = `query($ids: [ID!]!) { organizationNames(ids: $ids) { revision view names } }`;
/** The most codes the registry's `codeLookups` reads in one call. */
const MAX_LOOKUPS = 10_000;
const REGIONS = `query($codes: [ID!]!) { codeLookups(codes: $codes) {
  code status name changedIn
  region { code name level zone functionalZone poverty { exitYear } }
  regions { code name } } }`;

const PERIOD_LOCK = `query($channel: Channel!, $codes: [ID!]!, $years: [Int!]!) {
  periodLockCovering(channel: $channel, codes: $codes, years: $years) { id channel regionCode year reason lockedBy lockedAt } }`;

const PERIOD_LOCKS = `query($channel: Channel!) { periodLocks(channel: $channel) { id channel regionCode year reason lockedBy lockedAt } }`;

const REGION_CODES = `query($f: RegionFilter, $after: String) { regions(filter: $f, first: 1000, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { code } } } }`;

interface RegionCodePage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { code: string } }[];
}
interface OrgEntity {
  id: string;
  name: string;
  kind: string;
  homeRegion: { code: string } | null;
  parent: { id: string } | null;
  voided: { at: string } | null;
}
interface RegionEntity {
  code: string;
  name: string;
  level: RegionLevel;
  zone: Zone | null;
  functionalZone: boolean;
  poverty: { exitYear: number | null } | null;
}
interface CodeLookupAnswer {
  code: string;
  status: string;
  name: string | null;
  changedIn: number | null;
  region: RegionEntity | null;
  regions: { code: string; name: string }[];
}

/** Organisations' names by id, as one caller sees them (null: not in the registry). */
export type Names = ReadonlyMap<string, string | null>;

/** The registry's `organizationNames` answer. */
export interface NamesAnswer {
  revision: string;
  view: string;
  names: (string | null)[];
}

/**
 * The organisations' names a channel's process was given, per view (`namesView`), with the
 * registry's names revision they were read at. Every read still asks the registry, in the same
 * one call, for the current revision and the names not kept: while the revision holds (no write
 * to organisations since), the kept names are the registry's, exactly, and travel no more; when
 * it moved, every name of the read is asked again and the kept ones are dropped. So a rename is
 * seen by the next read, whichever process wrote it, and the national picture's 22,779
 * enterprise helpers cost the registry one revision lookup instead of 22,779 names (wall −15%
 * distributed; docs/performance.md).
 */
export class NameCache {
  /**
   * Per view, the names kept at one revision. A kept map only ever grows, with names of its own
   * revision: a request goes on reading the map it was given after a later read replaced it.
   */
  private readonly views = new Map<string, { revision: bigint; names: Map<string, string | null> }>();
  /** At most this many names per view (a read that would grow a view past it starts a new map). */
  constructor(private readonly limit = 500_000) {}

  /**
   * Every name of `lists` as `view` sees them, all of one revision: the kept map when the
   * revision holds (the names not kept added to it), else a new one. `fetch` asks the registry.
   */
  async read(lists: readonly (readonly string[])[], view: string, fetch: (ids: readonly string[]) => Promise<NamesAnswer>): Promise<Names> {
    const kept = this.views.get(view);
    const missing = new Set<string>();
    for (const list of lists) for (const id of list) if (!kept?.names.has(id)) missing.add(id);
    const asked = [...missing];
    const answer = await fetch(asked);
    const revision = BigInt(answer.revision);
    if (kept && answer.view === view && revision === kept.revision) {
      if (kept.names.size + asked.length <= this.limit) {
        asked.forEach((id, i) => kept.names.set(id, answer.names[i]));
        return kept.names;
      }
      const names = new Map<string, string | null>();
      asked.forEach((id, i) => names.set(id, answer.names[i]));
      for (const list of lists) for (const id of list) if (!names.has(id)) names.set(id, kept.names.get(id)!);
      return this.keep(view, revision, names);
    }
    // The first read of this view, or the names changed since those kept were read: all again.
    let fresh = answer;
    let ids = asked;
    if (kept) {
      ids = [...new Set(lists.flat())];
      if (ids.length !== asked.length) fresh = await fetch(ids);
    }
    const names = new Map<string, string | null>();
    ids.forEach((id, i) => names.set(id, fresh.names[i]));
    return fresh.view === view ? this.keep(view, BigInt(fresh.revision), names) : names;
  }

  /** Keep `names` for `view`, unless a newer revision is kept already (a slower, older read). */
  private keep(view: string, revision: bigint, names: Map<string, string | null>): Names {
    const current = this.views.get(view);
    if (names.size <= this.limit && (!current || revision >= current.revision)) this.views.set(view, { revision, names });
    return names;
  }
}

/**
 * A per-request registry client: lookups are batched into one `_entities` call per tick; names
 * are kept across requests in `nameCache` (one per process and registry).
 */
export function createRegistryApi(execute: RegistryExecutor, identity: Identity, nameCache: NameCache, scope?: RequestScope): RegistryApi {
  /** One operation's data; a registry error fails the lookup. */
  const ask = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const result = await execute(query, variables, identity, scope);
    if (result.errors?.length) throw new Error(`registry lookup failed: ${result.errors[0].message}`);
    return result.data as T;
  };
  const run = async <T>(query: string, typename: string, field: string, keys: readonly string[]) =>
    (await ask<{ _entities?: (T | null)[] }>(query, { r: keys.map((k) => ({ __typename: typename, [field]: k })) }))._entities ?? [];
  const orgs = new DataLoader<string, OrganizationFacts | null>(async (ids) =>
    // A voided organisation (lib/corrections.ts) is no helper of a new write: unknown here.
    (await run<OrgEntity>(ORGS, 'Organization', 'id', ids)).map((o) =>
      o && !o.voided ? { id: o.id, name: o.name, kind: o.kind, homeRegionCode: o.homeRegion?.code ?? null, parentId: o.parent?.id ?? null } : null,
    ),
  );
  // Keyed by list, not by id: one load per list resolver instead of one per record. The names
  // this request read, a map per revision (one, unless the names changed during the request).
  const read: Names[] = [];
  const nameLists = new DataLoader<readonly string[], void>(
    async (lists) => {
      const fetch = async (ids: readonly string[]) => (await ask<{ organizationNames: NamesAnswer }>(ORG_NAMES, { ids })).organizationNames;
      const names = await nameCache.read(lists, namesView(identity), fetch);
      if (!read.includes(names)) read.push(names);
      return lists.map(() => undefined);
    },
    { cache: false },
  );
  /** The newest name read for `id`. */
  const knownName = (id: string) => {
    for (let i = read.length - 1; i >= 0; i--) {
      const name = read[i].get(id);
      if (name !== undefined) return name;
    }
    return undefined;
  };
  // Split codes met by this request's lookups, by the code as asked.
  const splits = new Map<string, SplitCode>();
  const regions = new DataLoader<string, RegionFacts | null>(
    async (codes) =>
      (await ask<{ codeLookups: CodeLookupAnswer[] }>(REGIONS, { codes })).codeLookups.map((l, i) => {
        if (l.status === 'SPLIT') splits.set(codes[i], { code: l.code, name: l.name, changedIn: l.changedIn, places: l.regions });
        const r = l.region;
        return r
          ? { code: r.code, name: r.name, level: r.level, zone: r.zone, functionalZone: r.functionalZone, povertyExitYear: r.poverty?.exitYear ?? null }
          : null;
      }),
    { maxBatchSize: MAX_LOOKUPS },
  );
  const orgKeys = new DataLoader<string, string[]>(async (keys) => (await ask<{ organizationKeys: string[][] }>(ORG_KEYS, { keys })).organizationKeys, {
    maxBatchSize: MAX_LOOKUPS,
  });
  const regionCodes = async (filter: RegionCodeFilter) => {
    const codes: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: RegionCodePage = (await ask<{ regions: RegionCodePage }>(REGION_CODES, { f: filter, after })).regions;
      codes.push(...page.edges.map((e) => e.node.code));
      if (!page.pageInfo.hasNextPage) return codes;
      after = page.pageInfo.endCursor;
    }
  };
  return {
    organization: (id) => orgs.load(id),
    loadNames: (ids) => (ids.length ? nameLists.load(ids) : Promise.resolve()),
    knownName,
    region: (code) => regions.load(code),
    organizationIds: (key) => orgKeys.load(key),
    splitOf: (code) => splits.get(code) ?? null,
    regionCodes,
    periodLock: async (q) =>
      q.codes.length && q.years.length
        ? (await ask<{ periodLockCovering: PeriodLockFacts | null }>(PERIOD_LOCK, { channel: q.channel, codes: [...q.codes], years: [...q.years] }))
            .periodLockCovering
        : null,
    periodLocksOf: async (channel) => (await ask<{ periodLocks: PeriodLockFacts[] }>(PERIOD_LOCKS, { channel })).periodLocks,
  };
}
