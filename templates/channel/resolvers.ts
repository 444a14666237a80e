import { demoFilterOf } from '../../lib/demo.js';
import { badInput, present } from '../../lib/errors.js';
import { recordOne } from '../../lib/import/run.js';
import { connectionResolvers, pagedList } from '../../lib/pagination.js';
import { checkYear } from '../../lib/rules.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { regionFieldKey, type RegionFieldArgs } from '../../lib/scope.js';
import type { Context } from './loaders.js';
import { sampleImport } from './import.js';
import { auditLog } from './tables.js';
import type { Resolvers } from './types.generated.js';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  SampleRecordConnection: connectionResolvers,
  Query: {
    sampleRecord: (_, { id }, ctx) => ctx.loaders.recordById.load(id),
  },

  Mutation: {
    recordSample: async (_, { input }, ctx) => {
      // The kind's lookups run before its transaction, its checks and write inside it (lib/import/run.ts).
      const row = await recordOne(ctx, sampleImport, auditLog, input, (e) =>
        badInput('input.since', 'duplicate', `${(e as { id: string }).id} already records this help in an overlapping period`),
      );
      return present(await ctx.loaders.recordById.load(row.id), 'id', 'record', row.id);
    },
  },

  Region: {
    ...pagedList('sampleRecords', (r: { code: string }, args: RegionFieldArgs, ctx: Context) =>
      ctx.loaders.regionRecords.load(regionFieldKey(r.code, { ...args, year: checkYear('year', args.year ?? null) })),
    ),
  },

  Organization: {
    sampleRecords: (o, { year, includeDemo }, ctx) =>
      ctx.loaders.organizationRecords.load({ id: o.id, year: checkYear('year', year ?? null), demo: demoFilterOf(includeDemo) }),
  },

  SampleRecord: {
    helper: (r) => ({ id: r.helperId }),
    helped: (r) => ({ code: r.helpedCode }),
  },
};
