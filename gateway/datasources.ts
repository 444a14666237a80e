import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { STATUS_CODES } from 'node:http';
import { post, toHeaders, type PostOptions, type TextAnswer } from '../lib/http.js';
import { ANONYMOUS, encodeIdentity, IDENTITY_HEADER, signPost, type Identity } from '../lib/identity.js';
import type { SubgraphContext, SubgraphRuntime } from '../lib/subgraph.js';
import { REQUEST_ID_HEADER, STATEMENTS_HEADER, traceHeaders, tracer, tracing, type RequestScope } from '../lib/telemetry.js';
import { asDatabaseTimeout } from '../lib/timeouts.js';
import { untilDeadline, type Deadline } from './deadline.js';

/** What the gateway keeps per request: the verified caller, and in-process subgraph contexts. */
export interface GatewayContext {
  identity: Identity;
  /** One context (so one set of loaders) per in-process subgraph per request, across plan steps. */
  subgraphContexts?: Map<string, SubgraphContext<unknown>>;
  /** When the operation must be answered by: its subgraph calls are abandoned then. */
  deadline?: Deadline;
  /** The request: its id, sent to each subgraph in `x-request-id`, and its statement count (lib/telemetry.ts). */
  scope?: RequestScope;
}

const deadlineOf = (context: GraphQLDataSourceProcessOptions<GatewayContext>['context']): Deadline | undefined => (context as Partial<GatewayContext>).deadline;

/** The verified caller of a gateway request (anonymous when the context carries none: health checks, introspection). */
const callerOf = (context: GraphQLDataSourceProcessOptions<GatewayContext>['context']): Identity =>
  ('identity' in context && (context as Partial<GatewayContext>).identity) || ANONYMOUS;

type Process = (options: GraphQLDataSourceProcessOptions<GatewayContext>) => Promise<GatewayGraphQLResponse>;

/**
 * Send each distinct entity representation once. @apollo/gateway sends one representation per
 * occurrence: the national picture's 55,000 helper references name 24,000 organisations. The
 * subgraph resolves the distinct ones; the answer is spread back to every occurrence (errors
 * too), so the gateway sees exactly the response it asked for.
 */
export async function withDistinctRepresentations(options: GraphQLDataSourceProcessOptions<GatewayContext>, process: Process): Promise<GatewayGraphQLResponse> {
  const representations = options.request.variables?.representations;
  if (!Array.isArray(representations) || representations.length < 2) return process(options);
  const distinct: unknown[] = [];
  const slots = new RepresentationSlots();
  const occurrences = new Array<number>(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const r = representations[i];
    occurrences[i] = slots.slot(r, () => distinct.push(r) - 1);
  }
  if (distinct.length === representations.length) return process(options);
  const response = await process({
    ...options,
    request: { ...options.request, variables: { ...options.request.variables, representations: distinct } },
  });
  const entities = (response.data as { _entities?: unknown[] } | null | undefined)?._entities;
  const spread: GatewayGraphQLResponse = { ...response };
  if (Array.isArray(entities)) {
    const all = new Array<unknown>(occurrences.length);
    for (let i = 0; i < occurrences.length; i++) all[i] = entities[occurrences[i]];
    spread.data = { ...response.data, _entities: all };
  }
  if (response.errors?.length) {
    const where = new Map<number, number[]>();
    occurrences.forEach((at, i) => (where.get(at) ?? where.set(at, []).get(at)!).push(i));
    spread.errors = response.errors.flatMap((e) =>
      e.path?.[0] === '_entities' && typeof e.path[1] === 'number'
        ? (where.get(e.path[1]) ?? []).map((i) => ({ ...e, path: ['_entities', i, ...e.path!.slice(2)] }))
        : [e],
    );
  }
  return spread;
}

/**
 * The slot of each distinct representation. The usual single-key entity (`{ __typename, id }`
 * with a string key) is looked up by type and value in nested maps, with no string built per
 * occurrence (the national picture sends ~55,000); any other shape by its JSON. A type's shape
 * is read from its first representation: the gateway builds every representation of a type in
 * one fetch from the same key selection, so they all carry the same fields.
 */
class RepresentationSlots {
  /** Per type: its single string key field and the slots by value, or null (use JSON). */
  private readonly byType = new Map<string, { field: string; slots: Map<string, number> } | null>();
  private readonly other = new Map<string, number>();
  slot(r: unknown, add: () => number): number {
    const o = r as Record<string, unknown> | null;
    const type = o !== null && typeof o === 'object' && typeof o.__typename === 'string' ? o.__typename : null;
    let simple = type === null ? null : this.byType.get(type);
    if (simple === undefined) {
      const keys = Object.keys(o!);
      const field = keys.length === 2 ? keys.find((k) => k !== '__typename') : undefined;
      simple = field !== undefined ? { field, slots: new Map() } : null;
      this.byType.set(type!, simple);
    }
    const value = simple ? o![simple.field] : undefined;
    const slots = typeof value === 'string' ? simple!.slots : this.other;
    const key = typeof value === 'string' ? value : JSON.stringify(r);
    let at = slots.get(key);
    if (at === undefined) slots.set(key, (at = add()));
    return at;
  }
}

