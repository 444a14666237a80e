import { coverageResolvers, type CoverageChannel } from '../../lib/coverage.js';
import { counts } from '../../lib/corrections.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { assistanceTable as a } from './tables.js';

/** Party coverage: every assignment, supervision of a province included. */
const CHANNEL: CoverageChannel = {
  sources: [{ table: a, code: a.helpedCode, since: a.since, until: a.until, demo: a.demo, where: counts(a.voidedAt) }],
  // A party supervising a province covers every county in it.
  containing: true,
};

const gaps = coverageResolvers<SubgraphContext>(() => CHANNEL);

export const coverage = { Query: { partyCoverageGaps: gaps.field, partyCoveredPlaces: gaps.covered }, CoverageGaps: { demo: gaps.demo } };
