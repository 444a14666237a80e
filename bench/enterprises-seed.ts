// Measure the enterprises demo load at campaign scale on PGlite:
// `npx tsx bench/enterprises-seed.ts [demo|national]`. The registry (every division, 665k rows)
// is loaded once into BENCH_REGISTRY_DIR (default .data/bench-registry) and copied for each run,
// so the run times the enterprises hooks alone. Prints the load time and row counts.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { sql } from 'drizzle-orm';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../lib/db.js';
import { referenceDirFromEnv, ROOT } from '../lib/env.js';
import { migrateAll, seedAll } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';

const scale = process.argv[2] === 'national' ? 'national' : 'demo';
const registryDir = process.env.BENCH_REGISTRY_DIR ?? join(ROOT, '.data/bench-registry');
const log = (m: string) => console.log(m);
const registry = subgraphs.filter((s) => s.name === 'registry');
const enterprises = subgraphs.filter((s) => s.name === 'enterprises');

if (!existsSync(registryDir)) {
  mkdirSync(join(registryDir, '..'), { recursive: true });
  const database = await openDatabase({ dataDir: registryDir });
  // Only the registry here: the snapshot must not hold another subgraph's migrations.
  await migrateAll(database, registry);
  const r = await seedAll(database, registry, { referenceDir: referenceDirFromEnv(), log });
  console.log(`registry loaded once in ${r.ms} ms into ${registryDir}`);
  await database.close();
}
const runDir = mkdtempSync(join(tmpdir(), 'bangfu-bench-'));
cpSync(registryDir, runDir, { recursive: true });
const database = await openDatabase({ dataDir: runDir });
await migrateAll(database, subgraphs);
const e = await seedAll(database, enterprises, { referenceDir: referenceDirFromEnv(), log, scale });
console.log(`enterprises loaded in ${e.ms} ms (${database.driver}, scale ${scale})`);
const counts = await database.db.execute(sql`select
  (select count(*) from enterprises.compacts)::int as compacts,
  (select count(*) from enterprises.contributions)::int as contributions,
  (select count(distinct helper_id) from enterprises.compacts)::int as compact_enterprises,
  (select count(distinct helped_code) from enterprises.compacts)::int as compact_villages,
  (select count(distinct substr(helped_code, 1, 6)) from enterprises.contributions where (group_id like 'demo-ent-cg%' or group_kind = 'CENTRAL_SOE') and compact_id is null)::int as central_counties,
  (select count(*) from registry.organizations where id like 'demo-ent-%')::int as demo_organisations`);
console.log((counts as unknown as { rows: unknown[] }).rows?.[0] ?? (counts as unknown as unknown[])[0]);
await database.close();
rmSync(runDir, { recursive: true, force: true });
