import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';

/**
 * What one request has done so far, in the process serving it: its id (the client's
 * `x-request-id`, or one made here) and the SQL statements its resolvers issued, with their
 * time. The gateway's log line and metrics read it when the request ends. It travels in the
 * request's contexts (gateway, subgraph, registry lookups), not in an AsyncLocalStorage: that
 * would hook every promise of every request, a cost a small query feels on Node 20.
 */
export interface RequestScope {
  id: string;
  /** The operation's name once known ("anonymous" for an unnamed one). */
  operation: string | null;
  /** The caller's role (never who the caller is). */
  role: string | null;
  statements: number;
  sqlMs: number;
  /** Error codes the answer carries, and the limits that refused it (`extensions.limit`). */
  codes: string[];
  limits: string[];
}

/** The header carrying a request's id: from the client to the gateway, from the gateway to each subgraph. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Subgraph → gateway: the SQL statements the subgraph issued for a call (the gateway's log line sums them). */
export const STATEMENTS_HEADER = 'x-bangfu-statements';

/** An id a client may choose: short, and of characters that need no escaping in a log or a header. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A new request's scope, with the client's id when it is sane, else a new one. */
export function newRequestScope(incoming: string | string[] | undefined): RequestScope {
  const id = typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
  return { id, operation: null, role: null, statements: 0, sqlMs: 0, codes: [], limits: [] };
}

/** The answer's error codes and limits, noted on the request once per answer. */
export function noteErrors(scope: RequestScope, errors: readonly { extensions?: Record<string, unknown> }[] | undefined): void {
  for (const e of errors ?? []) {
    const code = e.extensions?.code;
    const limit = e.extensions?.limit;
    if (typeof code === 'string' && !scope.codes.includes(code)) scope.codes.push(code);
    if (typeof limit === 'string' && !scope.limits.includes(limit)) scope.limits.push(limit);
  }
}

/** "ok", or the answer's first error code. */
export const outcomeOf = (scope: RequestScope): string => scope.codes[0] ?? 'ok';

/** A name safe as a metric label: a GraphQL name, at most 64 characters ("anonymous" otherwise). */
export function operationLabel(name: string | null | undefined): string {
  return name && /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name) ? name : 'anonymous';
}

export const tracer = trace.getTracer('bangfu');

/**
 * Whether spans are being recorded here: only with the OpenTelemetry SDK started
 * (lib/tracing.ts, when OTEL_EXPORTER_OTLP_ENDPOINT is set). Without it nothing is built.
 */
export const tracing = (): boolean => trace.getActiveSpan()?.isRecording() ?? false;

/** Trace one SQL statement (`run` is its execution) as a span under the active one. */
export async function tracedStatement<T>(query: string, run: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan('sql', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': query.slice(0, 2000) } });
  try {
    return await run();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}

/** Count and time one SQL statement (`run` is its execution) for the request it serves. */
export async function countedStatement<T>(scope: RequestScope, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    scope.statements++;
    scope.sqlMs += performance.now() - started;
  }
}

/** The trace context of the active span as headers (`traceparent`), for an outgoing call; none when not tracing. */
export function traceHeaders(headers: Record<string, string>): Record<string, string> {
  if (tracing()) propagation.inject(context.active(), headers);
  return headers;
}
