import { channelSubgraph } from '../../lib/channel.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { createLoaders, type Loaders } from './loaders.js';
import { correctionResolvers as fix } from './corrections.js';
import { eastwest } from './channel.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { demoReferenceTargets } from './references.js';
import { pairingImport } from './pairing-import.js';
import { auditLog, fiscalAidImport, meetingImport, industrialProjectImport, labourImport, produceImport, talentImport } from './import.js';

/** eastwest: east-west cooperation (东西部协作): pairings, what flows through them, pairing suggestions. */
export const eastwestSubgraph = channelSubgraph<Loaders>(eastwest, import.meta.url, {
  resolvers: [resolvers, fix],
  createLoaders,
  seed: { ...seed, demoReferenceTargets },
  imports: [pairingImport, meetingImport, fiscalAidImport, industrialProjectImport, labourImport, talentImport, produceImport].map((kind) => ({
    kind: kind as ImportEntry['kind'],
    auditLog,
  })),
});
