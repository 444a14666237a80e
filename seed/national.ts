// `npm run gen:national`: migrate the PostgreSQL database at DATABASE_URL and load the national
// data set (scale `national`, the default seed): every division, the 832 poverty counties and
// every channel at the real programme's scale. Creates the database when it does not exist;
// `--fresh` drops it first. Logs each step's load time, the total and the largest tables.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase } from '../lib/db.js';
import { fail, intEnv, referenceDirFromEnv } from '../lib/env.js';
import { log } from '../lib/log.js';
import { subgraphs } from '../subgraphs/index.js';
import { DEFAULT_SEED, migrateAll, seedAll } from './index.js';

/** Where the benchmark expects the national data set unless told otherwise. */
export const DEFAULT_NATIONAL_URL = 'postgres://postgres@127.0.0.1:5432/bangfu_national';

/** Create (or with `fresh`, drop and create) the database a URL names, through the server's `postgres` database. */
export async function ensureDatabase(url: string, fresh: boolean): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}": letters, digits and _ only`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const server = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    if (fresh) await server.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await server`select 1 from pg_database where datname = ${name}`;
    if (!exists.length) await server.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await server.end();
  }
}

try {
  const url = process.env.DATABASE_URL ?? DEFAULT_NATIONAL_URL;
  const fresh = process.argv.includes('--fresh');
  const started = performance.now();
  await ensureDatabase(url, fresh);
  const database = await openDatabase({ url, max: 4, statementTimeoutMs: 0, lockTimeoutMs: 0 });
  await migrateAll(database, subgraphs);
  const timings: [string, number][] = [];
  const result = await seedAll(database, subgraphs, {
    referenceDir: referenceDirFromEnv(),
    seed: intEnv('BANGFU_SEED', DEFAULT_SEED),
    scale: 'national',
    log: (m) => {
      log.info(m);
      const t = /^seed: (\w+) (.+): [\d,]+ rows in ([\d,]+) ms$/.exec(m);
      if (t) timings.push([`${t[1]} ${t[2]}`, Number(t[3].replace(/,/g, ''))]);
    },
  });
  // Fresh statistics (the planner must see the national volumes before the first benchmark)
  // and a fresh visibility map (index-only scans skip the heap only for all-visible pages:
  // autovacuum would set it later, a benchmark right after the load would read the heap).
  await database.db.execute(sql`vacuum (analyze)`);
  const counts = await database.db.execute(
    // Exact row counts of the largest tables, for the report (ANALYZE's estimates are enough to rank).
    sql`select schemaname || '.' || relname as "table", n_live_tup::bigint as "rows"
      from pg_stat_user_tables where n_live_tup > 0 order by n_live_tup desc limit 25`,
  );
  if (!result.ran.length) log.info(`gen:national: ${url} already holds data (${result.recorded} seed steps recorded); --fresh reloads it`);
  const totalMs = Math.round(performance.now() - started);
  log.info({ stepsMs: Object.fromEntries(timings), totalMs }, `gen:national: loaded in ${totalMs} ms (with migrations)`);
  log.info({ tables: counts }, 'gen:national: the largest tables');
  await database.close();
} catch (error) {
  fail(error);
}
