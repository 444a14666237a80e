import { coverageResolvers, type CoverageChannel } from '../../lib/coverage.js';
import { counts } from '../../lib/corrections.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { assistanceTable as a } from './tables.js';

/** Military coverage: help on the county or on a township or village inside it. */
const CHANNEL: CoverageChannel = {
  sources: [{ table: a, code: a.helpedCode, since: a.since, until: a.until, demo: a.demo, where: counts(a.voidedAt) }],
  containing: false,
};

const gaps = coverageResolvers<SubgraphContext>(() => CHANNEL);

export const coverage = { Query: { militaryCoverageGaps: gaps.field, militaryCoveredPlaces: gaps.covered }, CoverageGaps: { demo: gaps.demo } };
