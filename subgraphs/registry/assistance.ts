import { assistanceOf, entriesAfter, entryCursor, type AssistanceEntry, type AssistanceListArgs, type ListOwner } from '../../lib/assistance-across.js';
import { pageSize, type Connection } from '../../lib/pagination.js';
import { checkYear } from '../../lib/rules.js';
import { moneyAcross } from '../../lib/totals-across.js';
import { CHANNEL_LISTS, MONEY_SOURCES } from '../channels.js';
import { eq } from 'drizzle-orm';
import type { Context } from './loaders.js';
import { currentCodeArg } from './resolvers.js';
import { regionsTable as regions } from './tables.js';
import type { Resolvers } from './types.generated.js';

/**
 * `Region.assistance` and `Organization.assistance`: every channel's records of a place or a
 * helper in one list (lib/assistance-across.ts), paged here; helper and helped are the registry's
 * own entities, read by its loaders (one statement per batch). `Region.assistanceTotals`: the
 * place's money by channel and across channels counted once (lib/totals-across.ts).
 */
export type AssistanceEntryPage = Connection<AssistanceEntry>;

async function page(ctx: Context, owner: ListOwner, args: AssistanceListArgs): Promise<AssistanceEntryPage> {
  const size = pageSize(args.first);
  const entries = await assistanceOf(ctx.peers, CHANNEL_LISTS, owner, args, ctx.identity, ctx.scope);
  const rows = entriesAfter(entries, args.after).slice(0, size + 1);
  const edges = rows.slice(0, size).map((node) => ({ cursor: entryCursor(node), node }));
  const total = Promise.resolve(entries.length);
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: total };
}

/**
 * The money of a place (a canonical code), or of the whole country (null): the channels asked
 * about the place, or about every province at once (one call per channel either way).
 */
async function totals(ctx: Context, within: string | null, args: { year: number; includeDemo?: boolean | null }) {
  checkYear('year', args.year);
  const places = within
    ? [within]
    : (await ctx.db.select({ code: regions.code }).from(regions).where(eq(regions.level, 'PROVINCE')).orderBy(regions.code)).map((r) => r.code);
  return moneyAcross(ctx.peers, MONEY_SOURCES, { within, places, year: args.year, includeDemo: args.includeDemo ?? true }, ctx.identity, ctx.scope);
}

const present = <T>(value: T | null | undefined, what: string): T => {
  if (value == null) throw new Error(`${what} is not in the registry`);
  return value;
};

export const assistanceResolvers: Pick<Resolvers, 'AssistanceEntry' | 'AssistanceEntryConnection'> & {
  Region: Pick<NonNullable<Resolvers['Region']>, 'assistance' | 'assistanceTotals'>;
  Query: Pick<NonNullable<Resolvers['Query']>, 'assistanceTotals'>;
  Organization: Pick<NonNullable<Resolvers['Organization']>, 'assistance'>;
} = {
  Region: {
    assistance: (r, args, ctx) => page(ctx, { type: 'Region', code: r.code }, args),
    assistanceTotals: (r, args, ctx) => totals(ctx, r.code, args),
  },
  Query: {
    assistanceTotals: async (_, args, ctx) => totals(ctx, args.within == null ? null : await currentCodeArg(ctx.db, 'within', args.within), args),
  },
  Organization: { assistance: (o, args, ctx) => page(ctx, { type: 'Organization', id: o.id }, args) },
  AssistanceEntry: {
    helper: async (e, _, ctx) => present(await ctx.loaders.organizationById.load(e.helperId), `organisation ${e.helperId}`),
    helped: async (e, _, ctx) => present(await ctx.loaders.regionByCode.load(e.helpedCode), `region ${e.helpedCode}`),
  },
  AssistanceEntryConnection: { totalCount: (c) => c.totalCount },
};
