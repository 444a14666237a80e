import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import express, { type ErrorRequestHandler, type Response } from 'express';
import { isDomainError } from './errors.js';
import { drained, type RowStream, type StreamCell, type StreamParams } from './export.js';
import { answerImport, fileOf, importBody, optionsOf, templateHandler } from './import/http.js';
import { bodyDigest, NonceGuard, verifyCall } from './identity.js';
import { log as defaultLog, Throttled, type Logger } from './log.js';
import { metricsEndpoint, Metrics } from './metrics.js';
import { observePlugin, observeRequests, scopeOf, subgraphSpan } from './observe.js';
import { noteErrors } from './telemetry.js';
import type { SubgraphContext, SubgraphRuntime } from './subgraph.js';
import { asDatabaseTimeout, databaseTimeoutOf } from './timeouts.js';

/** Listening lives in lib/listen.ts, which the hub loads before anything heavy. */
export { boundTo, listen, SERVER_TIMEOUTS } from './listen.js';

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'CONFLICT',
  'TIMEOUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  // The gateway's, for a subgraph that gave no answer (gateway/failures.ts).
  'SUBGRAPH_UNAVAILABLE',
]);

/** Unexpected failures repeat under load (a lost database fails every request): logged once per interval. */
const internalErrors = new Throttled('internal error');

/**
 * Errors reach clients with their code and message and nothing else: no stack trace, and an
 * unexpected failure (a bug, a lost database, a subgraph refusing the gateway's call) becomes a
 * plain INTERNAL_SERVER_ERROR while the details go to the server log (once per interval while the
 * same failure repeats). An error from a subgraph keeps its path and `serviceName` (added by the
 * gateway), so a client knows which fields are missing and which subgraph failed.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // A domain error wrapped by graphql-js (a value refused during coercion, as an enum or Int
  // outside its rules would be): answer with the original code, field and rule.
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
  // A statement cancelled by the database's statement_timeout or lock_timeout: say so.
  const limit = databaseTimeoutOf(error);
  if (limit) {
    return { message: `the database cancelled a statement of this field (${limit})`, path: formatted.path, extensions: { code: 'TIMEOUT', limit } };
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
  /** A signed call is accepted this long either side of its timestamp (default 60 s). */
  signatureWindowMs?: number;
  plugins?: ApolloServerPlugin<SubgraphContext<unknown>>[];
  /** Where its log goes (default: the process's, on stdout). */
  logger?: Logger;
  /** Serve GET /metrics to `Authorization: Bearer <metricsToken>`; without it /metrics is 404 (docs/operations.md). */
  metricsToken?: string;
}

const EMPTY_BODY = bodyDigest('');

/**
 * A subgraph alone behind HTTP (distributed topology): POST /graphql, GET /health, /live, /ready
 * and /metrics (docs/operations.md). Every GraphQL call must be signed for this subgraph, this
 * method, path and body (docs/identity.md).
 */
