import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { formatError, listen } from '../lib/server.js';
import type { SubgraphRuntime } from '../lib/subgraph.js';
import { admission } from './admission.js';
import { createAuthenticator, type JwtOptions } from './auth.js';
import { containFailures } from './failures.js';
import { InProcessDataSource, SignedRemoteDataSource, type GatewayContext } from './datasources.js';

/** Where a subgraph is: a URL (distributed) or a runtime in this process (embedded). */
export type SubgraphLocation = { url: string } | { runtime: SubgraphRuntime<unknown> };

export interface GatewayOptions {
  /** The committed supergraph (schema/supergraph.graphql). */
  supergraphSdl: string;
  subgraphs: Record<string, SubgraphLocation>;
  jwt: JwtOptions;
  /** HMAC secret shared with remote subgraphs; required when any subgraph is remote. */
  gatewaySecret?: string;
  /** GraphQL requests executed at once; more wait their turn (default 16). */
  maxConcurrentRequests?: number;
}

/** Enough to keep a few cores and the subgraphs busy; bounded so memory is (national picture: ~100 MB each). */
export const DEFAULT_CONCURRENT_REQUESTS = 16;

/**
 * The gateway: verifies bearer tokens, plans over the committed supergraph and fetches from
 * each subgraph, in process or over HTTP. Serves POST /graphql and GET /health.
 */
export async function createGateway(opts: GatewayOptions) {
  const authenticate = await createAuthenticator(opts.jwt);
  const dataSources = new Map<string, GraphQLDataSource<GatewayContext>>();
  for (const [name, location] of Object.entries(opts.subgraphs)) {
    if ('runtime' in location) dataSources.set(name, new InProcessDataSource(location.runtime));
    else {
      if (!opts.gatewaySecret) throw new Error(`subgraph ${name} is remote: a gateway secret is required to sign calls`);
      dataSources.set(name, new SignedRemoteDataSource(location.url, opts.gatewaySecret));
    }
  }
  // Nothing phones home: @apollo/gateway reads this in its constructor and otherwise reports usage.
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService: ({ name }) => {
      const source = dataSources.get(name);
      if (!source) throw new Error(`the supergraph names subgraph ${name}, which this gateway was not given`);
      // A subgraph down or slow costs only its own fields (gateway/failures.ts).
      return containFailures(name, source);
    },
  });
  // No landing page: Apollo's loads its sandbox from a CDN.
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const checks = await Promise.all(Object.entries(opts.subgraphs).map(([name, location]) => healthOf(name, location)));
    const ok = checks.every((c) => c.status === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', gateway: 'ok', subgraphs: checks });
  });
  app.use(
    '/graphql',
    admission(opts.maxConcurrentRequests ?? DEFAULT_CONCURRENT_REQUESTS),
    express.json({ limit: '2mb' }),
    expressMiddleware(server, {
      context: async ({ req }): Promise<GatewayContext> => ({
        identity: await authenticate(req.get('authorization')),
        subgraphContexts: new Map(),
      }),
    }),
  );
  return {
    app,
    server,
    listen: (port: number, host?: string) => listen(app, port, host),
    stop: () => server.stop(),
  };
}

async function healthOf(name: string, location: SubgraphLocation) {
  try {
    if ('runtime' in location) {
      await location.runtime.database.ping();
      return { name, status: 'ok', topology: 'in-process' };
    }
    const response = await fetch(new URL('/health', location.url), { signal: AbortSignal.timeout(3000) });
    return { name, status: response.ok ? 'ok' : 'down', topology: 'remote', url: location.url };
  } catch (e) {
    return { name, status: 'down', error: (e as Error).message };
  }
}
