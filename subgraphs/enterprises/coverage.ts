import { coverageResolvers, type CoverageChannel } from '../../lib/coverage.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { visibleCondition } from './access.js';
import { compactsTable as c, contributionsTable as g } from './tables.js';

/**
 * Enterprise coverage: compacts valid in the year and contributions dated in it, on the county
 * or a village inside it, counting only the records the caller may read (as every total does).
 */
const channel = (ctx: SubgraphContext): CoverageChannel => ({
  sources: [
    { table: c, code: c.helpedCode, since: c.since, until: c.until, demo: c.demo, where: visibleCondition(c, ctx.identity) },
    { table: g, code: g.helpedCode, since: g.date, until: null, demo: g.demo, where: visibleCondition(g, ctx.identity) },
  ],
  containing: false,
});

const gaps = coverageResolvers<SubgraphContext>(channel);

export const coverage = { Query: { enterpriseCoverageGaps: gaps.field, enterpriseCoveredPlaces: gaps.covered }, CoverageGaps: { demo: gaps.demo } };
