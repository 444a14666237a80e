import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type GraphQLFormattedError, type SelectionSetNode } from 'graphql';
import { Throttled } from '../lib/log.js';
import type { Metrics } from '../lib/metrics.js';
import type { GatewayContext } from './datasources.js';

/** The code of the errors of a fetch that got no GraphQL answer: the subgraph is down, slow, or answered no JSON. */
export const SUBGRAPH_UNAVAILABLE = 'SUBGRAPH_UNAVAILABLE';

/** Fetch failures, said once per subgraph per interval (`Throttled`). */
export const fetchFailures = new Throttled('subgraph fetch failed');

/**
 * A data source whose failed fetches cost only their own fields. A fetch that throws (connection
 * refused or lost, a timeout, a non-2xx status) answers, instead of the error, one
 * SUBGRAPH_UNAVAILABLE error per field the fetch was to fill, at that field's path: the gateway
 * adds `serviceName` and turns the paths into the client's, the fields stay null (the channel
 * fields are nullable), and everything the other subgraphs answered is kept. Without this the
 * error reached the client as one INTERNAL_SERVER_ERROR without path or subgraph, and the
 * missing fields nulled their non-null parents up to the root. Each fetch's time, and each
 * failure's reason, go to `metrics`.
 */
export function containFailures(name: string, source: GraphQLDataSource<GatewayContext>, metrics?: Metrics): GraphQLDataSource<GatewayContext> {
  return {
    async process(options) {
      const started = performance.now();
      try {
        return await source.process(options);
      } catch (error) {
        const reason = reasonOf(error);
        fetchFailures.note(name, { subgraph: name, reason, error: (error as Error)?.message });
        metrics?.fetchErrors.inc({ subgraph: name, reason });
        return failedFetch(name, reason, options);
      } finally {
        metrics?.fetchLatency.observe({ subgraph: name }, (performance.now() - started) / 1000);
      }
    },
  };
}

/** Why a fetch got no answer, in a few words a client may read (no address, no stack). */
export function reasonOf(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; extensions?: { response?: { status?: unknown } }; cause?: unknown } | null;
  const status = e?.extensions?.response?.status;
  if (typeof status === 'number') return `HTTP ${status}`;
  const code = String(e?.code ?? (e?.cause as { code?: unknown } | undefined)?.code ?? '');
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (/TIMEOUT/.test(code) || e?.name === 'TimeoutError' || e?.name === 'AbortError' || code === 'ABORT_ERR') return 'timed out';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'connection lost';
  if (e?.name === 'SyntaxError') return 'answer not JSON';
  return 'failed';
}

/** The answer of a fetch that failed: an error at the path of each field it was to fill. */
export function failedFetch(name: string, reason: string, options: GraphQLDataSourceProcessOptions<GatewayContext>): GatewayGraphQLResponse {
  const message = `the ${name} subgraph did not answer (${reason})`;
  const error = (path?: (string | number)[]): GraphQLFormattedError => ({ message, ...(path && { path }), extensions: { code: SUBGRAPH_UNAVAILABLE } });
  const paths = fieldPaths(options);
  return { errors: paths.length ? paths.map(error) : [error()] };
}

/**
 * The paths, in the fetch's own answer, of the fields a fetch selects: `[field]` for a root
 * fetch, `['_entities', i, field]` for each representation i of an entity fetch (the gateway
 * maps them to the entities' paths in the client's answer).
 */
function fieldPaths({ request }: GraphQLDataSourceProcessOptions<GatewayContext>): (string | number)[][] {
  let doc: DocumentNode;
  try {
    doc = parse(request.query ?? '');
  } catch {
    return [];
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return [];
  const representations = request.variables?.representations;
  const entities = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (!Array.isArray(representations) || entities?.kind !== Kind.FIELD || !entities.selectionSet) {
    return namesOf(operation.selectionSet, null, fragments).map((n) => [n]);
  }
  const byType = new Map<string, string[]>();
  const paths: (string | number)[][] = [];
  representations.forEach((r, i) => {
    const typename = String((r as { __typename?: unknown } | null)?.__typename ?? '');
    let names = byType.get(typename);
    if (!names) byType.set(typename, (names = namesOf(entities.selectionSet!, typename, fragments)));
    for (const n of names) paths.push(['_entities', i, n]);
  });
  return paths;
}

/** The response names a selection set gives an object of type `typename` (null: any), through fragments; not `__typename`. */
function namesOf(set: SelectionSetNode, typename: string | null, fragments: Map<string, FragmentDefinitionNode>, out = new Set<string>()): string[] {
  const applies = (condition: string | undefined) => !condition || typename === null || condition === typename;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value !== '__typename') out.add(s.alias?.value ?? s.name.value);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (applies(s.typeCondition?.name.value)) namesOf(s.selectionSet, typename, fragments, out);
    } else {
      const f = fragments.get(s.name.value);
      if (f && applies(f.typeCondition.name.value)) namesOf(f.selectionSet, typename, fragments, out);
    }
  }
  return [...out];
}
