import { fileURLToPath } from 'node:url';
import { loadTypeDefs, mergeResolvers } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';
import { designated } from './channel.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { demoReferenceTargets } from './references.js';
import { designatedImports } from './import.js';

/** designated: 定点帮扶 — units paired with counties, the cadres they send, annual reports and assessments. */
export const designatedSubgraph = defineSubgraph<Loaders>({
  name: 'designated',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(resolvers, designated.resolvers),
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/designated', import.meta.url)),
  createLoaders,
  seed: { ...seed, demoReferenceTargets },
  imports: designatedImports(),
});
