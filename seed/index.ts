import { log as logger } from '../lib/log.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrateSubgraph, type Database } from '../lib/db.js';
import { Rng } from '../lib/rng.js';
import type { SeedScope, SeedStep } from '../lib/seed.js';
import { openLedger, recordStep } from '../lib/seed-ledger.js';
import type { SubgraphModule } from '../lib/subgraph.js';
import { createRegistrySeedApi } from '../subgraphs/registry/seed.js';
import { describeProgress, formatCount, SeedStepError, type SeedStatus } from './status.js';

export * from './status.js';

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
  /** Run the demo steps after the reference steps (default true). */
  demo?: boolean;
  seed?: number;
  scale?: 'demo' | 'national';
  /** See SeedScope.divisionsWithin. */
  divisionsWithin?: string[] | null;
  log?: (message: string) => void;
  /** Told when a step starts and as it reports progress (the hub's `/health` while it loads). */
  onProgress?: (status: SeedStatus) => void;
}

export interface StepRun {
  subgraph: string;
  step: string;
  rows: number;
  ms: number;
}

export interface SeedResult {
  /** The steps this run loaded, in order. */
  ran: StepRun[];
  /** Steps the ledgers recorded already, left alone. */
  recorded: number;
  ms: number;
}

/** A logged line at least this often while a step runs. */
export const PROGRESS_EVERY_MS = 3000;

export interface PendingStep {
  module: SubgraphModule<unknown>;
  step: SeedStep;
}

/**
 * The steps still to run, in the order seeding runs them: every subgraph's reference steps in
 * the order of `modules`, then (unless `demo` is false) every subgraph's demo steps (a channel's
 * demo may build on another's references). Opens each subgraph's ledger, creating it the first
 * time (lib/seed-ledger.ts).
 */
export async function pendingSteps(database: Database, modules: SubgraphModule<unknown>[], opts: Pick<SeedOptions, 'demo'> = {}) {
  const reference: PendingStep[] = [];
  const demo: PendingStep[] = [];
  let recorded = 0;
  for (const module of modules) {
    const steps = module.seed?.steps ?? [];
    if (!steps.length) continue;
    const done = await openLedger(database, module.name, steps);
    for (const step of steps) {
      if (done.has(step.name)) recorded++;
      else (step.demo ? demo : reference).push({ module, step });
    }
  }
  return { pending: [...reference, ...((opts.demo ?? true) ? demo : [])], recorded };
}

/**
 * Run every step the ledgers do not record yet (`pendingSteps`), each in one transaction with
 * its ledger entry, so a run that dies halfway is resumed by the next and a second run loads
 * nothing. Each step writes only its own subgraph's schema; organisations go through the
 * registry's seeding API (in the same transaction). A failed step throws a SeedStepError.
 */
export async function seedAll(database: Database, modules: SubgraphModule<unknown>[], opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const log = opts.log ?? ((m: string) => logger.info(m));
  const referenceDir = opts.referenceDir ?? REFERENCE_DIR;
  if (!existsSync(referenceDir))
    throw new Error(`the reference folder ${referenceDir} does not exist (BANGFU_REFERENCE_DIR names another folder of the same lists)`);
  const { pending, recorded } = await pendingSteps(database, modules, opts);
  const result: SeedResult = { ran: [], recorded, ms: 0 };
  for (const [i, { module, step }] of pending.entries()) {
    const stepStarted = performance.now();
    const status: SeedStatus = { subgraph: module.name, step: step.name, index: i + 1, count: pending.length, done: 0, total: null, doing: null, ms: 0 };
    let logged = stepStarted;
    const logStatus = () => {
      log(`seed: ${module.name} ${step.name}: ${describeProgress(status)} (${(status.ms / 1000).toFixed(1)} s)`);
      logged = performance.now();
    };
    const heartbeat = setInterval(() => {
      status.ms = Math.round(performance.now() - stepStarted);
      if (performance.now() - logged >= PROGRESS_EVERY_MS) logStatus();
    }, 1000).unref();
    opts.onProgress?.({ ...status });
    let rows: number;
    try {
      rows = await database.transaction(async (tx) => {
        const scope: SeedScope = {
          database: tx,
          registry: createRegistrySeedApi(tx),
          rng: subgraphRng(opts.seed ?? DEFAULT_SEED, modules, module.name),
          referenceDir,
          scale: opts.scale ?? 'demo',
          divisionsWithin: opts.divisionsWithin ?? null,
          log,
          progress(done, total, doing) {
            const changed = (doing ?? null) !== status.doing;
            Object.assign(status, { done, total, doing: doing ?? null, ms: Math.round(performance.now() - stepStarted) });
            opts.onProgress?.({ ...status });
            if (changed || performance.now() - logged >= PROGRESS_EVERY_MS) logStatus();
          },
          demoReferenceTargets: async (name) => (await modules.find((m) => m.name === name)?.seed?.demoReferenceTargets?.(tx)) ?? [],
        };
        const loaded = await step.run(scope);
        await recordStep(tx, module.name, step.name, loaded, Math.round(performance.now() - stepStarted));
        return loaded;
      });
    } catch (error) {
      status.ms = Math.round(performance.now() - stepStarted);
      throw new SeedStepError({ ...status }, recorded + result.ran.length, error);
    } finally {
      clearInterval(heartbeat);
    }
    const ms = Math.round(performance.now() - stepStarted);
    log(`seed: ${module.name} ${step.name}: ${formatCount(rows)} rows in ${formatCount(ms)} ms`);
    result.ran.push({ subgraph: module.name, step: step.name, rows, ms });
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

/**
 * A subgraph's generator: the root seed forked by each seeded subgraph's name in order, fresh
 * for each step, so a step draws the same numbers whichever steps ran before it in this process.
 */
function subgraphRng(seed: number, modules: SubgraphModule<unknown>[], name: string): Rng {
  const root = new Rng(seed);
  for (const m of modules) {
    if (!m.seed) continue;
    const rng = root.fork(m.name);
    if (m.name === name) return rng;
  }
  throw new Error(`no seeded subgraph named ${name}`);
}
