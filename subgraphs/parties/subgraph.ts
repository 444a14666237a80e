import { fileURLToPath } from 'node:url';
import { loadTypeDefs, mergeResolvers } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';
import { parties } from './channel.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { partiesImports } from './import.js';

/** parties: the democratic parties' supervision of provinces (2016–2020) and their intellectual aid. */
export const partiesSubgraph = defineSubgraph<Loaders>({
  name: 'parties',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(resolvers, parties.resolvers),
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/parties', import.meta.url)),
  createLoaders,
  seed,
  imports: partiesImports(),
});
