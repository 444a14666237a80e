import type { ExecutionResult } from 'graphql';
import { post } from './http.js';
import { signIdentity } from './identity.js';
import type { RegistryExecutor } from './registry-api.js';

/**
 * Registry lookups over HTTP, for a channel subgraph running alone (distributed topology).
 * The call carries the caller's identity signed like the gateway's, which the registry checks.
 */
export function httpRegistryExecutor(url: string, secret: string): RegistryExecutor {
  return async (query, variables, identity) => {
    const answer = await post(url, { 'content-type': 'application/json', ...signIdentity(identity, secret) }, JSON.stringify({ query, variables }));
    if (answer.status !== 200 && answer.status !== 400) throw new Error(`registry at ${url} answered HTTP ${answer.status}`);
    return JSON.parse(answer.text) as ExecutionResult;
  };
}
