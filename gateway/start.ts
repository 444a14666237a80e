// `npm start`: the embedded hub. Gateway and every subgraph in this process; PGlite in a
// data folder unless DATABASE_URL names a PostgreSQL server; reference and demo data loaded
// on first start.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { openDatabase } from '../lib/db.js';
import { devDefault, fail, intEnv, ROOT, seedOptionsFromEnv } from '../lib/env.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import { describeSeedFailure, migrateAll, seedAll } from '../seed/index.js';
import { subgraphs } from '../subgraphs/index.js';
import { DEV_JWT_SECRET } from './dev-secrets.js';
import { createEmbeddedGateway } from './embedded.js';
import { DEFAULT_CONCURRENT_REQUESTS } from './gateway.js';

try {
  const started = performance.now();
  const url = process.env.DATABASE_URL;
  const dataDir = process.env.BANGFU_DATA_DIR ?? `${ROOT}.data/pglite`;
  const database = await openDatabase(url ? { url } : { dataDir });
  console.log(`bangfu: database ${url ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`}`);
  await migrateAll(database, subgraphs);
  const seeded = await seedAll(database, subgraphs, seedOptionsFromEnv()).catch((error) => {
    console.error(`bangfu: ${describeSeedFailure(error, url ? 'use an empty database' : `delete ${dataDir}`)}`);
    process.exit(1);
  });
  console.log(
    seeded.ran.length
      ? `bangfu: loaded ${seeded.ran.length} seed steps in ${seeded.ms} ms`
      : `bangfu: data found (${seeded.recorded} seed steps recorded): nothing loaded`,
  );
  const { gateway } = await createEmbeddedGateway(database, subgraphs, {
    supergraphSdl: readCommittedSupergraph(),
    jwt: { secret: devDefault('JWT_SECRET', DEV_JWT_SECRET) },
    maxConcurrentRequests: intEnv('GATEWAY_CONCURRENCY', DEFAULT_CONCURRENT_REQUESTS),
  });
  const port = intEnv('PORT', 4000);
  await gateway.listen(port, process.env.HOST ?? '127.0.0.1');
  console.log(`bangfu: ready in ${Math.round(performance.now() - started)} ms at http://localhost:${port}/graphql (health: /health)`);
  const shutdown = async () => {
    await gateway.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  fail(error);
}
