import { channelSubgraph } from '../../lib/channel.js';
import { sample } from './channel.js';
import { correctionResolvers } from './corrections.js';
import { sampleImport } from './import.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { createLoaders, type Loaders } from './loaders.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { auditLog } from './tables.js';

/** sample: organisations helping places, one record per helper, place and period. */
export const sampleSubgraph = channelSubgraph<Loaders>(sample, import.meta.url, {
  resolvers: [resolvers, correctionResolvers],
  createLoaders,
  seed,
  imports: [{ kind: sampleImport as ImportEntry['kind'], auditLog }],
});
