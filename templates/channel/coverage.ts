import { coverageResolvers, type CoverageChannel } from '../../lib/coverage.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { recordsTable as t } from './tables.js';

/** A county is covered when a record lands on it or on a place inside it. */
const CHANNEL: CoverageChannel = {
  sources: [{ table: t, code: t.helpedCode, since: t.since, until: t.until, demo: t.demo }],
  containing: false,
};

const gaps = coverageResolvers<SubgraphContext>(() => CHANNEL);

export const coverage = { Query: { sampleCoverageGaps: gaps.field }, CoverageGaps: { demo: gaps.demo } };
