import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { ANONYMOUS, signIdentity, type Identity } from '../lib/identity.js';
import type { SubgraphContext, SubgraphRuntime } from '../lib/subgraph.js';

/** What the gateway keeps per request: the verified caller, and in-process subgraph contexts. */
export interface GatewayContext {
  identity: Identity;
  /** One context (so one set of loaders) per in-process subgraph per request, across plan steps. */
  subgraphContexts?: Map<string, SubgraphContext<unknown>>;
}

/** Distributed topology: HTTP to a subgraph, signing the caller's identity with HMAC. */
export class SignedRemoteDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly secret: string) {
    super({ url });
  }
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const identity = 'identity' in context && context.identity ? context.identity : ANONYMOUS;
    for (const [name, value] of Object.entries(signIdentity(identity, this.secret))) request.http?.headers.set(name, value);
  }
}

/**
 * Embedded topology: the subgraph runs in this process, so a fetch is a direct execution of
 * its schema, with no HTTP and no serialisation; identity is passed as verified.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly runtime: SubgraphRuntime<unknown>) {}
  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const gatewayContext = context as Partial<GatewayContext>;
    const identity = gatewayContext.identity ?? ANONYMOUS;
    let subgraphContext = gatewayContext.subgraphContexts?.get(this.runtime.module.name);
    if (!subgraphContext) {
      subgraphContext = this.runtime.contextFor(identity);
      gatewayContext.subgraphContexts?.set(this.runtime.module.name, subgraphContext);
    }
    const result = await this.runtime.execute(request.query!, request.variables, subgraphContext);
    return {
      data: result.data as GatewayGraphQLResponse['data'],
      errors: result.errors?.map((e) => e.toJSON()),
    };
  }
}
