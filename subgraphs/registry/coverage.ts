import { and, asc, like, sql } from 'drizzle-orm';
import { coveredBy, type CoveredArgs } from '../../lib/coverage-across.js';
import { CHANNELS, WORK_TEAMS } from '../channels.js';
import { isCovered, type CoverageLevel } from '../../lib/coverage.js';
import { badInput } from '../../lib/errors.js';
import type { LockChannel } from '../../lib/locks.js';
import { connection, connectionResolvers, decodeCursor, pageSize, type Connection, type PageArgs } from '../../lib/pagination.js';
import { checkYear } from '../../lib/rules.js';
import type { Context } from './loaders.js';
import { currentCodeArg } from './resolvers.js';
import { poorVillagesTable as poorVillages, povertyDesignationsTable as designations, regionsTable as regions } from './tables.js';
import type { Resolvers } from './types.generated.js';

/**
 * `coverage`, the cross-channel view (docs/architecture.md): the registry reads the candidates
 * (its own poverty counties or poor villages, one statement) while it asks each channel and the
 * local subgraph, once each and all at once, for the places they cover (lib/coverage-across.ts);
 * the places are then paged and filtered in memory. A national page costs the same statements
 * as a county's: one for the candidates, one per channel, one for the page's regions.
 */
type Channel = LockChannel;

export interface PlaceCoverageRow {
  code: string;
  channels: Channel[];
  missing: Channel[];
  workTeam: boolean;
}

export interface CrossChannelCoverageOut {
  year: number;
  level: CoverageLevel;
  candidateCount: number;
  byChannel: { channel: Channel; coveredCount: number; gapCount: number }[];
  uncoveredCount: number;
  workTeamCount: number;
  rows: PlaceCoverageRow[];
}

export type PlaceCoveragePage = Connection<PlaceCoverageRow>;

/** The candidates of a level inside `within`, ordered by code: one statement. */
async function candidateCodes(ctx: Context, level: CoverageLevel, within: string | null): Promise<string[]> {
  const flagged =
    level === 'VILLAGE'
      ? sql`exists (select 1 from ${poorVillages} where ${poorVillages.code} = ${regions.code})`
      : sql`exists (select 1 from ${designations} where ${designations.code} = ${regions.code})`;
  const rows = await ctx.db
    .select({ code: regions.code })
    .from(regions)
    .where(and(flagged, within ? like(regions.code, `${within}%`) : undefined))
    .orderBy(asc(regions.code));
  return rows.map((r) => r.code);
}

interface CoverageArgs {
  year: number;
  level?: CoverageLevel | null;
  within?: string | null;
  includeDemo?: boolean | null;
}

async function crossChannelCoverage(ctx: Context, args: CoverageArgs): Promise<CrossChannelCoverageOut> {
  checkYear('year', args.year);
  const level = args.level ?? 'COUNTY';
  const within = args.within == null ? null : await currentCodeArg(ctx.db, 'within', args.within);
  const asked: CoveredArgs = { year: args.year, within, level, includeDemo: args.includeDemo ?? true };
  const ask = (c: typeof WORK_TEAMS) => coveredBy(ctx.peers, c, asked, ctx.identity, ctx.scope);
  const [candidates, teams, ...channels] = await Promise.all([candidateCodes(ctx, level, within), ask(WORK_TEAMS), ...CHANNELS.map((c) => ask(c))]);
  const sets = channels.map((c) => ({ set: new Set(c.codes), containing: c.containing }));
  const teamSet = new Set(teams.codes);
  const rows = candidates.map((code) => {
    const row: PlaceCoverageRow = { code, channels: [], missing: [], workTeam: isCovered(code, teamSet, teams.containing) };
    CHANNELS.forEach((c, i) => (isCovered(code, sets[i].set, sets[i].containing) ? row.channels : row.missing).push(c.channel));
    return row;
  });
  return {
    year: args.year,
    level,
    candidateCount: rows.length,
    byChannel: CHANNELS.map(({ channel }) => {
      const coveredCount = rows.filter((r) => r.channels.includes(channel)).length;
      return { channel, coveredCount, gapCount: rows.length - coveredCount };
    }),
    uncoveredCount: rows.filter((r) => !r.channels.length).length,
    workTeamCount: rows.filter((r) => r.workTeam).length,
    rows,
  };
}

interface PlacesArgs extends PageArgs {
  fewerThan?: number | null;
  missing?: Channel | null;
}

/** A page of the places the filters select, after the cursor (a place's code). */
function places(c: CrossChannelCoverageOut, args: PlacesArgs): PlaceCoveragePage {
  const { fewerThan, missing } = args;
  if (fewerThan != null && (!Number.isInteger(fewerThan) || fewerThan < 1 || fewerThan > CHANNELS.length + 1)) {
    throw badInput('fewerThan', 'range', `must be a whole number from 1 to ${CHANNELS.length + 1}`);
  }
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const selected = c.rows.filter((r) => (fewerThan == null || r.channels.length < fewerThan) && (missing == null || r.missing.includes(missing)));
  const start = after == null ? 0 : selected.findIndex((r) => r.code > after);
  const rows = start < 0 ? [] : selected.slice(start, start + size + 1);
  return connection(
    rows,
    size,
    (r) => r.code,
    async () => selected.length,
  );
}

export const coverageResolvers: Pick<Resolvers, 'CrossChannelCoverage' | 'PlaceCoverage' | 'PlaceCoverageConnection'> & {
  Query: Pick<NonNullable<Resolvers['Query']>, 'coverage'>;
} = {
  Query: { coverage: (_, args, ctx) => crossChannelCoverage(ctx, args) },
  CrossChannelCoverage: { places: (c, args) => places(c, args) },
  PlaceCoverage: {
    region: async (p, _, ctx) => {
      const region = await ctx.loaders.regionByCode.load(p.code);
      if (!region) throw new Error(`region ${p.code} is not in the registry`);
      return region;
    },
    channelCount: (p) => p.channels.length,
  },
  PlaceCoverageConnection: connectionResolvers,
};
