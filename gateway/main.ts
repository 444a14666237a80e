// The gateway alone (distributed topology): `npm run start:gateway`. Each subgraph runs in its
// own process; their URLs come from <NAME>_URL (REGISTRY_URL, DESIGNATED_URL, …).
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { fail, intEnv, requireEnv } from '../lib/env.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import { subgraphs } from '../subgraphs/index.js';
import { createGateway, DEFAULT_CONCURRENT_REQUESTS, type SubgraphLocation } from './gateway.js';
import { gatewayLimitsFromEnv } from './limits.js';

try {
  const locations: Record<string, SubgraphLocation> = {};
  for (const s of subgraphs) {
    const name = `${s.name.toUpperCase()}_URL`;
    locations[s.name] = { url: requireEnv(name, `the URL of the ${s.name} subgraph, e.g. http://${s.name}:4001/graphql`) };
  }
  const publicKeyPem = process.env.JWT_PUBLIC_KEY;
  const gateway = await createGateway({
    supergraphSdl: readCommittedSupergraph(),
    subgraphs: locations,
    jwt: publicKeyPem
      ? { publicKeyPem, publicKeyAlg: process.env.JWT_ALG }
      : { secret: requireEnv('JWT_SECRET', 'the key that verifies bearer tokens (or set JWT_PUBLIC_KEY)') },
    gatewaySecret: requireEnv('GATEWAY_SECRET', 'the shared HMAC secret with which the gateway signs calls to subgraphs'),
    maxConcurrentRequests: intEnv('GATEWAY_CONCURRENCY', DEFAULT_CONCURRENT_REQUESTS),
    limits: gatewayLimitsFromEnv(),
  });
  const port = intEnv('PORT', 4000);
  await gateway.listen(port);
  console.log(`bangfu gateway: listening on :${port}/graphql over ${subgraphs.length} subgraphs`);
} catch (error) {
  fail(error);
}
