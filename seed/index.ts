import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrateSubgraph, type Database } from '../lib/db.js';
import { Rng } from '../lib/rng.js';
import type { SeedScope } from '../lib/seed.js';
import type { SubgraphModule } from '../lib/subgraph.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';

/** The reference lists shipped in this repository (reference/README.md says where each comes from). */
export const REFERENCE_DIR = fileURLToPath(new URL('../reference', import.meta.url));

/** The default seed of the demo data set: the same seed, the same data, on every machine. */
export const DEFAULT_SEED = 20_201_123;

/** Apply every subgraph's migrations, in registry order. */
export async function migrateAll(database: Database, modules: SubgraphModule<unknown>[]): Promise<void> {
  for (const m of modules) await migrateSubgraph(database, m.name, m.migrationsFolder);
}

export interface SeedOptions {
  /** Folder of the reference lists; the repository's `reference/` when omitted. */
  referenceDir?: string | null;
  /** Load the generated demo data after the reference data (default true). */
  demo?: boolean;
  seed?: number;
  scale?: 'demo' | 'national';
  /** See SeedScope.divisionsWithin. */
  divisionsWithin?: string[] | null;
  log?: (message: string) => void;
}

export interface SeedResult {
  /** Subgraphs that were empty and got loaded. */
  loaded: string[];
  /** Subgraphs that already held data and were left alone. */
  skipped: string[];
  ms: number;
}

/**
 * Load reference data, then demo data, into every subgraph that is still empty. A second
 * run finds the data and loads nothing. Each subgraph's hooks write only its own schema;
 * organisations go through the registry's seeding API.
 */
export async function seedAll(database: Database, modules: SubgraphModule<unknown>[], opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const log = opts.log ?? ((m: string) => console.log(m));
  const referenceDir = opts.referenceDir ?? REFERENCE_DIR;
  if (!existsSync(referenceDir)) throw new Error(`the reference folder ${referenceDir} does not exist (BANGFU_REFERENCE_DIR names another folder of the same lists)`);
  const root = new Rng(opts.seed ?? DEFAULT_SEED);
  const registry = createRegistrySeedApi(database);
  const result: SeedResult = { loaded: [], skipped: [], ms: 0 };
  const pending: { module: SubgraphModule<unknown>; scope: SeedScope }[] = [];
  for (const module of modules) {
    const hooks = module.seed;
    if (!hooks) continue;
    if (await hooks.isSeeded(database.db)) {
      result.skipped.push(module.name);
      continue;
    }
    const scope: SeedScope = {
      database,
      registry,
      rng: root.fork(module.name),
      referenceDir,
      scale: opts.scale ?? 'demo',
      divisionsWithin: opts.divisionsWithin ?? null,
      log,
    };
    const t = performance.now();
    await hooks.reference?.(scope);
    log(`seed: ${module.name} reference data in ${Math.round(performance.now() - t)} ms`);
    pending.push({ module, scope });
    result.loaded.push(module.name);
  }
  // Demo data after all reference data: a channel's demo may build on another's references.
  if (opts.demo ?? true) {
    for (const { module, scope } of pending) {
      const t = performance.now();
      await module.seed?.demo?.(scope);
      log(`seed: ${module.name} demo data in ${Math.round(performance.now() - t)} ms`);
    }
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}