/** Identical queries in flight together: one call, its consumers, and how many gave up waiting. */
interface Flight {
  consumers: number;
  gaveUp: number;
  cancel: AbortController;
  response: Promise<GatewayGraphQLResponse>;
}

/**
 * Distributed topology: HTTP to a subgraph, each call signed with HMAC: the caller's identity
 * bound to this subgraph, the method, path and exact body sent, a nonce and the time
 * (`signPost`, docs/identity.md).
 */
export class SignedRemoteDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly secret: string,
  ) {
    // undici's request (`lib/http.ts`): connections kept alive and pooled per origin, no HTTP
    // cache layer in between (the default make-fetch-happen fetcher has one), no compression.
    // The fetcher gets the body as it will be sent, so it signs: once, over those bytes.
    super({ url, fetcher: signingFetcher(name, secret) });
  }
  private readonly inFlight = new Map<string, Flight>();

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return withDistinctRepresentations(options, (o) => this.shared(o).catch(refusalAnswer));
  }

  /**
   * Identical fetches in flight at the same moment (same query, variables and caller) share one
   * subgraph call: many clients asking for the same place at once cost the subgraph one answer.
   * Queries only (a mutation always runs); each consumer of a shared answer gets its own copy,
   * because the gateway merges later fetches into the objects it receives.
   */
  private shared(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const deadline = deadlineOf(options.context);
    const query = options.request.query ?? '';
    // A call under a deadline ends with it (its signal), not by undici's own timers, which would
    // race it and answer a bare error; without one (health checks), undici's timers bound it.
    const timeoutMs = deadline ? 0 : undefined;
    if (!/^\s*(query\b|\{)/.test(query)) return untilDeadline(deadline, () => this.send(options, { signal: deadline?.signal, timeoutMs }));
    const key = `${JSON.stringify(callerOf(options.context))}\n${query}\n${JSON.stringify(options.request.variables ?? {})}`;
    let flight = this.inFlight.get(key);
    if (flight) flight.consumers++;
    else {
      const cancel = new AbortController();
      const response: Promise<GatewayGraphQLResponse> = this.send(options, { signal: cancel.signal, timeoutMs }).finally(() => {
        if (this.inFlight.get(key)?.response === response) this.inFlight.delete(key);
      });
      flight = { consumers: 1, gaveUp: 0, cancel, response };
      this.inFlight.set(key, flight);
    }
    const mine = flight;
    // The call is cancelled once every operation waiting for it has passed its deadline; one
    // that joins then starts a call of its own.
    const giveUp = () => {
      if (++mine.gaveUp < mine.consumers) return;
      if (this.inFlight.get(key) === mine) this.inFlight.delete(key);
      mine.cancel.abort();
    };
    return untilDeadline(deadline, () => mine.response, giveUp).then((r) =>
      mine.consumers > 1 ? { ...r, data: structuredClone(r.data), errors: structuredClone(r.errors), extensions: structuredClone(r.extensions) } : r,
    );
  }

  /**
   * RemoteGraphQLDataSource's own call (headers, `willSendRequest`, errors from the status), on a
   * view of this data source whose fetcher carries `call` (the abort signal, the timeouts):
   * @apollo/gateway hands its fetcher none.
   */
  private send(options: GraphQLDataSourceProcessOptions<GatewayContext>, call: PostOptions): Promise<GatewayGraphQLResponse> {
    const scope = (options.context as Partial<GatewayContext>).scope;
    const view: this = Object.create(this, { fetcher: { value: signingFetcher(this.name, this.secret, call, scope) } });
    return RemoteGraphQLDataSource.prototype.process.call(view, options);
  }
  /** The caller's identity, for the fetcher to sign with the body; the request's id, for the subgraph's log. */
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    request.http?.headers.set(IDENTITY_HEADER, encodeIdentity(callerOf(context)));
    const scope = (context as Partial<GatewayContext>).scope;
    if (scope) request.http?.headers.set(REQUEST_ID_HEADER, scope.id);
  }
}

/**
 * A subgraph refuses a request it cannot execute (a document or variables its schema rejects)
 * with HTTP 400 and a GraphQL body saying why, each error with its code. @apollo/gateway turns
 * any answer that is not 2xx into a bare `400: Bad Request` error without a code, which
 * reached the client as INTERNAL_SERVER_ERROR: pass the subgraph's own errors on instead, as
 * the embedded topology does. Anything else (a 401, a body without errors) stays the error it was.
 */
