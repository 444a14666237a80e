import DataLoader from 'dataloader';
import type { ExecutionResult } from 'graphql';
import type { RegionLevel, Zone } from './codes.js';
import type { Identity } from './identity.js';

/**
 * What a channel subgraph may ask the registry while validating a write: the facts about
 * organisations and places. It asks through the registry's public graph (`_entities`, the
 * same path the gateway uses), never through the registry's tables, so ownership holds in
 * both topologies: in process (embedded, tests) or over HTTP with a signed identity.
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
const REGIONS = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Region { code name level zone functionalZone poverty { exitYear } } } }`;

const REGION_CODES = `query($f: RegionFilter, $after: String) { regions(filter: $f, first: 1000, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { code } } } }`;

interface RegionCodePage { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { code: string } }[] }
interface OrgEntity { id: string; name: string; kind: string; homeRegion: { code: string } | null; parent: { id: string } | null }
interface RegionEntity { code: string; name: string; level: RegionLevel; zone: Zone | null; functionalZone: boolean; poverty: { exitYear: number | null } | null }

/** A per-request registry client: lookups are batched into one `_entities` call per tick. */
export function createRegistryApi(execute: RegistryExecutor, identity: Identity): RegistryApi {
  const run = async <T>(query: string, typename: string, field: string, keys: readonly string[]) => {
    const result = await execute(query, { r: keys.map((k) => ({ __typename: typename, [field]: k })) }, identity);
    if (result.errors?.length) throw new Error(`registry lookup failed: ${result.errors[0].message}`);
    return (result.data?._entities ?? []) as (T | null)[];
  };
  const orgs = new DataLoader<string, OrganizationFacts | null>(async (ids) =>
    (await run<OrgEntity>(ORGS, 'Organization', 'id', ids)).map((o) =>
      o ? { id: o.id, name: o.name, kind: o.kind, homeRegionCode: o.homeRegion?.code ?? null, parentId: o.parent?.id ?? null } : null,
    ),
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
      const result = await execute(REGION_CODES, { f: filter, after }, identity);
      if (result.errors?.length) throw new Error(`registry lookup failed: ${result.errors[0].message}`);
      const page = (result.data as { regions: RegionCodePage }).regions;
      codes.push(...page.edges.map((e) => e.node.code));
      if (!page.pageInfo.hasNextPage) return codes;
      after = page.pageInfo.endCursor;
    }
  };
  return { organization: (id) => orgs.load(id), region: (code) => regions.load(code), regionCodes };
}
