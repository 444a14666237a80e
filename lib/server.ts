import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import express from 'express';
import { isDomainError } from './errors.js';
import { verifySignedIdentity } from './identity.js';
import type { SubgraphContext, SubgraphRuntime } from './subgraph.js';

/** Listening lives in lib/listen.ts, which the hub loads before anything heavy. */
export { listen } from './listen.js';

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'CONFLICT',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST',
]);

/**
 * Errors reach clients with their code and message and nothing else: no stack trace, and an
 * unexpected failure (a bug, a lost database) becomes a plain INTERNAL_SERVER_ERROR while
 * the details go to the server log.
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
  console.error('internal error:', error);
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
    // compiled executor runs), costing a call and a hook per resolved field.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), ...(opts.plugins ?? [])],
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
