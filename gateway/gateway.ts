import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type RequestHandler, type Response } from 'express';
import type { Database } from '../lib/db.js';
import { ANONYMOUS, type Identity } from '../lib/identity.js';
import { log as defaultLog, type Logger } from '../lib/log.js';
import { Metrics, metricsEndpoint } from '../lib/metrics.js';
import { observePlugin, observeRequests, scopeOf } from '../lib/observe.js';
import { formatError, jsonBodyErrors, listen } from '../lib/server.js';
import type { SubgraphRuntime } from '../lib/subgraph.js';
import { admission } from './admission.js';
import { createAuthenticator, type JwtOptions } from './auth.js';
import { importRoutes } from './imports.js';
import { subgraphs } from '../subgraphs/index.js';
import { containFailures } from './failures.js';
import { InProcessDataSource, SignedRemoteDataSource, type GatewayContext } from './datasources.js';
import { Deadline, deadlineAnswer } from './deadline.js';
import { perClientRateLimit, readBody } from './intake.js';
import { pages } from './pages.js';
import { exportRouter, type Execute } from './export/route.js';
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
  /** Where its log goes (default: the process's, on stdout). */
  logger?: Logger;
  /**
   * Serve GET /metrics to `Authorization: Bearer <metricsToken>`; without it /metrics answers
   * 404 and nothing is measured (docs/operations.md).
   */
  metricsToken?: string;
  /** The registry to record into (the embedded hub's, which its loading front serves first); default: a new one. */
  metrics?: Metrics;
}

/** Enough to keep a few cores and the subgraphs busy; bounded so memory is (national picture: ~100 MB each). */
export const DEFAULT_CONCURRENT_REQUESTS = 16;

/** What `identify` found: the verified caller, or the refusal of a token that does not verify. */
type Caller = { identity: Identity } | { refused: unknown };
const callerOf = (res: Response): Caller => res.locals.caller as Caller;

