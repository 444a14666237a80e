import { channelSubgraph } from '../../lib/channel.js';
import { createLoaders, type Loaders } from './loaders.js';
import { military } from './channel.js';
import { correctionResolvers } from './corrections.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { militaryImports } from './import.js';

/** military: military and armed-police aid (军队和武警部队帮扶) to villages, townships and counties. */
export const militarySubgraph = channelSubgraph<Loaders>(military, import.meta.url, {
  resolvers: [resolvers, correctionResolvers],
  createLoaders,
  seed,
  imports: militaryImports(),
});
