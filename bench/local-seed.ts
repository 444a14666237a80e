// Measure the local demo load on PGlite with the whole registry: `npx tsx bench/local-seed.ts`.
// The registry (every division, 665k rows) is loaded once into BENCH_REGISTRY_DIR (default
// .data/bench-registry) and copied for each run, so the run times the local step alone.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { sql } from 'drizzle-orm';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowsOf } from '../lib/batch.js';
import { openDatabase } from '../lib/db.js';
import { referenceDirFromEnv, ROOT } from '../lib/env.js';
import { migrateAll, seedAll } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';

const registryDir = process.env.BENCH_REGISTRY_DIR ?? join(ROOT, '.data/bench-registry');
const log = (m: string) => console.log(m);
const registry = subgraphs.filter((s) => s.name === 'registry');
const local = subgraphs.filter((s) => s.name === 'local');

if (!existsSync(registryDir)) {
  mkdirSync(join(registryDir, '..'), { recursive: true });
  const database = await openDatabase({ dataDir: registryDir });
  await migrateAll(database, registry);
  const r = await seedAll(database, registry, { referenceDir: referenceDirFromEnv(), log });
  console.log(`registry loaded once in ${r.ms} ms into ${registryDir}`);
  await database.close();
}
const runDir = mkdtempSync(join(tmpdir(), 'bangfu-bench-'));
cpSync(registryDir, runDir, { recursive: true });
const database = await openDatabase({ dataDir: runDir });
await migrateAll(database, subgraphs);
const result = await seedAll(database, local, { referenceDir: referenceDirFromEnv(), log });
for (const step of result.ran) console.log(`${step.subgraph} ${step.step}: ${step.rows} rows in ${step.ms} ms (${database.driver})`);
const [counts] = rowsOf(
  await database.db.execute(sql`select (select count(*) from local.households)::int as households, (select count(*) from local.work_teams)::int as teams,
    (select count(*) from local.household_pairings)::int as pairings, (select count(distinct county_code) from local.households)::int as counties`),
);
console.log(counts);
await database.close();
rmSync(runDir, { recursive: true, force: true });
