import type { ExecutionResult } from 'graphql';
import { post } from './http.js';
import { signPost } from './identity.js';
import type { RegistryExecutor } from './registry-api.js';

/**
 * Registry lookups over HTTP, for a channel subgraph running alone (distributed topology).
 * Each call carries the caller's identity signed as the gateway signs its calls (for subgraph
 * `registry`, bound to the body sent), which the registry checks.
 */
export function httpRegistryExecutor(url: string, secret: string): RegistryExecutor {
  return async (query, variables, identity) => {
    const body = JSON.stringify({ query, variables });
    const answer = await post(url, { 'content-type': 'application/json', ...signPost(identity, 'registry', url, body, secret) }, body);
    if (answer.status !== 200 && answer.status !== 400) throw new Error(`registry at ${url} answered HTTP ${answer.status}`);
    return JSON.parse(answer.text) as ExecutionResult;
  };
}
