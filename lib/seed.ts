import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database, Db } from './db.js';
import type { Rng } from './rng.js';

/**
 * Seeding contract. Each subgraph's first load is a list of named steps: its reference data
 * (real lists), then its demo data (generated from a seeded Rng and marked `demo`). Each step
 * runs in one transaction with its entry in the subgraph's seed ledger (`<schema>.seed_ledger`,
 * lib/seed-ledger.ts), so a step is either recorded with all its rows or absent with none of
 * them: a start that dies halfway is resumed by the next, which runs the steps not recorded.
 * `seed/index.ts` runs every subgraph's reference steps in the order of `subgraphs/index.ts`,
 * registry first, then every demo step, and passes each step the registry's seeding API so a
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
  /**
   * A long step says how far it is: `done` of `total` rows (null: not known yet), and what it
   * is doing when that is not loading rows ("building indexes"). Logged every few seconds and
   * shown by the hub's `/health` while it loads.
   */
  progress(done: number, total: number | null, doing?: string): void;
  /**
   * Another channel's records this channel's demo data may name as the same help (an enterprise
   * contribution's `alsoReportedAs`), read by that channel's own seed code
   * (`SeedHooks.demoReferenceTargets`): demo steps run in the order of `subgraphs/index.ts`, so a
   * later channel sees the records of an earlier one. Empty when that channel has none (absent
   * outside `seedAll`).
   */
  demoReferenceTargets?(subgraph: string): Promise<DemoReferenceTarget[]>;
}

/** A record another channel's demo data may refer to: its id, the county it is in, its year. */
export interface DemoReferenceTarget {
  id: string;
  county: string;
  year: number;
}

/** One named part of a subgraph's first load. */
export interface SeedStep {
  /**
   * The step's name in the ledger and the log ("divisions", "demo"). A step is known by its
   * name: renamed, it runs again on databases that recorded the old name.
   */
  name: string;
  /** Generated demo data: runs after every subgraph's reference steps, and not at all with BANGFU_DEMO=0. */
  demo?: boolean;
  /**
   * Load the step's rows and return how many rows it wrote to this subgraph's tables
   * (organisations registered through the registry's seeding API are the registry's). `scope`
   * is bound to the step's transaction. An empty input is a step of zero rows.
   */
  run(scope: SeedScope): Promise<number>;
  /**
   * Whether this step's rows are already in the database although no ledger records it: a
   * database loaded before seed ledgers existed. Asked once, when the subgraph's ledger is
   * created; the steps found are recorded as loaded (rows unknown) and never run.
   */
  loadedBefore(db: Db): Promise<boolean>;
}

export interface SeedHooks {
  /** In order; a step may build on the rows of the steps before it. */
  steps: SeedStep[];
  /** This channel's demo records other channels' demo data may refer to (`SeedScope.demoReferenceTargets`). */
  demoReferenceTargets?(database: Database): Promise<DemoReferenceTarget[]>;
}

/** Whether `table` holds a row (matching `where`): the usual `loadedBefore`. */
export async function hasRows(db: Db, table: PgTable, where?: SQL): Promise<boolean> {
  return (await db.select({ one: sql`1` }).from(table).where(where).limit(1)).length > 0;
}
