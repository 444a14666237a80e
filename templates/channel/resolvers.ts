import { audited } from '../../lib/audit.js';
import { normalizeCode } from '../../lib/codes.js';
import { demoFilterOf } from '../../lib/demo.js';
import { badInput, forbidden, notFound, present } from '../../lib/errors.js';
import { historyOf } from '../../lib/history.js';
import { isAdmin, isAnonymous } from '../../lib/identity.js';
import { connectionResolvers, pagedList } from '../../lib/pagination.js';
import { noPlace } from '../../lib/registry-api.js';
import { checkCode, checkPeriod, checkYear } from '../../lib/rules.js';
import { scalarResolvers } from '../../lib/scalars.js';
import { regionFieldKey, type RegionFieldArgs } from '../../lib/scope.js';
import type { Context } from './loaders.js';
import { auditLog, recordsTable as records } from './tables.js';
import type { Resolvers } from './types.generated.js';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  SampleRecordConnection: connectionResolvers,
  Query: {
    sampleRecord: (_, { id }, ctx) => ctx.loaders.recordById.load(id),
  },

  Mutation: {
    recordSample: async (_, { input }, ctx) => {
      const who = ctx.identity;
      const code = normalizeCode(input.helpedCode);
      // Registry facts first: on PGlite a lookup cannot run inside the write's transaction.
      const [region, helper] = await Promise.all([code ? ctx.registry.region(code) : null, ctx.registry.organization(input.helperId)]);
      const id = await audited(ctx.db, auditLog, who, 'recordSample', 'SampleRecord', async ({ tx, log }) => {
        if (isAnonymous(who)) throw forbidden('sign in: anonymous callers may not write', 'signed-in');
        if (!isAdmin(who)) throw forbidden('only an administrator may record help in the sample channel', 'access');
        checkCode('input.helpedCode', input.helpedCode);
        if (!region) throw noPlace(ctx.registry, 'input.helpedCode', code, badInput('input.helpedCode', 'exists', `no place has the code ${input.helpedCode}`));
        if (!helper) throw notFound('input.helperId', 'organisation', input.helperId);
        const period = checkPeriod({ since: 'input.since', until: 'input.until' }, input);
        const [row] = await tx
          .insert(records)
          .values({ helperId: helper.id, helpedCode: region.code, ...period, source: 'api' })
          .returning();
        await log({ entity: 'SampleRecord', entityId: row.id, after: row });
        return row.id;
      });
      return present(await ctx.loaders.recordById.load(id), 'id', 'record', id);
    },
  },

  Region: {
    __resolveReference: (ref) => ({ code: ref.code }),
    ...pagedList('sampleRecords', (r: { code: string }, args: RegionFieldArgs, ctx: Context) =>
      ctx.loaders.regionRecords.load(regionFieldKey(r.code, { ...args, year: checkYear('year', args.year ?? null) })),
    ),
  },

  Organization: {
    __resolveReference: (ref) => ({ id: ref.id }),
    sampleRecords: (o, { year, includeDemo }, ctx) =>
      ctx.loaders.organizationRecords.load({ id: o.id, year: checkYear('year', year ?? null), demo: demoFilterOf(includeDemo) }),
  },

  SampleRecord: {
    helper: (r) => ({ id: r.helperId }),
    helped: (r) => ({ code: r.helpedCode }),
    history: (r, _, ctx) => historyOf(ctx, auditLog, 'SampleRecord', r.id),
  },
};
