import { and, inArray } from 'drizzle-orm';
import { counts } from '../../lib/corrections.js';
import { demoFilterOf, type DemoFilter } from '../../lib/demo.js';
import { badInput } from '../../lib/errors.js';
import { coveredPlaces, coverageWithin, coverageGaps as sharedCoverageGaps, type CoverageChannel, type CoverageWhole } from '../../lib/coverage.js';
import { checkYear } from '../../lib/rules.js';
import type { DesignatedArrangement as Arrangement, QueryDesignatedCoverageGapsArgs as CoverageArgs, Resolvers } from './types.generated.js';
import type { Context } from './loaders.js';
import { pairingsTable as pairings } from './tables.js';

/** Designated coverage gaps (lib/coverage.ts): the counties no pairing of the asked arrangements covers. */
/** A `within` argument as the place it names now (a former code: its successor's code). */
export const withinArg = (ctx: Context, within: string | null | undefined) => coverageWithin(ctx.registry, within);

/** Designated coverage (lib/coverage.ts): a pairing of one of `arrangements` covers the county it is given to. */
function coverageChannel(arrangements: readonly Arrangement[]): CoverageChannel {
  if (!arrangements.length) throw badInput('arrangements', 'required', 'name at least one arrangement');
  return {
    sources: [
      {
        table: pairings,
        code: pairings.helpedCode,
        since: pairings.since,
        until: pairings.until,
        demo: pairings.demo,
        where: and(inArray(pairings.arrangement, arrangements), counts(pairings.voidedAt)),
      },
    ],
    containing: false,
  };
}

/**
 * Coverage over the pairings passing `demo`. A `demo` part is handed its whole's resolved
 * `within` and candidates, so it costs one statement of this channel and no registry call.
 */
export type CoverageOut = Awaited<ReturnType<typeof coverageGaps>>;

export async function coverageGaps(ctx: Context, args: CoverageArgs, demo: DemoFilter, whole?: CoverageWhole) {
  checkYear('year', args.year);
  const channel = coverageChannel(args.arrangements ?? ['DESIGNATED']);
  const gaps = await sharedCoverageGaps(ctx, channel, args, demo, whole);
  return { ...gaps, part: { args, demo, whole: gaps.part.whole } };
}

export const coverage = {
  Query: {
    designatedCoverageGaps: (_, args, ctx) => coverageGaps(ctx, args, demoFilterOf(args.includeDemo)),
    designatedCoveredPlaces: (_, args, ctx) => coveredPlaces(ctx, coverageChannel(['DESIGNATED']), args, demoFilterOf(args.includeDemo)),
  },
  DesignatedCoverageGaps: {
    demo: (c, _, ctx) => (c.part.demo === 'all' ? coverageGaps(ctx, c.part.args, 'demo', c.part.whole) : null),
  },
} satisfies Pick<Resolvers, 'Query' | 'DesignatedCoverageGaps'>;
