import { fileURLToPath } from 'node:url';
import { loadTypeDefs } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { correctionResolvers } from './corrections.js';
import { coverage } from './coverage.js';
import { createLoaders, type Loaders } from './loaders.js';
import { governanceResolvers } from './governance.js';
import { governanceDemoStep } from './governance-seed.js';
import { resolvers } from './resolvers.js';
import { localImports } from './import.js';
import { seed } from './seed.js';

/** The resolver maps of this subgraph's parts as one: each type's fields from all of them. */
function mergeResolvers(...maps: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const before = out[type];
      out[type] = before && typeof before === 'object' && fields && typeof fields === 'object' ? { ...before, ...fields } : fields;
    }
  }
  return out;
}

/** local: the county's own precision work (精准扶贫): poor villages, work teams, filed households, cadre pairing. */
export const localSubgraph = defineSubgraph<Loaders>({
  name: 'local',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers: {
    ...mergeResolvers(resolvers, governanceResolvers, correctionResolvers),
    Query: { ...resolvers.Query, ...governanceResolvers.Query, ...coverage.Query, ...correctionResolvers.Query },
    CoverageGaps: coverage.CoverageGaps,
  },
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/local', import.meta.url)),
  createLoaders,
  seed: { steps: [...seed.steps, governanceDemoStep] },
  imports: localImports(),
});
