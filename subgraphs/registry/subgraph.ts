import { fileURLToPath } from 'node:url';
import { loadTypeDefs } from '../../lib/schema.js';
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
  resolvers: {
    ...resolvers,
    ...importTypeResolvers,
    ...coverageResolvers,
    AssistanceEntry: assistanceResolvers.AssistanceEntry,
    AssistanceEntryConnection: assistanceResolvers.AssistanceEntryConnection,
    Region: { ...resolvers.Region, ...assistanceResolvers.Region },
    Organization: { ...resolvers.Organization, ...assistanceResolvers.Organization },
    Query: { ...resolvers.Query, ...lockResolvers.Query, ...coverageResolvers.Query, registryImport: imports.read },
    Mutation: { ...resolvers.Mutation, ...lockResolvers.Mutation, startRegistryImport: imports.start },
    PeriodLock: lockResolvers.PeriodLock,
  },
  migrationsFolder: fileURLToPath(new URL('../../schema/migrations/registry', import.meta.url)),
  createLoaders,
  seed,
  imports: importEntries(),
});
