import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import { newRequestScope, noteErrors, outcomeOf, REQUEST_ID_HEADER, STATEMENTS_HEADER, tracer, type RequestScope } from './telemetry.js';

/** The request a response answers (set by `observeRequests`). */
export const scopeOf = (res: Response): RequestScope | undefined => res.locals.scope as RequestScope | undefined;

/**
 * The start of every GraphQL request's observation: its scope (id from `x-request-id` when sane,
 * else a new one, returned in the answer's `x-request-id`), and when it ends one log line at
 * info (`request`: operation, role, status, ms, SQL statements and their time, outcome and error
 * codes) and its metrics. `server` names the process's part ("gateway", or the subgraph).
 */
export function observeRequests(opts: { logger: Logger; metrics?: Metrics; server: string }): RequestHandler {
  return (req, res, next) => {
    const scope = newRequestScope(req.headers[REQUEST_ID_HEADER]);
    res.locals.scope = scope;
    res.setHeader(REQUEST_ID_HEADER, scope.id);
    const started = performance.now();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const ms = performance.now() - started;
      // A client gone before its answer ends without one.
      const outcome = res.writableFinished ? outcomeOf(scope) : 'CLIENT_CLOSED';
      if (!res.writableFinished && !scope.codes.length) scope.codes.push(outcome);
      if (opts.logger.isLevelEnabled('info')) {
        opts.logger.info(
          {
            requestId: scope.id,
            server: opts.server,
            operation: scope.operation ?? 'anonymous',
            role: scope.role,
            status: res.statusCode,
            ms: Math.round(ms * 10) / 10,
            statements: scope.statements,
            sqlMs: Math.round(scope.sqlMs * 10) / 10,
            outcome,
            ...(scope.codes.length ? { codes: scope.codes } : {}),
          },
          'request',
        );
      }
      opts.metrics?.observe(scope, ms / 1000);
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };
}

/**
 * A subgraph's span for the operation it executes, child of the caller's span named by the
 * call's `traceparent`; nothing when not tracing.
 */
export function subgraphSpan(subgraph: string): RequestHandler {
  return (req, res, next) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(`subgraph ${subgraph}`, { kind: SpanKind.SERVER, attributes: { 'bangfu.subgraph': subgraph } }, parent);
    if (!span.isRecording()) return next();
    res.once('close', () => {
      const scope = scopeOf(res);
      if (scope?.operation) span.setAttribute('graphql.operation.name', scope.operation);
      if (scope?.codes.length) span.setStatus({ code: SpanStatusCode.ERROR, message: scope.codes.join(', ') });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/**
 * Apollo Server's side of the observation (the scope is the context's): the operation's name
 * once known, the answer's error codes and limits; on a subgraph, the statements it issued in
 * the `x-bangfu-statements` answer header, which the gateway adds to its own request's count.
 */
export function observePlugin<C extends BaseContext & { scope?: RequestScope }>(opts: { reportStatements?: boolean } = {}): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const scope = contextValue.scope;
      if (!scope) return;
      return {
        async didResolveOperation({ operationName }) {
          scope.operation = operationName ?? 'anonymous';
        },
        async willSendResponse({ response }) {
          if (response.body.kind === 'single') noteErrors(scope, response.body.singleResult.errors as { extensions?: Record<string, unknown> }[] | undefined);
          if (opts.reportStatements) response.http.headers.set(STATEMENTS_HEADER, String(scope.statements));
        },
      };
    },
  };
}