/**
 * The gateway: verifies bearer tokens, plans over the committed supergraph and fetches from
 * each subgraph, in process or over HTTP. Serves POST /graphql, and GET /health, /live, /ready
 * and /metrics (docs/operations.md).
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
  const logger = opts.logger ?? defaultLog;
  const metrics = opts.metricsToken ? (opts.metrics ?? new Metrics()) : undefined;
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
      return containFailures(name, source, metrics);
    },
  });
  // No landing page: Apollo's loads its sandbox from a CDN.
  const server = new ApolloServer<GatewayContext>({
    gateway,
    formatError: (formatted, error) => tokenLimitError(formatted, limits) ?? formatError(formatted, error),
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: opts.hideSchemaDetails ?? process.env.NODE_ENV === 'production',
    ...(checked ? { parseOptions: { maxTokens: limits.maxTokens }, validationRules: structureRules(limits) } : {}),
    plugins: [ApolloServerPluginLandingPageDisabled(), observePlugin(), ...(checked ? [costLimit(limits)] : []), deadlineAnswer()],
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  const checkSubgraphs = subgraphChecks(opts.subgraphs, logger);
  app.get('/health', async (_req, res) => {
    const checks = await checkSubgraphs();
    const ok = checks.every((c) => c.status === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', gateway: 'ok', subgraphs: checks });
  });
  // The process answers: always, once it listens.
  app.get('/live', (_req, res) => void res.json({ status: 'live' }));
  // It can serve: every subgraph reachable, its database answering.
  app.get('/ready', async (_req, res) => {
    const down = (await checkSubgraphs()).filter((c) => c.status !== 'ok').map((c) => c.name);
    if (down.length) res.status(503).json({ status: 'not ready', down });
    else res.json({ status: 'ready' });
  });
  app.get('/metrics', metricsEndpoint(metrics, opts.metricsToken));
  const identify: RequestHandler = async (req, res, next) => {
    try {
      const identity = await authenticate(req.get('authorization'));
      res.locals.caller = { identity } satisfies Caller;
      const scope = scopeOf(res);
      if (scope) scope.role = identity.role;
    } catch (refused) {
      res.locals.caller = { refused } satisfies Caller;
    }
    next();
  };
  const admit = admission({
    concurrency: opts.maxConcurrentRequests ?? DEFAULT_CONCURRENT_REQUESTS,
    queue: limits.queue,
    queueTimeoutMs: limits.queueTimeoutMs,
  });
  metrics?.gauge('bangfu_admission_queue_length', 'GraphQL requests waiting for a slot (docs/limits.md)', admit.waiting);
  metrics?.gauge('bangfu_admission_running', 'GraphQL requests executing', admit.running);
  const subjectOf = (res: Response) => {
    const caller = callerOf(res);
    return 'identity' in caller && caller.identity.sub !== ANONYMOUS.sub ? caller.identity.sub : null;
  };
  // File imports (docs/import.md): the template, and the import run by the subgraph owning the kind.
  const imports = importRoutes(subgraphs, opts.subgraphs, opts.gatewaySecret, (req) => authenticate(req.get('authorization')));
  app.get('/import/kinds', imports.kinds);
  app.get('/import/:kind/template.:format', imports.template);
  app.post('/import/:kind', observeRequests({ logger, metrics, server: 'gateway' }), ...imports.post);
  app.use(pages());
  // Exports of what the graph shows, as CSV, XLSX or JSON Lines (gateway/export, docs/export.md).
  app.use(
    exportRouter({
      authenticate,
      subgraphs: opts.subgraphs,
      gatewaySecret: opts.gatewaySecret,
      logger,
      execute: async (identity, query, variables, operationName) => {
        const answer = await server.executeOperation(
          { query, variables, operationName },
          { contextValue: { identity, subgraphContexts: new Map(), deadline: new Deadline(limits.deadlineMs) } },
        );
        if (answer.body.kind !== 'single') throw new Error('an export operation answered incrementally');
        return answer.body.singleResult as Awaited<ReturnType<Execute>>;
      },
    }),
  );
  app.use(
    '/graphql',
    observeRequests({ logger, metrics, server: 'gateway' }),
    identify,
    ...(limits.rateLimit > 0 ? [perClientRateLimit({ limit: limits.rateLimit, windowMs: limits.rateWindowMs }, subjectOf)] : []),
    readBody({ maxBytes: limits.maxBodyBytes, timeoutMs: limits.bodyTimeoutMs }),
    jsonBodyErrors,
    admit,
    expressMiddleware(server, {
      context: async ({ res }): Promise<GatewayContext> => {
        const caller = callerOf(res);
        if ('refused' in caller) throw caller.refused;
        return { identity: caller.identity, subgraphContexts: new Map(), deadline: new Deadline(limits.deadlineMs), scope: scopeOf(res) };
      },
    }),
  );
  return {
    app,
    server,
    metrics,
    listen: (port: number, host?: string) => listen(app, port, host),
    stop: () => server.stop(),
  };
}

/**
 * Each subgraph's state for /health and /ready: its name and `ok` or `down`; why it is down goes
 * to the log, not to the answer. In process, a subgraph is up when its database answers: one ping
 * per database, however many subgraphs share it (the embedded hub's six share one). Over HTTP,
 * when its own /health answers 200.
 */
function subgraphChecks(subgraphs: Record<string, SubgraphLocation>, logger: Logger) {
  const failed = (name: string, err: unknown) => {
    logger.error({ err, subgraph: name }, 'health: a subgraph is down');
    return 'down' as const;
  };
  return async (): Promise<{ name: string; status: 'ok' | 'down' }[]> => {
    const pings = new Map<Database, Promise<unknown>>();
    const checks = Object.entries(subgraphs).map(async ([name, location]) => {
      try {
        if ('runtime' in location) {
          const { database } = location.runtime;
          if (!pings.has(database)) pings.set(database, database.ping());
          await pings.get(database);
        } else {
          const response = await fetch(new URL('/health', location.url), { signal: AbortSignal.timeout(3000) });
          if (!response.ok) throw new Error(`${location.url} answered HTTP ${response.status}`);
        }
        return { name, status: 'ok' as const };
      } catch (e) {
        return { name, status: failed(name, e) };
      }
    });
    return Promise.all(checks);
  };
}