export async function createSubgraphApp(runtime: SubgraphRuntime<unknown>, opts: SubgraphServerOptions) {
  const logger = opts.logger ?? defaultLog;
  const name = runtime.module.name;
  const metrics = opts.metricsToken ? new Metrics() : undefined;
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
      observePlugin({ reportStatements: true }),
      ...(opts.plugins ?? []),
    ],
  });
  await server.start();
  // The digest of each body as received, taken while the JSON parser reads it (one hash per body).
  const digests = new WeakMap<express.Request, string>();
  const nonces = new NonceGuard(opts.signatureWindowMs);
  const app = express();
  app.disable('x-powered-by');
  const databaseUp = async () => {
    try {
      await runtime.database.ping();
      return true;
    } catch (err) {
      logger.error({ err, subgraph: name }, 'health: the database is down');
      return false;
    }
  };
  app.get('/health', async (_req, res) => {
    if (await databaseUp()) res.json({ status: 'ok', subgraph: name, database: runtime.database.driver });
    else res.status(503).json({ status: 'down', subgraph: name });
  });
  // The process answers: always, once it listens.
  app.get('/live', (_req, res) => void res.json({ status: 'live' }));
  // It can serve: its database answers.
  app.get('/ready', async (_req, res) => {
    if (await databaseUp()) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'not ready', database: 'down' });
  });
  app.get('/metrics', metricsEndpoint(metrics, opts.metricsToken));
  // The subgraph's streamed lists, to the gateway's signed calls alone (lib/export.ts).
  if (runtime.module.streams) {
    app.post(
      '/export/:stream',
      observeRequests({ logger, metrics, server: name }),
      express.json({ limit: '64kb', verify: (req, _res, body) => void digests.set(req as express.Request, bodyDigest(body)) }),
      jsonBodyErrors,
      (req: express.Request, res: Response) => {
        const call = { subgraph: name, method: req.method, path: req.originalUrl, bodyDigest: digests.get(req) ?? EMPTY_BODY };
        const verified = verifyCall({ get: (h) => req.get(h) }, call, opts.gatewaySecret, nonces);
        if (!verified.ok) return sendError(res, 401, `refused: ${verified.reason}; subgraphs answer only the gateway`, { code: 'UNAUTHENTICATED' });
        const stream = runtime.module.streams?.[String(req.params.stream)];
        if (!stream) return sendError(res, 404, `no stream ${req.params.stream} in ${name}`, { code: 'NOT_FOUND' });
        void serveStream(res, stream, stream.rows(runtime, verified.identity, (req.body as { params: StreamParams }).params), logger, name);
      },
    );
  }
  // Imports of the kinds this subgraph owns, forwarded by the gateway, signed over the raw body.
  const imports = runtime.module.imports ?? [];
  app.get(
    '/import/:kind/template.:format',
    templateHandler((kind) => imports.find((e) => e.kind.name === kind) ?? null),
  );
  app.post('/import/:kind', observeRequests({ logger, metrics, server: name }), importBody, jsonBodyErrors, async (req: express.Request, res: Response) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const call = { subgraph: name, method: req.method, path: req.originalUrl, bodyDigest: bodyDigest(body) };
    const verified = verifyCall({ get: (h) => req.get(h) }, call, opts.gatewaySecret, nonces);
    if (!verified.ok) return sendError(res, 401, `refused: ${verified.reason}; subgraphs answer only the gateway`, { code: 'UNAUTHENTICATED' });
    const entry = imports.find((e) => e.kind.name === req.params.kind);
    if (!entry) return sendError(res, 404, `no importable kind ${req.params.kind} in ${name}`, { code: 'NOT_FOUND' });
    await answerImport(res, runtime.contextFor(verified.identity, scopeOf(res)), entry, await fileOf(req), optionsOf(req));
  });
  app.use(
    '/graphql',
    observeRequests({ logger, metrics, server: name }),
    express.json({ limit: '10mb', verify: (req, _res, body) => void digests.set(req as express.Request, bodyDigest(body)) }),
    jsonBodyErrors,
    subgraphSpan(name),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const call = { subgraph: runtime.module.name, method: req.method, path: req.originalUrl, bodyDigest: digests.get(req) ?? EMPTY_BODY };
        const verified = verifyCall({ get: (name) => req.get(name) }, call, opts.gatewaySecret, nonces);
        if (!verified.ok) {
          throw new GraphQLError(`refused: ${verified.reason}; subgraphs answer only the gateway`, {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        }
        const scope = scopeOf(res);
        if (scope) scope.role = verified.identity.role;
        return runtime.contextFor(verified.identity, scope);
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
          if (!result.errors) return result;
          // A statement the database cancelled (statement_timeout, lock_timeout) is told as such
          // (graphql-jit's error for it has no extensions, which Apollo Server's formatting needs).
          if (result.data !== undefined) return { ...result, errors: result.errors.map((e) => asDatabaseTimeout(e) ?? e) };
          // Validated already: an answer without data is one whose variables were refused.
          // graphql-jit's errors lack the `nodes` by which Apollo Server tells them: say it.
          return { errors: result.errors.map((e) => new GraphQLError(e.message, { extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } })) };
        },
      };
    },
    stop: async () => {},
  };
}

/**
 * A stream's rows as the gateway reads them (lib/export.ts): a first line saying the sheet, its
 * columns and what the rows come from, then one JSON array per line, then
 * `{"end": rows}`; a failure after the first row ends the body with `{"error": …}` (the details
 * to the log), so the gateway never takes a cut answer for a whole one.
 */
async function serveStream(res: Response, stream: RowStream, batches: AsyncIterable<StreamCell[][]>, logger: Logger, subgraph: string) {
  res.status(200).type('application/x-ndjson');
  res.write(`${JSON.stringify({ sheet: stream.sheet, columns: stream.columns, describe: stream.describe })}\n`);
  let rows = 0;
  try {
    for await (const batch of batches) {
      let text = '';
      for (const row of batch) text += `${JSON.stringify(row)}\n`;
      rows += batch.length;
      if (!res.write(text)) await drained(res);
    }
    res.end(`${JSON.stringify({ end: rows })}\n`);
  } catch (err) {
    logger.error({ err, subgraph }, 'export: a stream failed');
    if (!res.destroyed) res.end(`${JSON.stringify({ error: 'the stream failed' })}\n`);
  }
}

/** A JSON answer in the shape of a GraphQL response with one error and no data. */
export function sendError(res: Response, status: number, message: string, extensions: Record<string, unknown>): void {
  const scope = scopeOf(res);
  if (scope) noteErrors(scope, [{ extensions }]);
  res.status(status).json({ errors: [{ message, extensions }] });
}

/**
 * express.json's refusals as GraphQL-shaped JSON (Express's own handler answers HTML, with a stack
 * trace in development): a body over the size limit is 413, a body that is not JSON 400.
 */
export const jsonBodyErrors: ErrorRequestHandler = (error: { type?: string; status?: number; limit?: number; length?: number }, _req, res, next) => {
  if (res.headersSent) return;
  if (error.type === 'entity.too.large') {
    const measured = error.length !== undefined ? ` (${error.length} bytes)` : '';
    return sendError(res, 413, `the request body is larger than the limit of ${error.limit} bytes${measured}`, {
      code: 'PAYLOAD_TOO_LARGE',
      limit: 'body',
      maximum: error.limit,
      ...(error.length !== undefined ? { value: error.length } : {}),
    });
  }
  if (error.type === 'entity.parse.failed') return sendError(res, 400, 'the request body is not valid JSON', { code: 'BAD_REQUEST' });
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : undefined;
  if (status) return sendError(res, status, `the request body could not be read (${error.type ?? 'error'})`, { code: 'BAD_REQUEST' });
  next(error);
};
