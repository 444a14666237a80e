import type { ExecutionResult } from 'graphql';
import { signIdentity } from './identity.js';
import type { RegistryExecutor } from './registry-api.js';

/**
 * Registry lookups over HTTP, for a channel subgraph running alone (distributed topology).
 * The call carries the caller's identity signed like the gateway's, which the registry checks.
 */
export function httpRegistryExecutor(url: string, secret: string): RegistryExecutor {
  return async (query, variables, identity) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signIdentity(identity, secret) },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok && response.status !== 400) throw new Error(`registry at ${url} answered HTTP ${response.status}`);
    return (await response.json()) as ExecutionResult;
  };
}
