import type { Database, Db } from './db.js';
import type { Rng } from './rng.js';

/**
 * Seeding contract. On an empty database `npm start` loads each subgraph's reference data
 * (real lists) and then its demo data (generated from a seeded Rng and marked `demo`); a
 * second start finds the data and loads nothing. `seed/index.ts` runs the hooks in the order
 * of `subgraphs/index.ts`, registry first, and passes each the registry's seeding API so a
 * channel can register the organisations it needs without touching the registry's tables.
 */
export interface OrganizationInput {
  id: string;
  name: string;
  nameEn?: string | null;
  kind: string;
  homeRegionCode?: string | null;
  parentId?: string | null;
  uscc?: string | null;
  aliases?: string[];
  demo: boolean;
  /** Where the record came from: a reference file name, or `demo`. */
  source: string;
}

export interface RegionRow {
  code: string;
  name: string;
  povertyExitYear: number | null;
}

export interface RegistrySeedApi {
  /** Insert organisations, or leave them as they are when the id exists (idempotent). */
  upsertOrganizations(orgs: OrganizationInput[]): Promise<void>;
  /** Places of one level, optionally inside some codes (prefix), ordered by code. */
  regions(level: string, within?: string[]): Promise<RegionRow[]>;
  /** The designated poverty counties (with exit year), ordered by code. */
  povertyCounties(): Promise<RegionRow[]>;
}

export interface SeedScope {
  database: Database;
  registry: RegistrySeedApi;
  rng: Rng;
  /**
   * Folder of the reference lists: the repository's `reference/`, or another folder of files of
   * the same form (`BANGFU_REFERENCE_DIR`).
   */
  referenceDir: string;
  /**
   * Load townships and villages only inside these codes (the test harness keeps fixtures
   * small); null loads every division.
   */
  divisionsWithin: string[] | null;
  /** `demo`: the demo data set; `national`: the programme's real scale, for the benchmark. */
  scale: 'demo' | 'national';
  log(message: string): void;
}

export interface SeedHooks {
  /** True when this subgraph already holds its data: seeding then loads nothing. */
  isSeeded(db: Db): Promise<boolean>;
  reference?(scope: SeedScope): Promise<void>;
  demo?(scope: SeedScope): Promise<void>;
}
