import { composeServices } from '@apollo/composition';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { subgraphs } from '../subgraphs/index.js';

export const SUPERGRAPH_PATH = fileURLToPath(new URL('./supergraph.graphql', import.meta.url));

/** Port every subgraph listens on inside its own container (docker-compose.yml). */
export const SUBGRAPH_PORT = 4001;

/**
 * Compose the supergraph from every subgraph's SDL with @apollo/composition. The URLs are the
 * docker-compose service addresses; the Node gateway maps names to URLs at run time instead.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, typeDefs: s.typeDefs, url: `http://${s.name}:${SUBGRAPH_PORT}/graphql` })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

export function readCommittedSupergraph(): string {
  return readFileSync(SUPERGRAPH_PATH, 'utf8');
}

// `npm run compose` writes the file; `npm run compose -- --check` fails when it is stale.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sdl = composeSupergraph();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readCommittedSupergraph();
    } catch {
      // missing counts as stale
    }
    if (committed !== sdl) {
      console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit it');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is up to date');
  } else {
    writeFileSync(SUPERGRAPH_PATH, sdl);
    console.log(`wrote ${SUPERGRAPH_PATH} (${subgraphs.length} subgraphs: ${subgraphs.map((s) => s.name).join(', ')})`);
  }
}
