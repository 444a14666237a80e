import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError } from 'graphql';
import {
  GraphQLError,
  getNullableType,
  isListType,
  type DocumentNode,
  isUnionType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
// The CommonJS build: its ES module build imports graphql's own ES module build, another copy of
// graphql's classes than the schema's (graphql-js refuses a type from "another module or realm").
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity/cjs';
import { intEnv } from '../lib/env.js';
import { DEFAULT_PAGE, MAX_LIST, pageFieldOf } from '../lib/pagination.js';
import type { RuleCode } from '../lib/rules.js';

/**
 * What the gateway accepts and how long it waits (docs/limits.md). Every limit has a default
 * that lets the headline operations and every README example through; `gatewayLimitsFromEnv`
 * reads them from the environment.
 */
export interface GatewayLimits {
  /** Tokens (names, punctuation, values) in an operation's document. */
  maxTokens: number;
  /** Fields nested in fields. */
  maxDepth: number;
  /** Aliased fields (`a: field`): the way to ask one field many times. */
  maxAliases: number;
  /** Directives (`@include`, `@skip`). */
  maxDirectives: number;
  /** Estimated cost: each field counts 1, times the items of every list it is in (`estimateCost`). */
  maxCost: number;
  /** Items assumed of a list with no `first` and no known bound. */
  listSize: number;
  /** Bytes of a request body. */
  maxBodyBytes: number;
  /** Time to receive a request's body (ms), before it takes a place in the queue. */
  bodyTimeoutMs: number;
  /** Requests waiting for one of the `maxConcurrentRequests` slots at most. */
  queue: number;
  /** Time a request may wait for a slot (ms). */
  queueTimeoutMs: number;
  /** Time an operation may run once admitted (ms): its subgraph calls are abandoned then. */
  deadlineMs: number;
  /** Requests per client (verified token's subject, else address) per `rateWindowMs`; 0: no limit. */
  rateLimit: number;
  rateWindowMs: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxTokens: 3_000,
  maxDepth: 16,
  maxAliases: 15,
  maxDirectives: 50,
  maxCost: 2_000_000,
  listSize: 20,
  maxBodyBytes: 256 * 1024,
  bodyTimeoutMs: 10_000,
  queue: 128,
  queueTimeoutMs: 30_000,
  deadlineMs: 30_000,
  rateLimit: 1_200,
  rateWindowMs: 60_000,
};

/** Each limit from its variable (GATEWAY_MAX_DEPTH, …; docs/environment.md), else its default. */
export function gatewayLimitsFromEnv(): GatewayLimits {
  const d = DEFAULT_LIMITS;
  return {
    maxTokens: intEnv('GATEWAY_MAX_TOKENS', d.maxTokens),
    maxDepth: intEnv('GATEWAY_MAX_DEPTH', d.maxDepth),
    maxAliases: intEnv('GATEWAY_MAX_ALIASES', d.maxAliases),
    maxDirectives: intEnv('GATEWAY_MAX_DIRECTIVES', d.maxDirectives),
    maxCost: intEnv('GATEWAY_MAX_COST', d.maxCost),
    listSize: intEnv('GATEWAY_LIST_SIZE', d.listSize),
    maxBodyBytes: intEnv('GATEWAY_MAX_BODY_BYTES', d.maxBodyBytes),
    bodyTimeoutMs: intEnv('GATEWAY_BODY_TIMEOUT_MS', d.bodyTimeoutMs),
    queue: intEnv('GATEWAY_QUEUE', d.queue),
    queueTimeoutMs: intEnv('GATEWAY_QUEUE_TIMEOUT_MS', d.queueTimeoutMs),
    deadlineMs: intEnv('GATEWAY_DEADLINE_MS', d.deadlineMs),
    rateLimit: intEnv('GATEWAY_RATE_LIMIT', d.rateLimit),
    rateWindowMs: intEnv('GATEWAY_RATE_WINDOW_MS', d.rateWindowMs),
  };
}

/**
 * An operation refused for a limit, before anything runs: `BAD_USER_INPUT` on the `query`,
 * naming the limit, the operation's measure (`value`, when it was measured whole) and the maximum.
 */
export function limitExceeded(limit: string, what: string, value: number | null, maximum: number): GraphQLError {
  const measured = value === null ? `more than ${maximum}` : String(value);
  return new GraphQLError(`query: ${what} ${measured}, over the limit of ${maximum} (${limit})`, {
    extensions: {
      code: 'BAD_USER_INPUT',
      field: 'query',
      rule: 'operation-limit' satisfies RuleCode,
      limit,
      ...(value === null ? {} : { value }),
      maximum,
    },
  });
}

/**
 * Depth, aliases and directives, as validation rules (graphql-armor's): checked once per
 * document, which Apollo Server then keeps parsed and validated. Each refusal is reported as
 * `limitExceeded`, with the measure graphql-armor found.
 */
export function structureRules(limits: GatewayLimits): ValidationRule[] {
  const report = (limit: string, what: string, maximum: number) => [
    (context: ValidationContext | null, error: GraphQLError) => {
      const found = /found (\d+)/.exec(error.message);
      context?.reportError(limitExceeded(limit, what, found ? Number(found[1]) : null, maximum));
    },
  ];
  const off = { enabled: false };
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, onReject: report('depth', 'its fields nest', limits.maxDepth), propagateOnRejection: false },
    maxAliases: { n: limits.maxAliases, onReject: report('aliases', 'its aliases number', limits.maxAliases), propagateOnRejection: false },
    maxDirectives: { n: limits.maxDirectives, onReject: report('directives', 'its directives number', limits.maxDirectives), propagateOnRejection: false },
    // Tokens: graphql-js's parser stops at the limit (`parseOptions`); cost: `costLimit` below,
    // with list sizes; field suggestions: the gateway's `hideSchemaDetails`.
    maxTokens: off,
    costLimit: off,
    blockFieldSuggestion: off,
  }).protect();
  return validationRules as ValidationRule[];
}