function refusalAnswer(error: unknown): GatewayGraphQLResponse {
  const response = (error as { extensions?: { response?: { status?: number; body?: unknown } } } | null)?.extensions?.response;
  const errors = (response?.body as { errors?: unknown } | null | undefined)?.errors;
  if (response?.status === 400 && Array.isArray(errors) && errors.length) return { errors: errors as GatewayGraphQLResponse['errors'] };
  throw error;
}

/**
 * Embedded topology: the subgraph runs in this process, so a fetch is a direct execution of
 * its schema, with no HTTP and no serialisation; identity is passed as verified.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly runtime: SubgraphRuntime<unknown>) {}
  process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return withDistinctRepresentations(options, (o) => untilDeadline(deadlineOf(o.context), () => this.execute(o)));
  }
  private async execute({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const gatewayContext = context as Partial<GatewayContext>;
    let subgraphContext = gatewayContext.subgraphContexts?.get(this.runtime.module.name);
    if (!subgraphContext) {
      subgraphContext = this.runtime.contextFor(callerOf(context), gatewayContext.scope);
      gatewayContext.subgraphContexts?.set(this.runtime.module.name, subgraphContext);
    }
    const run = () => this.runtime.execute(request.query!, request.variables, subgraphContext);
    // The subgraph's span, child of the gateway's fetch span, parent of its statements' spans, as over HTTP.
    const result = tracing()
      ? await tracer.startActiveSpan(`subgraph ${this.runtime.module.name}`, async (span) => {
          try {
            return await run();
          } finally {
            span.end();
          }
        })
      : await run();
    return {
      data: result.data as GatewayGraphQLResponse['data'],
      // A statement the database cancelled (statement_timeout, lock_timeout) is told as such.
      errors: result.errors?.map((e) => (asDatabaseTimeout(e) ?? e).toJSON()),
    };
  }
}

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/**
 * `post` as the `fetcher` of @apollo/gateway's RemoteGraphQLDataSource, signing the call for
 * `subgraph`: the identity `willSendRequest` put in the headers (anonymous when none), and the
 * body exactly as sent. The gateway reads the status, the headers (content type, cache control)
 * and the body (`json()` or `text()`), and builds its errors from them as it does from a fetch
 * Response. The call carries the trace context (`traceparent`) when tracing; the statements the
 * subgraph says it issued count for the request.
 */
const signingFetcher =
  (subgraph: string, secret: string, call: PostOptions = {}, scope?: RequestScope): Fetcher =>
  async (url: string, init: FetcherRequestInit = {}) => {
    const body = typeof init.body === 'string' ? init.body : (init.body?.toString('utf8') ?? '');
    const headers = init.headers ?? {};
    const signed = signSubgraphCall(headers[IDENTITY_HEADER], subgraph, url, body, secret);
    const answer = await post(url, traceHeaders({ ...headers, ...signed }), body, call);
    const statements = Number(answer.headers[STATEMENTS_HEADER]);
    if (scope && statements > 0) scope.statements += statements;
    return new TextResponse(url, answer);
  };

/**
 * The headers that sign one call to `subgraph` (docs/identity.md): the verified caller (an
 * identity, or as `encodeIdentity` gave it; anonymous when none) bound to the subgraph, the URL's
 * path and the body exactly as sent. Every gateway in front of the subgraphs signs with this one:
 * ours, and Hive Gateway's plugin (gateway/hive/config.ts).
 */
export function signSubgraphCall(caller: Identity | string | undefined, subgraph: string, url: string, body: string, secret: string): Record<string, string> {
  return signPost(caller ?? encodeIdentity(ANONYMOUS), subgraph, url, body, secret);
}

class TextResponse implements FetcherResponse {
  readonly redirected = false;
  bodyUsed = false;
  private built: Headers | null = null;
  constructor(
    readonly url: string,
    private readonly answer: TextAnswer,
  ) {}
  get status() {
    return this.answer.status;
  }
  get ok() {
    return this.answer.status >= 200 && this.answer.status < 300;
  }
  get statusText() {
    return STATUS_CODES[this.answer.status] ?? '';
  }
  get headers(): FetcherResponse['headers'] {
    return (this.built ??= toHeaders(this.answer.headers)) as unknown as FetcherResponse['headers'];
  }
  async text() {
    this.bodyUsed = true;
    return this.answer.text;
  }
  async json() {
    this.bodyUsed = true;
    return JSON.parse(this.answer.text);
  }
  async arrayBuffer() {
    this.bodyUsed = true;
    const bytes = Buffer.from(this.answer.text);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  clone(): FetcherResponse {
    return new TextResponse(this.url, this.answer);
  }
}
