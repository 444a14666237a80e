import { fileURLToPath } from 'node:url';
import { auditTrailField } from '../../lib/history.js';
import { connectionResolvers } from '../../lib/pagination.js';
import { loadTypeDefs, mergeResolvers } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { sample } from './channel.js';
import { correctionResolvers } from './corrections.js';
import { sampleImport } from './import.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { createLoaders, type Loaders } from './loaders.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { auditLog } from './tables.js';

/** sample: organisations helping places, one record per helper, place and period. */
export const sampleSubgraph = defineSubgraph<Loaders>({
  name: 'sample',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  // Each part's resolvers (resolvers.ts, the kit's from channel.ts, corrections.ts, …) as one map; a field given twice is refused.
  resolvers: mergeResolvers(resolvers, sample.resolvers, correctionResolvers, {
    Query: { sampleAuditTrail: auditTrailField(auditLog, 'sampleAuditTrail') },
    AuditEntryConnection: connectionResolvers,
  }),
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/sample', import.meta.url)),
  createLoaders,
  seed,
  imports: [{ kind: sampleImport as ImportEntry['kind'], auditLog }],
});
