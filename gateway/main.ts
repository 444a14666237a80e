// The gateway alone (distributed topology): `npm run start:gateway`. Each subgraph runs in its
// own process; their URLs come from <NAME>_URL (REGISTRY_URL, DESIGNATED_URL, …). It listens on
// HOST (default 127.0.0.1) and PORT (default 4000). METRICS_TOKEN opens /metrics;
// OTEL_EXPORTER_OTLP_ENDPOINT turns traces on (docs/operations.md).
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { fail, hostFromEnv, intEnv, metricsTokenFromEnv, requireEnv, secretEnv, startTracingFromEnv, stopOnSignal } from '../lib/env.js';
import { log } from '../lib/log.js';
import { boundTo } from '../lib/server.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import { subgraphs } from '../subgraphs/index.js';
import { jwtOptionsFromEnv } from './auth.js';
import { createGateway, DEFAULT_CONCURRENT_REQUESTS, type SubgraphLocation } from './gateway.js';
import { gatewayLimitsFromEnv } from './limits.js';

try {
  const stopTracing = await startTracingFromEnv('bangfu-gateway');
  if (stopTracing) stopOnSignal(stopTracing);
  const locations: Record<string, SubgraphLocation> = {};
  for (const s of subgraphs) {
    const name = `${s.name.toUpperCase()}_URL`;
    locations[s.name] = { url: requireEnv(name, `the URL of the ${s.name} subgraph, e.g. http://${s.name}:4001/graphql`) };
  }
  const gateway = await createGateway({
    supergraphSdl: readCommittedSupergraph(),
    subgraphs: locations,
    jwt: jwtOptionsFromEnv(),
    gatewaySecret: secretEnv('GATEWAY_SECRET', 'the shared HMAC secret with which the gateway signs calls to subgraphs'),
    maxConcurrentRequests: intEnv('GATEWAY_CONCURRENCY', DEFAULT_CONCURRENT_REQUESTS),
    limits: gatewayLimitsFromEnv(),
    metricsToken: metricsTokenFromEnv(),
  });
  const { httpServer } = await gateway.listen(intEnv('PORT', 4000), hostFromEnv());
  log.info(`bangfu gateway: listening on ${boundTo(httpServer)}/graphql over ${subgraphs.length} subgraphs`);
} catch (error) {
  fail(error);
}
