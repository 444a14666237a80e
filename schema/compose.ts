import { composeServices } from '@apollo/composition';
import { printSchema } from '@apollo/federation-internals';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SubgraphModule } from '../lib/subgraph.js';
import { subgraphs } from '../subgraphs/index.js';

export const SUPERGRAPH_PATH = fileURLToPath(new URL('./supergraph.graphql', import.meta.url));
/** The schema frontends write queries against: the supergraph without federation machinery. */
export const API_SCHEMA_PATH = fileURLToPath(new URL('./api.graphql', import.meta.url));

/** Port every subgraph listens on inside its own container (docker-compose.yml). */
export const SUBGRAPH_PORT = 4001;

/**
 * Compose the supergraph from every subgraph's SDL with @apollo/composition. The URLs are the
 * docker-compose service addresses; the Node gateway maps names to URLs at run time instead.
 */
export function composeSupergraph(modules: readonly SubgraphModule<unknown>[] = subgraphs): string {
  return compose(modules).supergraph;
}

/**
 * The supergraph and its API schema: what a client can query (no join__ or link types, no
 * `_entities`, `@inaccessible` parts removed), as frontends and their code generators read it.
 * `modules`: the subgraphs of `subgraphs/index.ts` unless a test composes others.
 */
export function compose(modules: readonly SubgraphModule<unknown>[] = subgraphs): { supergraph: string; api: string } {
  const result = composeServices(modules.map((s) => ({ name: s.name, typeDefs: s.typeDefs, url: `http://${s.name}:${SUBGRAPH_PORT}/graphql` })));
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return {
    supergraph: `${result.supergraphSdl.trimEnd()}\n`,
    api: `${printSchema(result.schema.toAPISchema()).trimEnd()}\n`,
  };
}

export function readCommittedSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

export function readCommittedApiSchema(): string {
  return readFileSync(API_SCHEMA_PATH, 'utf8');
}

const readOrEmpty = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // missing counts as stale
  }
};

// `npm run compose` writes both files; `npm run compose -- --check` fails when either is stale.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { supergraph, api } = compose();
  const files = [
    { path: SUPERGRAPH_PATH, name: 'schema/supergraph.graphql', text: supergraph },
    { path: API_SCHEMA_PATH, name: 'schema/api.graphql', text: api },
  ];
  if (process.argv.includes('--check')) {
    const stale = files.filter((f) => readOrEmpty(f.path) !== f.text);
    for (const f of stale) console.error(`${f.name} is stale: run \`npm run compose\` and commit it`);
    if (stale.length) process.exit(1);
    console.log('schema/supergraph.graphql and schema/api.graphql are up to date');
  } else {
    for (const f of files) writeFileSync(f.path, f.text);
    console.log(`wrote ${files.map((f) => f.name).join(' and ')} (${subgraphs.length} subgraphs: ${subgraphs.map((s) => s.name).join(', ')})`);
  }
}