/** The token limit's refusal (graphql-js's parse error) in the shape of the other limits'. */
export function tokenLimitError(formatted: GraphQLFormattedError, limits: GatewayLimits): GraphQLFormattedError | null {
  // graphql 16 says "more that N tokens"; later versions may spell it right.
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED' || !/Document contains more th(an|at) \d+ tokens/.test(formatted.message)) return null;
  const { message, extensions } = limitExceeded('tokens', 'its tokens number', null, limits.maxTokens);
  return { message, extensions };
}

/** Selections visited, fragments spread, before a cost is given up as too large to estimate. */
export const MAX_SELECTIONS = 10_000;

/** Lists whose size is known without a `first` (a place has at most four places above it). */
const KNOWN_SIZES: Record<string, number> = { 'Region.ancestors': 4 };

/**
 * How many items a field multiplies its selection by: its `first` (or the default page) where it
 * takes one, its known bound or `listSize` where it is a list, 1 otherwise. A connection's
 * `edges` are the page its `first` already counted. A channel's list of a place or an
 * organisation (one with a `<field>Page` beside it) answers at most MAX_LIST records, so no
 * assumed size counts it as more.
 */
function itemsOf(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, listSize: number): number {
  if (field.args.some((a) => a.name === 'first')) return typeof args.first === 'number' ? Math.max(args.first, 0) : DEFAULT_PAGE;
  if (!isListType(getNullableType(field.type))) return 1;
  if (field.name === 'edges' && parent.name.endsWith('Connection')) return 1;
  const size = KNOWN_SIZES[`${parent.name}.${field.name}`] ?? listSize;
  return isUnionType(parent) || !(pageFieldOf(field.name) in parent.getFields()) ? size : Math.min(size, MAX_LIST);
}

/**
 * An operation's estimated cost: 1 per field, plus its selection's cost times the items it may
 * return. The national picture (`regions(first: 1000)` with every channel field) costs
 * about 225,000 with the default list size; one `children(first: 1000)` nested in another,
 * 3,000,000. Null when the variables do not fit the operation (its execution says why);
 * Infinity when it has more than `MAX_SELECTIONS` selections once its fragments are spread.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  listSize: number,
): number | null {
  const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => 1 + childComplexity * itemsOf(type, field, args, listSize);
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [estimator], maxQueryNodes: MAX_SELECTIONS });
  } catch (error) {
    if ((error as Error).message.includes('maximum allowed number of nodes')) return Infinity;
    return null;
  }
}

/** The cost limit, per request (the cost depends on the variables): refused before planning, with 400. */
export function costLimit(limits: GatewayLimits): ApolloServerPlugin {
  const refuse = (error: GraphQLError) => new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const cost = estimateCost(schema, document, request.variables, operationName ?? undefined, limits.listSize);
          if (cost === Infinity) throw refuse(limitExceeded('selections', 'its selections, fragments spread, number', null, MAX_SELECTIONS));
          if (cost !== null && cost > limits.maxCost) throw refuse(limitExceeded('cost', 'its estimated cost is', cost, limits.maxCost));
        },
      };
    },
  };
}
