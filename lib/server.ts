import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDomainError } from './errors.js';
import { bodyDigest, NonceGuard, verifyCall } from './identity.js';
import type { SubgraphContext, SubgraphRuntime } from './subgraph.js';

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'CONFLICT',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST',
]);

/**
 * Errors reach clients with their code and message and nothing else: no stack trace, and an
 * unexpected failure (a bug, a lost database, a subgraph refusing the gateway's call) becomes a
 * plain INTERNAL_SERVER_ERROR while the details go to the server log.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // A literal refused by a scalar surfaces as a validation error wrapping our own
  // BAD_USER_INPUT: answer with the original code, field and rule.
  const original = (error as { originalError?: unknown } | null)?.originalError;
  if (isDomainError(original)) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...original.extensions } };
  }
  const code = formatted.extensions?.code;
  // An internal call that failed (a subgraph answering HTTP 401 or 5xx to the gateway) carries
  // that call's URL and answer in `response`: the gateway's fault, not the client's, and internal.
  if (typeof code === 'string' && KNOWN_CODES.has(code) && formatted.extensions?.response === undefined) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  console.error('internal error:', error);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export interface SubgraphServerOptions {
  /** Shared HMAC secret: every call must carry the gateway's signature. */
  gatewaySecret: string;
  /** A signed call is accepted this long either side of its timestamp (default 60 s). */
  signatureWindowMs?: number;
  plugins?: ApolloServerPlugin<SubgraphContext<unknown>>[];
}

const EMPTY_BODY = bodyDigest('');

/**
 * A subgraph alone behind HTTP (distributed topology): POST /graphql, GET /health. Every
 * GraphQL call must be signed for this subgraph, this method, path and body (docs/identity.md).
 */
export async function createSubgraphApp(runtime: SubgraphRuntime<unknown>, opts: SubgraphServerOptions) {
  const server = new ApolloServer<SubgraphContext<unknown>>({
    gateway: compiledExecution(runtime),
    formatError,
    includeStacktraceInErrorResponses: false,
    // No federated traces: nothing here reports usage to Apollo, and traces would tell a caller
    // how long each resolver took. No cache-control plugin: no field here carries a hint, and
    // its per-field hook made Apollo Server wrap every resolver of the schema (the schema the
    // compiled executor runs), costing a call and a hook per resolved field. No landing page: Apollo's
    // loads its sandbox from a CDN.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ...(opts.plugins ?? []),
    ],
  });
  await server.start();
  // The digest of each body as received, taken while the JSON parser reads it (one hash per body).
  const digests = new WeakMap<express.Request, string>();
  const nonces = new NonceGuard(opts.signatureWindowMs);
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    try {
      await runtime.database.ping();
      res.json({ status: 'ok', subgraph: runtime.module.name, database: runtime.database.driver });
    } catch (e) {
      console.error(`health: ${runtime.module.name}'s database is down:`, e);
      res.status(503).json({ status: 'down', subgraph: runtime.module.name });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '10mb', verify: (req, _res, body) => void digests.set(req as express.Request, bodyDigest(body)) }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const call = { subgraph: runtime.module.name, method: req.method, path: req.originalUrl, bodyDigest: digests.get(req) ?? EMPTY_BODY };
        const verified = verifyCall({ get: (name) => req.get(name) }, call, opts.gatewaySecret, nonces);
        if (!verified.ok) {
          throw new GraphQLError(`refused: ${verified.reason}; subgraphs answer only the gateway`, {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        }
        return runtime.contextFor(verified.identity);
      },
    }),
  );
  return { app, server };
}

/**
 * Apollo Server's gateway hook, used to run one subgraph: the same HTTP pipeline (parsing,
 * validation against the subgraph's schema, error formatting), with each operation executed as
 * the embedded hub executes it, compiled once by graphql-jit (`runtime.execute`), instead of
 * interpreted by graphql-js for every request.
 */
function compiledExecution(runtime: SubgraphRuntime<unknown>): GatewayInterface {
  let listener: GatewaySchemaLoadOrUpdateCallback | null = null;
  return {
    onSchemaLoadOrUpdate: (callback) => {
      listener = callback;
      return () => void (listener = null);
    },
    load: async () => {
      listener?.({ apiSchema: runtime.schema, coreSupergraphSdl: '' });
      return {
        executor: async (request) => {
          const context = request.context as SubgraphContext<unknown>;
          const result = await runtime.execute(request.source, request.request.variables, context, request.operationName ?? undefined);
          // Validated already: an answer without data is one whose variables were refused.
          // graphql-jit's errors lack the `nodes` by which Apollo Server tells them: say it.
          if (result.data !== undefined || !result.errors) return result;
          return { errors: result.errors.map((e) => new GraphQLError(e.message, { extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } })) };
        },
      };
    },
    stop: async () => {},
  };
}

/**
 * Listen on `host` (loopback unless told otherwise) and `port` (0 for any free port); resolves
 * with the bound port and the server.
 */
export function listen(app: express.Express, port: number, host = '127.0.0.1'): Promise<{ port: number; httpServer: Server }> {
  return new Promise((resolve, reject) => {
    const httpServer = app.listen(port, host, (error?: Error) => {
      if (error) reject(error);
      else resolve({ port: (httpServer.address() as AddressInfo).port, httpServer });
    });
    // Many fetches from the gateway reuse each connection: keep it open between them. The
    // headers timer must outlast it, or a connection idle for 60–65 s is closed under the
    // gateway's next request ("other side closed": seen in the bench after a minute of Hive's turn).
    httpServer.keepAliveTimeout = 65_000;
    httpServer.headersTimeout = 66_000;
  });
}

/** The address and port a server listens on, as `127.0.0.1:4001` or `[::]:4001`. */
export function boundTo(httpServer: Server): string {
  const { address, port } = httpServer.address() as AddressInfo;
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}
