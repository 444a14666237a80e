// `npm run seed`: migrate and seed the database named by DATABASE_URL (the distributed
// topology's one-shot job; the embedded hub seeds itself on start).
import { openDatabase } from '../lib/db.js';
import { fail, intEnv, referenceDirFromEnv, requireEnv } from '../lib/env.js';
import { subgraphs } from '../subgraphs/index.js';
import { migrateAll, seedAll } from './index.js';

try {
  // A load, not a request: its bulk statements and index builds run as long as they need.
  const database = await openDatabase({ url: requireEnv('DATABASE_URL', 'the PostgreSQL database to seed'), statementTimeoutMs: 0, lockTimeoutMs: 0 });
  await migrateAll(database, subgraphs);
  const result = await seedAll(database, subgraphs, {
    referenceDir: referenceDirFromEnv(),
    demo: process.env.BANGFU_DEMO !== '0',
    seed: intEnv('BANGFU_SEED', 20_201_123),
    scale: process.env.BANGFU_SCALE === 'national' ? 'national' : 'demo',
  });
  console.log(result.loaded.length ? `seed: loaded ${result.loaded.join(', ')} in ${result.ms} ms` : 'seed: data found, nothing loaded');
  await database.close();
} catch (error) {
  fail(error);
}
