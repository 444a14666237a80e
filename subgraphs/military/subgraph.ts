import { fileURLToPath } from 'node:url';
import { loadTypeDefs, mergeResolvers } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';
import { military } from './channel.js';
import { correctionResolvers } from './corrections.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { militaryImports } from './import.js';

/** military: military and armed-police aid (军队和武警部队帮扶) to villages, townships and counties. */
export const militarySubgraph = defineSubgraph<Loaders>({
  name: 'military',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(resolvers, military.resolvers, correctionResolvers),
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/military', import.meta.url)),
  createLoaders,
  seed,
  imports: militaryImports(),
});
