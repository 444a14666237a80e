// `npm run bench:load`: time the load of every division (the 2023 edition, 665,276 places)
// on each driver, side by side: PGlite in memory, PGlite on disk, and PostgreSQL when
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database } from '../lib/db.js';
import { migrateAll } from '../seed/index.js';
import { loadDivisions } from '../subgraphs/registry/import.js';
import { registrySubgraph } from '../subgraphs/registry/subgraph.js';

async function measure(label: string, open: () => Promise<{ database: Database; cleanup: () => Promise<void> }>) {
  const { database, cleanup } = await open();
  try {
    await migrateAll(database, [registrySubgraph]);
    const report = await loadDivisions(database);
    const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
    return { driver: label, rows, ms: report.ms, rowsPerSecond: Math.round(rows / (report.ms / 1000)) };
  } finally {
    await cleanup();
  }
}

const results = [];
results.push(
  await measure('PGlite (memory)', async () => {
    const database = await openDatabase({});
    return { database, cleanup: () => database.close() };
  }),
);
results.push(
  await measure('PGlite (disk)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bangfu-load-'));
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      cleanup: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }),
);
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (adminUrl) {
  results.push(
    await measure('PostgreSQL', async () => {
      const name = `bangfu_bench_load_${process.pid}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const database = await openDatabase({ url: url.toString() });
      return {
        database,
        cleanup: async () => {
          await database.close();
          await admin.unsafe(`DROP DATABASE "${name}" WITH (FORCE)`);
          await admin.end();
        },
      };
    }),
  );
}
console.table(results);
