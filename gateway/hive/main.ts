// The scale-out gateway (docs/scale-out.md): `npm run start:hive`. Hive Gateway with the Rust
// query planner over the distributed subgraphs, with the environment of `npm run start:gateway`:
// <NAME>_URL of each subgraph, JWT_SECRET (or JWT_PUBLIC_KEY), GATEWAY_SECRET, HOST (default
// 127.0.0.1) and PORT (default 4000).
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { createServer } from 'node:http';
import { fail, hostFromEnv, intEnv, requireEnv, secretEnv } from '../../lib/env.js';
import { SERVER_TIMEOUTS } from '../../lib/listen.js';
import { boundTo } from '../../lib/server.js';
import { readCommittedSupergraph } from '../../schema/compose.js';
import { subgraphs } from '../../subgraphs/index.js';
import { jwtOptionsFromEnv } from '../auth.js';
import { hiveGatewayConfig } from './config.js';

try {
  const urls: Record<string, string> = {};
  for (const s of subgraphs) {
    const name = `${s.name.toUpperCase()}_URL`;
    urls[s.name] = requireEnv(name, `the URL of the ${s.name} subgraph, e.g. http://${s.name}:4001/graphql`);
  }
  const runtime = createGatewayRuntime(
    await hiveGatewayConfig({
      supergraphSdl: readCommittedSupergraph(),
      subgraphs: urls,
      jwt: jwtOptionsFromEnv(),
      gatewaySecret: secretEnv('GATEWAY_SECRET', 'the shared HMAC secret with which the gateway signs calls to subgraphs'),
      logging: 'warn',
    }),
  );
  const httpServer = createServer(SERVER_TIMEOUTS, runtime);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(intEnv('PORT', 4000), hostFromEnv(), resolve);
  });
  console.log(`bangfu hive gateway: listening on ${boundTo(httpServer)}/graphql over ${subgraphs.length} subgraphs (Rust query planner)`);
  const stop = async () => {
    httpServer.close();
    await runtime.dispose();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  fail(error);
}
