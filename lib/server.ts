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
import { verifySignedIdentity } from './identity.js';
import { Throttled } from './log.js';
import type { SubgraphContext, SubgraphRuntime } from './subgraph.js';

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'CONFLICT',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST',
  // The gateway's, for a subgraph that gave no answer (gateway/failures.ts).
  'SUBGRAPH_UNAVAILABLE',
]);

/** Unexpected failures repeat under load (a lost database fails every request): logged once per interval. */
const internalErrors = new Throttled('internal error');

/**
 * Errors reach clients with their code and message and nothing else: no stack trace, and an
 * unexpected failure (a bug, a lost database) becomes a plain INTERNAL_SERVER_ERROR while
 * the details go to the server log (once per interval while the same failure repeats). An
 * error from a subgraph keeps its path and `serviceName` (added by the gateway), so a client
 * knows which fields are missing and which subgraph failed.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // A literal refused by a scalar surfaces as a validation error wrapping our own
  // BAD_USER_INPUT: answer with the original code, field and rule.
  const original = (error as { originalError?: unknown } | null)?.originalError;
  if (isDomainError(original)) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...original.extensions } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code)) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const serviceName = formatted.extensions?.serviceName;
  if (typeof serviceName === 'string') {
    internalErrors.note(`subgraph ${serviceName}`, { subgraph: serviceName, error: formatted.message });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName } };
  }
  internalErrors.note(formatted.message, { err: error });
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export interface SubgraphServerOptions {
  /** Shared HMAC secret: every call must carry the gateway's signature. */
  gatewaySecret: string;
  plugins?: ApolloServerPlugin<SubgraphContext<unknown>>[];
}

/** A subgraph alone behind HTTP (distributed topology): POST /graphql, GET /health. */
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
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    try {
      await runtime.database.ping();
      res.json({ status: 'ok', subgraph: runtime.module.name, database: runtime.database.driver });
    } catch (e) {
      res.status(503).json({ status: 'down', subgraph: runtime.module.name, error: String((e as Error).message) });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '10mb' }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const verified = verifySignedIdentity({ get: (name) => req.get(name) }, opts.gatewaySecret);
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

/** Listen on `port` (0 for any free port); resolves with the bound port and a stop function. */
export function listen(app: express.Express, port: number, host = '0.0.0.0'): Promise<{ port: number; httpServer: Server }> {
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
