// `npm run seed`: migrate and seed the database named by DATABASE_URL (the distributed
// topology's one-shot job; the embedded hub seeds itself on start). Runs the seed steps its
// ledgers do not record yet: a job that stopped halfway is resumed by the next.
import { createLog, log } from '../lib/log.js';
import { openDatabase } from '../lib/db.js';
import { fail, requireEnv, seedOptionsFromEnv } from '../lib/env.js';
import { subgraphs } from '../subgraphs/index.js';
import { describeSeedFailure, migrateAll, seedAll } from './index.js';

const progress = createLog({ sync: true, level: process.env.LOG_LEVEL ?? 'info' });
try {
  // A load, not a request: its bulk statements and index builds run as long as they need.
  const database = await openDatabase({ url: requireEnv('DATABASE_URL', 'the PostgreSQL database to seed'), statementTimeoutMs: 0, lockTimeoutMs: 0 });
  await migrateAll(database, subgraphs);
  try {
    const result = await seedAll(database, subgraphs, {
      ...seedOptionsFromEnv(),
      // Each line as it happens: a step keeps the event loop busy until it ends.
      log: (m) => progress.info(m),
      scale: process.env.BANGFU_SCALE === 'national' ? 'national' : 'demo',
    });
    log.info(
      result.ran.length
        ? `seed: loaded ${result.ran.length} steps in ${result.ms} ms${result.recorded ? ` (${result.recorded} recorded before)` : ''}`
        : `seed: data found (${result.recorded} steps recorded), nothing loaded`,
    );
  } catch (error) {
    const startOver = `drop the subgraphs' schemas (${subgraphs.map((s) => s.name).join(', ')}) and the drizzle schema, or use an empty database`;
    log.error(`seed: ${describeSeedFailure(error, startOver)}`);
    process.exitCode = 1;
  }
  await database.close();
} catch (error) {
  fail(error);
}
