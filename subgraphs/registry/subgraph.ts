import { fileURLToPath } from 'node:url';
import { loadTypeDefs } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';
import { lockResolvers } from './locks.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';

/** registry: the places (every division, poverty status) and organisations all channels refer to. */
export const registrySubgraph = defineSubgraph<Loaders>({
  name: 'registry',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers: {
    ...resolvers,
    Query: { ...resolvers.Query, ...lockResolvers.Query },
    Mutation: { ...resolvers.Mutation, ...lockResolvers.Mutation },
    PeriodLock: lockResolvers.PeriodLock,
  },
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/registry', import.meta.url)),
  createLoaders,
  seed,
});
