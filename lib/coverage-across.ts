import type { ChannelFace } from './channel.js';
import type { CoverageLevel, CoveredPlaces } from './coverage.js';
import { channelData, channelUnavailable } from './errors.js';
import type { Identity } from './identity.js';
import type { PeerExecutors } from './subgraph.js';
import type { RequestScope } from './telemetry.js';

/**
 * Cross-channel coverage: the registry's `coverage` view asks each channel, through its graph
 * (never its tables), for the places it covers in a year (`…CoveredPlaces`, kept out of the
 * public graph, one statement: lib/coverage.ts), all at once, in process or over signed HTTP
 * (`peers`, lib/subgraph.ts). Each answer carries the channel's own rule (`containing`), read
 * with `isCovered`, so a channel's gaps in the view are exactly its `…CoverageGaps`.
 */

export interface CoveredArgs {
  year: number;
  /** A canonical code (the view resolves a former code before asking). */
  within: string | null;
  level: CoverageLevel;
  includeDemo: boolean;
}

/** What one source answers, read in one call to its subgraph. */
export async function coveredBy(
  peers: PeerExecutors | undefined,
  source: Pick<ChannelFace, 'subgraph' | 'coveredPlaces'>,
  args: CoveredArgs,
  identity: Identity,
  scope?: RequestScope,
): Promise<CoveredPlaces> {
  if (!peers) throw channelUnavailable(source.subgraph, source.coveredPlaces);
  const query = `query($year: Int!, $within: ID, $level: CoverageLevel, $includeDemo: Boolean) {
    ${source.coveredPlaces}(year: $year, within: $within, level: $level, includeDemo: $includeDemo) { containing codes } }`;
  const data = await channelData<Record<string, CoveredPlaces>>(source.subgraph, source.coveredPlaces, () =>
    peers(source.subgraph)(query, { ...args }, identity, scope),
  );
  return data[source.coveredPlaces];
}
