// `npm start`: the embedded hub. Gateway and every subgraph in this process; PGlite in a
// data folder unless DATABASE_URL names a PostgreSQL server; reference and demo data loaded
// on first start, in a loading process of its own, while the hub already listens and answers
// "loading" (gateway/loading.ts). METRICS_TOKEN opens /metrics; OTEL_EXPORTER_OTLP_ENDPOINT turns
// traces on (docs/operations.md).
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import type { ChildProcess } from 'node:child_process';
import type { Database } from '../lib/db.js';
import { fail, hostFromEnv, intEnv, metricsTokenFromEnv, ROOT, seedOptionsFromEnv, startTracingFromEnv } from '../lib/env.js';
import { listen } from '../lib/listen.js';
import { log } from '../lib/log.js';
import type { Metrics } from '../lib/metrics.js';
import { describeSeedFailure } from '../seed/status.js';
import { jwtOptionsFromEnv } from './auth.js';
import { DEV_JWT_SECRET } from './dev-secrets.js';
import { createLoadingFront, FIRST_START, seedInChildProcess } from './loading.js';

const url = process.env.DATABASE_URL;
const dataDir = process.env.BANGFU_DATA_DIR ?? `${ROOT}.data/pglite`;
let database: Database | null = null;
let loading: ChildProcess | null = null;
let stopGateway: (() => Promise<void>) | null = null;
let stopTracing: (() => Promise<void>) | null = null;
const shutdown = async () => {
  loading?.kill();
  await stopGateway?.();
  await database?.close();
  await stopTracing?.();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

try {
  const started = performance.now();
  const seed = seedOptionsFromEnv();
  const port = intEnv('PORT', 4000);
  // Settings first: a start that would refuse them (a public key on a public address) stops before loading.
  const jwt = jwtOptionsFromEnv(DEV_JWT_SECRET);
  const metricsToken = metricsTokenFromEnv();
  stopTracing = await startTracingFromEnv('bangfu');
  // prom-client only when the metrics are served: nothing is measured otherwise.
  const metrics: Metrics | undefined = metricsToken ? new (await import('../lib/metrics.js')).Metrics() : undefined;
  const front = createLoadingFront({ metrics, metricsToken });
  const { httpServer } = await listen(front.app, port, hostFromEnv());
  log.info(`bangfu: listening at http://localhost:${port} (/health says "loading" until the graph is served)`);

  // Imported once the port answers: the database drivers, the subgraphs and the gateway take seconds to load.
  front.show('opening the database');
  const [{ openDatabase }, { migrateAll, pendingSteps }, { subgraphs }] = await Promise.all([
    import('../lib/db.js'),
    import('../seed/index.js'),
    import('../subgraphs/index.js'),
  ]);
  const databaseOptions = url ? { url } : { dataDir };
  database = await openDatabase(databaseOptions);
  log.info(`bangfu: database ${url ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`}`);
  front.show('applying migrations');
  await migrateAll(database, subgraphs);
  const { pending, recorded } = await pendingSteps(database, subgraphs, seed);
  if (!pending.length) {
    log.info(`bangfu: data found (${recorded} seed steps recorded): nothing loaded`);
  } else {
    log.info(
      `bangfu: loading ${pending.length} seed step${pending.length === 1 ? '' : 's'}${recorded ? ` (the ${recorded} recorded by an earlier start are kept)` : ''}; ` +
        `a first start takes ${FIRST_START}`,
    );
    await database.close();
    database = null;
    const run = seedInChildProcess({ database: databaseOptions, seed }, (status) => front.show(status));
    loading = run.child;
    try {
      const result = await run.result;
      const rows = result.ran.reduce((n, step) => n + step.rows, 0);
      log.info(`bangfu: loaded ${result.ran.length} seed steps (${rows.toLocaleString('en-US')} rows) in ${result.ms} ms`);
    } catch (error) {
      const startOver = url
        ? `drop the subgraphs' schemas (${subgraphs.map((s) => s.name).join(', ')}) and the drizzle schema, or use an empty database`
        : `delete ${dataDir}`;
      log.error(`bangfu: ${describeSeedFailure(error, startOver)}`);
      process.exit(1);
    }
    loading = null;
    database = await openDatabase(databaseOptions);
  }

  front.show('starting the gateway');
  const [{ readCommittedSupergraph }, { createEmbeddedGateway }, { DEFAULT_CONCURRENT_REQUESTS }, { gatewayLimitsFromEnv }] = await Promise.all([
    import('../schema/compose.js'),
    import('./embedded.js'),
    import('./gateway.js'),
    import('./limits.js'),
  ]);
  const { gateway } = await createEmbeddedGateway(database, subgraphs, {
    supergraphSdl: readCommittedSupergraph(),
    jwt,
    maxConcurrentRequests: intEnv('GATEWAY_CONCURRENCY', DEFAULT_CONCURRENT_REQUESTS),
    limits: gatewayLimitsFromEnv(),
    metrics,
    metricsToken,
  });
  stopGateway = async () => {
    await gateway.stop();
    httpServer.close();
  };
  front.ready(gateway.app);
  log.info(`bangfu: ready in ${Math.round(performance.now() - started)} ms at http://localhost:${port}/graphql (health: /health)`);
} catch (error) {
  loading?.kill();
  fail(error);
}
