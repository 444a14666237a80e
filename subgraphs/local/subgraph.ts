import { fileURLToPath } from 'node:url';
import { loadTypeDefs, mergeResolvers } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { correctionResolvers } from './corrections.js';
import { local } from './channel.js';
import { createLoaders, type Loaders } from './loaders.js';
import { governanceResolvers } from './governance.js';
import { governanceDemoStep } from './governance-seed.js';
import { resolvers } from './resolvers.js';
import { localImports } from './import.js';
import { seed } from './seed.js';

/** local: the county's own precision work (精准扶贫): poor villages, work teams, filed households, cadre pairing. */
export const localSubgraph = defineSubgraph<Loaders>({
  name: 'local',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(resolvers, governanceResolvers, correctionResolvers, local.resolvers),
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/local', import.meta.url)),
  createLoaders,
  seed: { steps: [...seed.steps, governanceDemoStep] },
  imports: localImports(),
});
