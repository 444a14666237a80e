import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';

const COMMON = readFileSync(new URL('./common.graphql', import.meta.url), 'utf8');

/**
 * Load a subgraph's SDL from the `.graphql` file beside its module, with the shared
 * scalars, `Channel` and `Assistance` of lib/common.graphql prepended, so every subgraph
 * declares them identically.
 */
export function loadTypeDefs(url: URL): DocumentNode {
  return parse(`${readFileSync(url, 'utf8')}\n${COMMON}`);
}
