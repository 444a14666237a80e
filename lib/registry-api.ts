import DataLoader from 'dataloader';
import type { ExecutionResult } from 'graphql';
import type { RegionLevel, Zone } from './codes.js';
import type { Identity } from './identity.js';

/**
 * What a channel subgraph may ask the registry: the facts about organisations and places while
 * validating a write, and its helpers' names while reading (the name it provides on `helper`,
 * masked for the caller as the registry masks it). It asks through the registry's graph
 * (`_entities`, the same path the gateway uses, and for names the registry's
 * `organizationNames`, a root field kept out of the public graph), never through the registry's
 * tables, so ownership holds in both topologies: in process (embedded, tests) or over HTTP with
 * a signed identity.
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

/** A subset of the registry's `RegionFilter`, for candidate lists (coverage gaps). */
export interface RegionCodeFilter {
  level?: RegionLevel;
  within?: string;
  povertyCounty?: boolean;
  poorVillage?: boolean;
}

export interface RegistryApi {
  organization(id: string): Promise<OrganizationFacts | null>;
  /**
   * Load these organisations' names, as the caller may see them (the registry masks an
   * individual donor's name from anonymous callers): every list asked in the same tick goes into
   * one `organizationNames(ids)` call (a list of ids in, a list of names out: a third of the
   * bytes of `_entities` representations and answers, and no entity object per name). A
   * channel's list resolver calls it before returning records whose `helper { name }` is asked
   * (see `withHelperNames`), so each name is then read with `knownName`, without a promise per
   * record.
   */
  loadNames(ids: readonly string[]): Promise<void>;
  /** A name loaded by `loadNames`: undefined when not loaded, null when the registry does not know the id. */
  knownName(id: string): string | null | undefined;
  region(code: string): Promise<RegionFacts | null>;
  /**
   * Codes of the places matching a filter, ordered by code: the registry's `regions` query,
   * read page by page (1000 a page), so a channel can list e.g. the poverty counties to find
   * its coverage gaps without reading the registry's tables.
   */
  regionCodes(filter: RegionCodeFilter): Promise<string[]>;
}

/** Runs one GraphQL operation against the registry subgraph as `identity`. */
export type RegistryExecutor = (
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
) => Promise<ExecutionResult>;

const ORGS = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Organization { id name kind homeRegion { code } parent { id } } } }`;
const ORG_NAMES = `query($ids: [ID!]!) { organizationNames(ids: $ids) }`;
const REGIONS = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Region { code name level zone functionalZone poverty { exitYear } } } }`;

const REGION_CODES = `query($f: RegionFilter, $after: String) { regions(filter: $f, first: 1000, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { code } } } }`;

interface RegionCodePage { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { code: string } }[] }
interface OrgEntity { id: string; name: string; kind: string; homeRegion: { code: string } | null; parent: { id: string } | null }
interface RegionEntity { code: string; name: string; level: RegionLevel; zone: Zone | null; functionalZone: boolean; poverty: { exitYear: number | null } | null }

/** A per-request registry client: lookups are batched into one `_entities` call per tick. */
export function createRegistryApi(execute: RegistryExecutor, identity: Identity): RegistryApi {
  /** One operation's data; a registry error fails the lookup. */
  const ask = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const result = await execute(query, variables, identity);
    if (result.errors?.length) throw new Error(`registry lookup failed: ${result.errors[0].message}`);
    return result.data as T;
  };
  const run = async <T>(query: string, typename: string, field: string, keys: readonly string[]) =>
    (await ask<{ _entities?: (T | null)[] }>(query, { r: keys.map((k) => ({ __typename: typename, [field]: k })) }))._entities ?? [];
  const orgs = new DataLoader<string, OrganizationFacts | null>(async (ids) =>
    (await run<OrgEntity>(ORGS, 'Organization', 'id', ids)).map((o) =>
      o ? { id: o.id, name: o.name, kind: o.kind, homeRegionCode: o.homeRegion?.code ?? null, parentId: o.parent?.id ?? null } : null,
    ),
  );
  // Keyed by list, not by id: one load per list resolver instead of one per record.
  const names = new Map<string, string | null>();
  const nameLists = new DataLoader<readonly string[], void>(
    async (lists) => {
      const wanted = new Set<string>();
      for (const list of lists) for (const id of list) if (!names.has(id)) wanted.add(id);
      if (wanted.size) {
        const ids = [...wanted];
        const found = (await ask<{ organizationNames: (string | null)[] }>(ORG_NAMES, { ids })).organizationNames;
        ids.forEach((id, i) => names.set(id, found[i]));
      }
      return lists.map(() => undefined);
    },
    { cache: false },
  );
  const regions = new DataLoader<string, RegionFacts | null>(async (codes) =>
    (await run<RegionEntity>(REGIONS, 'Region', 'code', codes)).map((r) =>
      r
        ? { code: r.code, name: r.name, level: r.level, zone: r.zone, functionalZone: r.functionalZone, povertyExitYear: r.poverty?.exitYear ?? null }
        : null,
    ),
  );
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
    knownName: (id) => names.get(id),
    region: (code) => regions.load(code),
    regionCodes,
  };
}
