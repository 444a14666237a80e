import { channelSubgraph } from '../../lib/channel.js';
import { createLoaders, type Loaders } from './loaders.js';
import { parties } from './channel.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { partiesImports } from './import.js';

/** parties: the democratic parties' supervision of provinces (2016–2020) and their intellectual aid. */
export const partiesSubgraph = channelSubgraph<Loaders>(parties, import.meta.url, {
  resolvers: [resolvers],
  createLoaders,
  seed,
  imports: partiesImports(),
});
