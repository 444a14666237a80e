// A server process of the benchmark (started by bench/run.ts, loopback only):
//   embedded  the hub of `npm start` (gateway + every subgraph in this process) over
//             BENCH_DATABASE_URL, plus the registry subgraph alone at /direct/registry/graphql
//             (the "direct" side of the overhead ratio) and GET /bench/stats (SQL statements);
//             with BENCH_LIMITS_OFF=1, also a second gateway over the same subgraphs with no
//             operation limits, at /limits-off/graphql (what the limits cost, alternating).
//   hive      Hive Gateway over the committed supergraph, fetching from the subgraph processes
//             named by SUBGRAPH_URLS (JSON), signing each fetch as bangfu's gateway does.
//   hive-router  the same Hive Gateway with Hive Router's Rust query planner and executor
//             (`@graphql-hive/router-runtime`'s unifiedGraphHandler) in place of its own.
// Prints `ready <port>` when listening.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../lib/db.js';
import { intEnv, requireEnv } from '../lib/env.js';
import { ANONYMOUS, signPost } from '../lib/identity.js';
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
    // The same gateway's options and the same subgraph runtimes, the operation checks left out.
    const unchecked = await createGateway({
      supergraphSdl: readCommittedSupergraph(),
      subgraphs: Object.fromEntries([...runtimes].map(([name, runtime]) => [name, { runtime }])),
      jwt: { secret: requireEnv('JWT_SECRET', 'verifies bearer tokens') },
      maxConcurrentRequests: intEnv('GATEWAY_CONCURRENCY', DEFAULT_CONCURRENT_REQUESTS),
      limits: gatewayLimitsFromEnv(),
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
  const { createGatewayRuntime } = await import('@graphql-hive/gateway');
  const router = mode === 'hive-router' ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler } : {};
  const urls = JSON.parse(requireEnv('SUBGRAPH_URLS', 'JSON {name: url} of the subgraph processes')) as Record<string, string>;
  // Same supergraph, with the loopback URLs of the running subgraphs in place of the docker names.
  const supergraph = readCommittedSupergraph().replace(
    /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
    (whole, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole),
  );
  const runtime = createGatewayRuntime({
    ...router,
    supergraph,
    logging: false,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    plugins: () => [
      {
        // Anonymous callers, as in the load: the identity bangfu's gateway would forward, signed
        // for the subgraph the URL names and the body sent (a JSON text).
        onFetch({ url, options, setOptions }) {
          const subgraph = Object.keys(urls).find((name) => urls[name] === url) ?? 'unknown';
          const body = typeof options.body === 'string' ? options.body : '';
          setOptions({ ...options, headers: { ...(options.headers as Record<string, string>), ...signPost(ANONYMOUS, subgraph, url, body, secret) } });
        },
      },
    ],
  });
  const server = createServer(runtime);
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => console.log(`ready ${(server.address() as AddressInfo).port}`));
} else {
  console.error('usage: serve.ts embedded|hive|hive-router');
  process.exit(2);
}

const stop = () => process.exit(0);
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
