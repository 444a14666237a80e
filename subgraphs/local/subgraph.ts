import { channelSubgraph } from '../../lib/channel.js';
import { correctionResolvers } from './corrections.js';
import { local } from './channel.js';
import { createLoaders, type Loaders } from './loaders.js';
import { governanceResolvers } from './governance.js';
import { governanceDemoStep } from './governance-seed.js';
import { resolvers } from './resolvers.js';
import { localImports } from './import.js';
import { seed } from './seed.js';

/** local: the county's own precision work (精准扶贫): poor villages, work teams, filed households, cadre pairing. */
export const localSubgraph = channelSubgraph<Loaders>(local, import.meta.url, {
  resolvers: [resolvers, governanceResolvers, correctionResolvers],
  createLoaders,
  seed: { steps: [...seed.steps, governanceDemoStep] },
  imports: localImports(),
});
