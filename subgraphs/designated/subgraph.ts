import { channelSubgraph } from '../../lib/channel.js';
import { createLoaders, type Loaders } from './loaders.js';
import { designated } from './channel.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { demoReferenceTargets } from './references.js';
import { designatedImports } from './import.js';

/** designated: 定点帮扶 — units paired with counties, the cadres they send, annual reports and assessments. */
export const designatedSubgraph = channelSubgraph<Loaders>(designated, import.meta.url, {
  resolvers: [resolvers],
  createLoaders,
  seed: { ...seed, demoReferenceTargets },
  imports: designatedImports(),
});
