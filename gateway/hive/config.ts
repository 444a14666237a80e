import type { GatewayConfigSupergraph, GatewayPlugin } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { ANONYMOUS, type Identity } from '../../lib/identity.js';
import { createAuthenticator, type JwtOptions } from '../auth.js';
import { signSubgraphCall } from '../datasources.js';

/**
 * The scale-out gateway: Hive Gateway over the committed supergraph and the distributed
 * subgraphs, with Hive Router's query planner and executor (Rust, `@graphql-hive/router-runtime`).
 * It keeps bangfu's contract with the subgraphs: the caller's bearer token verified as our
 * gateway verifies it (`createAuthenticator`, gateway/auth.ts), and every subgraph call signed as
 * ours signs it (`signSubgraphCall`, gateway/datasources.ts), so the subgraphs cannot tell the
 * two gateways apart. docs/scale-out.md says when to run it.
 */
export interface HiveGatewayOptions {
  /** The supergraph SDL (schema/supergraph.graphql). */
  supergraphSdl: string;
  /** Each subgraph's URL by its name in the supergraph; they replace the supergraph's own. */
  subgraphs: Record<string, string>;
  /** How bearer tokens are verified (gateway/auth.ts). */
  jwt: JwtOptions;
  /** The HMAC secret shared with the subgraphs. */
  gatewaySecret: string;
  /** Hive Gateway's own planner and executor (JavaScript) instead of the Rust one: the bench compares both. */
  planner?: 'rust' | 'javascript';
  /** Hive Gateway's log (default: none; the main passes its level). */
  logging?: boolean | 'debug' | 'info' | 'warn' | 'error';
}

type Authenticate = Awaited<ReturnType<typeof createAuthenticator>>;

/** What our plugin adds to a request's context: the verified caller. */
interface CallerContext {
  bangfuIdentity: Identity;
}

/** The supergraph with each subgraph's URL replaced by the one given (the committed file names the compose hosts). */
export function supergraphAt(supergraphSdl: string, subgraphs: Record<string, string>): string {
  const named = new Set<string>();
  const sdl = supergraphSdl.replace(/@join__graph\(name: "(\w+)", url: "[^"]*"\)/g, (whole, name: string) => {
    named.add(name);
    return subgraphs[name] ? `@join__graph(name: "${name}", url: "${subgraphs[name]}")` : whole;
  });
  const missing = [...named].filter((name) => !subgraphs[name]);
  if (missing.length) throw new Error(`the supergraph names subgraphs this gateway was not given a URL for: ${missing.join(', ')}`);
  return sdl;
}

/**
 * Verify the caller's token once per request and sign each of its subgraph calls. A token that
 * does not verify is refused (HTTP 401, UNAUTHENTICATED, the reason named), never downgraded
 * to anonymous; a fetch outside any request (none is made: the supergraph is a string) is anonymous.
 */
export function signedSubgraphCalls(opts: Pick<HiveGatewayOptions, 'subgraphs' | 'gatewaySecret'>, authenticate: Authenticate): GatewayPlugin<CallerContext> {
  const nameOf = new Map(Object.entries(opts.subgraphs).map(([name, url]) => [url, name]));
  return {
    async onContextBuilding({ context, extendContext }) {
      const identity = await authenticate(context.request.headers.get('authorization') ?? undefined);
      extendContext({ bangfuIdentity: identity });
    },
    onFetch({ url, options, setOptions, context }) {
      const subgraph = nameOf.get(url);
      // Only the subgraphs are fetched; anything else would carry no signature of ours.
      if (!subgraph) throw new Error(`Hive Gateway fetched ${url}, which is none of the subgraphs`);
      const body = typeof options.body === 'string' ? options.body : '';
      const caller = ('bangfuIdentity' in context && context.bangfuIdentity) || ANONYMOUS;
      setOptions({
        ...options,
        headers: { ...(options.headers as Record<string, string>), ...signSubgraphCall(caller, subgraph, url, body, opts.gatewaySecret) },
      });
    },
  };
}

/** The configuration `createGatewayRuntime` (from `@graphql-hive/gateway`) serves; refused here if the token key is not usable. */
export async function hiveGatewayConfig(opts: HiveGatewayOptions): Promise<GatewayConfigSupergraph<CallerContext>> {
  const authenticate = await createAuthenticator(opts.jwt);
  return {
    ...(opts.planner === 'javascript' ? {} : { unifiedGraphHandler }),
    supergraph: supergraphAt(opts.supergraphSdl, opts.subgraphs),
    graphqlEndpoint: '/graphql',
    // Liveness and readiness at the paths every bangfu process answers (docker-compose.yml).
    healthCheckEndpoint: '/live',
    readinessCheckEndpoint: '/ready',
    // Nothing loaded from a CDN, nothing reported anywhere.
    landingPage: false,
    graphiql: false,
    logging: opts.logging ?? false,
    plugins: () => [signedSubgraphCalls(opts, authenticate)],
  };
}
