import { coverageResolvers, type CoverageChannel } from '../../lib/coverage.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { workTeamsTable as t } from './tables.js';

/** The county's own coverage gaps: a county is covered when a work team serves at a village inside it. */
const CHANNEL: CoverageChannel = {
  sources: [{ table: t, code: t.villageCode, since: t.since, until: t.until, demo: t.demo }],
  containing: false,
};

const gaps = coverageResolvers<SubgraphContext>(() => CHANNEL);

export const coverage = { Query: { localCoverageGaps: gaps.field, localCoveredPlaces: gaps.covered }, CoverageGaps: { demo: gaps.demo } };
