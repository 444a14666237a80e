import { loadTypeDefs } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';

/** enterprises: 万企帮万村 compacts and the contributions of enterprises, social organisations and individuals. */
export const enterprisesSubgraph = defineSubgraph<Loaders>({
  name: 'enterprises',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  migrationsFolder: new URL('../../schema/migrations/enterprises', import.meta.url).pathname,
  createLoaders,
  seed,
});
