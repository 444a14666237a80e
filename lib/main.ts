import { openDatabase, migrateSubgraph } from './db.js';
import { fail, hostFromEnv, intEnv, metricsTokenFromEnv, requireEnv, secretEnv, startTracingFromEnv, stopOnSignal } from './env.js';
import { log } from './log.js';
import { createStandaloneRuntime, type SubgraphModule } from './subgraph.js';
import { boundTo, createSubgraphApp, listen } from './server.js';

/**
 * The body of every `subgraphs/<name>/main.ts`: one subgraph alone (distributed topology).
 * Env: DATABASE_URL (required: the services share one PostgreSQL, each in its own schema),
 * GATEWAY_SECRET (required: calls without the gateway's signature are refused),
 * GATEWAY_SIGNATURE_WINDOW (seconds a signed call stays valid either side of its time, default 60),
 * REGISTRY_URL (required for channel subgraphs: their registry lookups), DESIGNATED_URL,
 * EASTWEST_URL, … (the registry: the channels its cross-channel views ask; enterprises: the
 * channels its contributions' references name), HOST (default
 * 127.0.0.1), PORT (default 4001), METRICS_TOKEN (opens /metrics), OTEL_EXPORTER_OTLP_ENDPOINT
 * (traces; docs/operations.md).
 */
export async function runSubgraphMain(module: SubgraphModule<unknown>): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
  try {
    const stopTracing = await startTracingFromEnv(`bangfu-${module.name}`);
    if (stopTracing) stopOnSignal(stopTracing);
    const url = requireEnv('DATABASE_URL', 'a subgraph running alone needs PostgreSQL (PGlite is for the embedded hub)');
    const secret = secretEnv('GATEWAY_SECRET', 'the shared HMAC secret that proves a call came from the gateway');
    const signatureWindowMs = intEnv('GATEWAY_SIGNATURE_WINDOW', 60) * 1000;
    const host = hostFromEnv();
    const port = intEnv('PORT', 4001);
    const database = await openDatabase({ url, max: intEnv('DATABASE_POOL', 10) });
    await migrateSubgraph(database, module.name, module.migrationsFolder);
    const registryUrl = module.name === 'registry' ? null : requireEnv('REGISTRY_URL', 'channel subgraphs look up places and organisations in the registry');
    // The other subgraphs' URLs, as the gateway reads them (<NAME>_URL), for the views that ask them.
    const urlOf = (name: string) => process.env[`${name.toUpperCase()}_URL`] || undefined;
    const runtime = createStandaloneRuntime(module, database, registryUrl ? { url: registryUrl, secret } : null, { urlOf, secret });
    const { app } = await createSubgraphApp(runtime, { gatewaySecret: secret, signatureWindowMs, metricsToken: metricsTokenFromEnv() });
    const { httpServer } = await listen(app, port, host);
    log.info(`bangfu ${module.name}: listening on ${boundTo(httpServer)}/graphql`);
  } catch (error) {
    fail(error);
  }
}
