import { fileURLToPath } from 'node:url';
import { loadTypeDefs } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';

/** registry: the places (every division, poverty status) and organisations all channels refer to. */
export const registrySubgraph = defineSubgraph<Loaders>({
  name: 'registry',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/registry', import.meta.url)),
  createLoaders,
  seed,
});
