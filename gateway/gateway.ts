import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler, type Response } from 'express';
import { ANONYMOUS, type Identity } from '../lib/identity.js';
import { formatError, jsonBodyErrors, listen } from '../lib/server.js';
import type { SubgraphRuntime } from '../lib/subgraph.js';
import { admission } from './admission.js';
import { createAuthenticator, type JwtOptions } from './auth.js';
import { containFailures } from './failures.js';
import { InProcessDataSource, SignedRemoteDataSource, type GatewayContext } from './datasources.js';
import { Deadline, deadlineAnswer } from './deadline.js';
import { perClientRateLimit, readBody } from './intake.js';
import { pages } from './pages.js';
import { costLimit, DEFAULT_LIMITS, structureRules, tokenLimitError, type GatewayLimits } from './limits.js';

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
  /**
   * Answer without schema details: no "Did you mean …" field suggestions in errors. Default:
   * when NODE_ENV is `production` (as Apollo Server decides introspection).
   */
  hideSchemaDetails?: boolean;
  /** What the gateway accepts and how long it waits; each one left out is its default (`DEFAULT_LIMITS`). */
  limits?: Partial<GatewayLimits>;
  /**
   * Check operations against the limits of tokens, depth, aliases, directives and cost (default
   * true). Off only to measure what the checks cost (`npm run bench -- --only limits`).
   */
  operationLimits?: boolean;
}

/** Enough to keep a few cores and the subgraphs busy; bounded so memory is (national picture: ~100 MB each). */
export const DEFAULT_CONCURRENT_REQUESTS = 16;

/** What `identify` found: the verified caller, or the refusal of a token that does not verify. */
type Caller = { identity: Identity } | { refused: unknown };
const callerOf = (res: Response): Caller => res.locals.caller as Caller;

/**
 * The gateway: verifies bearer tokens, plans over the committed supergraph and fetches from
 * each subgraph, in process or over HTTP. Serves POST /graphql and GET /health.
 *
 * A request to /graphql goes through, in order (docs/limits.md): its token verified; the rate
 * limit of its client; its body read, bounded in size and time; a slot among
 * `maxConcurrentRequests`, waiting in a bounded queue for a bounded time; its operation checked
 * against the limits of tokens, depth, aliases, directives and cost before it is planned; and
 * its execution, which answers by its deadline.
 */
export async function createGateway(opts: GatewayOptions) {
  const limits: GatewayLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const checked = opts.operationLimits ?? true;
  const authenticate = await createAuthenticator(opts.jwt);
  const dataSources = new Map<string, GraphQLDataSource<GatewayContext>>();
  for (const [name, location] of Object.entries(opts.subgraphs)) {
    if ('runtime' in location) dataSources.set(name, new InProcessDataSource(location.runtime));
    else {
      if (!opts.gatewaySecret) throw new Error(`subgraph ${name} is remote: a gateway secret is required to sign calls`);
      dataSources.set(name, new SignedRemoteDataSource(name, location.url, opts.gatewaySecret));
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
    formatError: (formatted, error) => tokenLimitError(formatted, limits) ?? formatError(formatted, error),
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: opts.hideSchemaDetails ?? process.env.NODE_ENV === 'production',
    ...(checked ? { parseOptions: { maxTokens: limits.maxTokens }, validationRules: structureRules(limits) } : {}),
    plugins: [ApolloServerPluginLandingPageDisabled(), ...(checked ? [costLimit(limits)] : []), deadlineAnswer()],
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const checks = await Promise.all(Object.entries(opts.subgraphs).map(([name, location]) => healthOf(name, location)));
    const ok = checks.every((c) => c.status === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', gateway: 'ok', subgraphs: checks });
  });
  const identify: RequestHandler = async (req, res, next) => {
    try {
      res.locals.caller = { identity: await authenticate(req.get('authorization')) } satisfies Caller;
    } catch (refused) {
      res.locals.caller = { refused } satisfies Caller;
    }
    next();
  };
  const subjectOf = (res: Response) => {
    const caller = callerOf(res);
    return 'identity' in caller && caller.identity.sub !== ANONYMOUS.sub ? caller.identity.sub : null;
  };
  app.use(pages());
  app.use(
    '/graphql',
    identify,
    ...(limits.rateLimit > 0 ? [perClientRateLimit({ limit: limits.rateLimit, windowMs: limits.rateWindowMs }, subjectOf)] : []),
    readBody({ maxBytes: limits.maxBodyBytes, timeoutMs: limits.bodyTimeoutMs }),
    jsonBodyErrors,
    admission({ concurrency: opts.maxConcurrentRequests ?? DEFAULT_CONCURRENT_REQUESTS, queue: limits.queue, queueTimeoutMs: limits.queueTimeoutMs }),
    expressMiddleware(server, {
      context: async ({ res }): Promise<GatewayContext> => {
        const caller = callerOf(res);
        if ('refused' in caller) throw caller.refused;
        return { identity: caller.identity, subgraphContexts: new Map(), deadline: new Deadline(limits.deadlineMs) };
      },
    }),
  );
  return {
    app,
    server,
    listen: (port: number, host?: string) => listen(app, port, host),
    stop: () => server.stop(),
  };
}

/** A subgraph's state for the public /health: its name and `ok` or `down`; why it is down goes to the log. */
async function healthOf(name: string, location: SubgraphLocation): Promise<{ name: string; status: 'ok' | 'down' }> {
  try {
    if ('runtime' in location) await location.runtime.database.ping();
    else {
      const response = await fetch(new URL('/health', location.url), { signal: AbortSignal.timeout(3000) });
      if (!response.ok) throw new Error(`${location.url} answered HTTP ${response.status}`);
    }
    return { name, status: 'ok' };
  } catch (e) {
    console.error(`health: subgraph ${name} is down:`, e);
    return { name, status: 'down' };
  }
}
