import type { ExecutionResult } from 'graphql';
import { post } from './http.js';
import { signPost } from './identity.js';
import type { RegistryExecutor } from './registry-api.js';
import { REQUEST_ID_HEADER, STATEMENTS_HEADER, traceHeaders } from './telemetry.js';

/**
 * Registry lookups over HTTP, for a channel subgraph running alone (distributed topology).
 * Each call carries the caller's identity signed as the gateway signs its calls (for subgraph
 * `registry`, bound to the body sent), which the registry checks, and the request's id and trace
 * context, so the registry's log line and spans join the request's; the statements the registry
 * says it issued count for the request.
 */
export function httpRegistryExecutor(url: string, secret: string): RegistryExecutor {
  return httpSubgraphExecutor('registry', url, secret);
}

/**
 * Calls to subgraph `subgraph` at `url`, signed as the gateway signs them: the registry's
 * lookups, and the channels' covered places the registry's cross-channel view asks
 * (lib/coverage-across.ts).
 */
export function httpSubgraphExecutor(subgraph: string, url: string, secret: string): RegistryExecutor {
  return async (query, variables, identity, scope) => {
    const body = JSON.stringify({ query, variables });
    const headers: Record<string, string> = { 'content-type': 'application/json', ...signPost(identity, subgraph, url, body, secret) };
    if (scope) headers[REQUEST_ID_HEADER] = scope.id;
    const answer = await post(url, traceHeaders(headers), body);
    // The subgraph's statements count for the request this call serves.
    const statements = Number(answer.headers[STATEMENTS_HEADER]);
    if (scope && statements > 0) scope.statements += statements;
    if (answer.status !== 200 && answer.status !== 400) throw new Error(`${subgraph} at ${url} answered HTTP ${answer.status}`);
    return JSON.parse(answer.text) as ExecutionResult;
  };
}
