import { coverageResolvers, type CoverageChannel } from '../../lib/coverage.js';
import { counts } from '../../lib/corrections.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { pairingsTable as p } from './tables.js';

/** East-west coverage: a pairing covers the place it helps and the places inside it. */
const CHANNEL: CoverageChannel = {
  sources: [{ table: p, code: p.helpedCode, since: p.since, until: p.until, demo: p.demo, where: counts(p.voidedAt) }],
  // A pairing with a western prefecture or province helps every county in it.
  containing: true,
};

const gaps = coverageResolvers<SubgraphContext>(() => CHANNEL);

export const coverage = { Query: { eastWestCoverageGaps: gaps.field, eastWestCoveredPlaces: gaps.covered }, CoverageGaps: { demo: gaps.demo } };
