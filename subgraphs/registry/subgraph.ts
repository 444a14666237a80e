import { fileURLToPath } from 'node:url';
import { loadTypeDefs, mergeResolvers } from '../../lib/schema.js';
import { defineSubgraph } from '../../lib/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';
import { assistanceResolvers } from './assistance.js';
import { coverageResolvers } from './coverage.js';
import { lockResolvers } from './locks.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { importFields, importTypeResolvers } from '../../lib/import/graphql.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { organizationImport } from './organization-import.js';
import { auditLog } from './tables.js';

/** The kinds the registry imports (docs/import.md), and their GraphQL fields. */
const importEntries = (): ImportEntry[] => [{ kind: organizationImport as ImportEntry['kind'], auditLog }];
const imports = importFields(importEntries);

/** registry: the places (every division, poverty status) and organisations all channels refer to. */
export const registrySubgraph = defineSubgraph<Loaders>({
  name: 'registry',
  typeDefs: loadTypeDefs(new URL('./schema.graphql', import.meta.url)),
  resolvers: mergeResolvers(resolvers, importTypeResolvers, coverageResolvers, assistanceResolvers, lockResolvers, {
    Query: { registryImport: imports.read },
    Mutation: { startRegistryImport: imports.start },
  }),
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/registry', import.meta.url)),
  createLoaders,
  seed,
  imports: importEntries(),
});
