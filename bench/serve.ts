// A server process of the benchmark (started by bench/run.ts, loopback only):
//   embedded  the hub of `npm start` (gateway + every subgraph in this process) over
//             BENCH_DATABASE_URL, plus the registry subgraph alone at /direct/registry/graphql
//             (the "direct" side of the overhead ratio) and GET /bench/stats (SQL statements);
//             with BENCH_LIMITS_OFF=1, also a second gateway over the same subgraphs with no
//             operation limits and no rate limit, at /limits-off/graphql (what the limits
//             cost, alternating).
//   hive-router  the scale-out gateway (gateway/hive/config.ts): Hive Gateway with Hive Router's
//             Rust query planner and executor over the committed supergraph, fetching from the
//             subgraph processes named by SUBGRAPH_URLS (JSON), each fetch signed as bangfu's
//             gateway signs it.
//   hive      the same with Hive Gateway's own (JavaScript) planner and executor.
// Prints `ready <port>` when listening.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../lib/db.js';
import { intEnv, requireEnv } from '../lib/env.js';
import { SERVER_TIMEOUTS } from '../lib/listen.js';
import { createSubgraphApp } from '../lib/server.js';
import { readCommittedSupergraph } from '../schema/compose.js';
import { subgraphs } from '../subgraphs/index.js';
import { createEmbeddedGateway } from '../gateway/embedded.js';
import { createGateway, DEFAULT_CONCURRENT_REQUESTS } from '../gateway/gateway.js';
import { gatewayLimitsFromEnv } from '../gateway/limits.js';

const mode = process.argv[2];
const port = Number(process.env.PORT ?? 0);
const secret = requireEnv('GATEWAY_SECRET', 'the benchmark signs calls to subgraphs');

if (mode === 'embedded') {
  const database = await openDatabase({ url: requireEnv('BENCH_DATABASE_URL', 'the national data set'), max: Number(process.env.DATABASE_POOL ?? 10) });
  const { gateway, runtimes } = await createEmbeddedGateway(database, subgraphs, {
    supergraphSdl: readCommittedSupergraph(),
    jwt: { secret: requireEnv('JWT_SECRET', 'verifies bearer tokens') },
    maxConcurrentRequests: intEnv('GATEWAY_CONCURRENCY', DEFAULT_CONCURRENT_REQUESTS),
    limits: gatewayLimitsFromEnv(),
  });
  const direct = await createSubgraphApp(runtimes.get('registry')!, { gatewaySecret: secret });
  gateway.app.use('/direct/registry', direct.app);
  if (process.env.BENCH_LIMITS_OFF === '1') {
    // The same gateway's options and the same subgraph runtimes, the operation checks and the
    // per-client rate limit left out (whatever GATEWAY_RATE_LIMIT gives the first gateway).
    const unchecked = await createGateway({
      supergraphSdl: readCommittedSupergraph(),
      subgraphs: Object.fromEntries([...runtimes].map(([name, runtime]) => [name, { runtime }])),
      jwt: { secret: requireEnv('JWT_SECRET', 'verifies bearer tokens') },
      maxConcurrentRequests: intEnv('GATEWAY_CONCURRENCY', DEFAULT_CONCURRENT_REQUESTS),
      limits: { ...gatewayLimitsFromEnv(), rateLimit: 0 },
      operationLimits: false,
    });
    gateway.app.use('/limits-off', unchecked.app);
  }
  gateway.app.get('/bench/stats', (_req, res) => {
    res.json({ statements: database.statements.count, rss: process.memoryUsage().rss });
  });
  const { port: bound } = await gateway.listen(port, '127.0.0.1');
  console.log(`ready ${bound}`);
} else if (mode === 'hive' || mode === 'hive-router') {
  // The scale-out gateway's own configuration (gateway/hive/config.ts), with Hive Gateway's
  // JavaScript planner for `hive`: tokens verified and calls signed as in production.
  const [{ createGatewayRuntime }, { hiveGatewayConfig }] = await Promise.all([import('@graphql-hive/gateway'), import('../gateway/hive/config.js')]);
  const runtime = createGatewayRuntime(
    await hiveGatewayConfig({
      supergraphSdl: readCommittedSupergraph(),
      subgraphs: JSON.parse(requireEnv('SUBGRAPH_URLS', 'JSON {name: url} of the subgraph processes')) as Record<string, string>,
      jwt: { secret: requireEnv('JWT_SECRET', 'verifies bearer tokens') },
      gatewaySecret: secret,
      planner: mode === 'hive-router' ? 'rust' : 'javascript',
    }),
  );
  const server = createServer(SERVER_TIMEOUTS, runtime);
  server.listen(port, '127.0.0.1', () => console.log(`ready ${(server.address() as AddressInfo).port}`));
} else {
  console.error('usage: serve.ts embedded|hive|hive-router');
  process.exit(2);
}

const stop = () => process.exit(0);
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
