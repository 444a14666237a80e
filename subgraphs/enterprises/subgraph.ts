import { channelSubgraph } from '../../lib/channel.js';
import type { ImportEntry } from '../../lib/import/jobs.js';
import { createLoaders, type Loaders } from './loaders.js';
import { enterprises } from './channel.js';
import { contributionsStream } from './export.js';
import { correctionResolvers as fix } from './corrections.js';
import { resolvers } from './resolvers.js';
import { seed } from './seed.js';
import { auditLog, contributionImport } from './import.js';
import { compactImport } from './compact-import.js';

/**
 * # enterprises — 万企帮万村 and the other social forces
 *
 * Who gives: registry organisations of kind CENTRAL_SOE, LOCAL_SOE, PRIVATE_ENTERPRISE,
 * FOREIGN_INVESTED_ENTERPRISE, COLLECTIVE_ENTERPRISE (ownership = kind), SOCIAL_ORGANIZATION and
 * INDIVIDUAL. Group structure is the registry's parent chain. Names stay in the registry, which
 * masks an individual's name (and aliases) from anonymous callers; no table here holds a name.
 *
 * Records (ids prefixed `ent-`, both implement `Assistance` through `EnterpriseAssistance`):
 * - `VillageCompact` (`ent-vc-…`): an enterprise paired with a village for a period. Ending one
 *   sets `until`; nothing is deleted.
 * - `EnterpriseContribution` (`ent-ct-…`): a helper gives a village or county, on a date, one
 *   kind of help, with money by stage — pledged, committed, disbursed, verified — in separate
 *   exact numeric(18,2) columns. A stage total sums one stage across records; stages are never
 *   added together. Jobs, trainees and people reached are counted in their own units.
 *
 * Double counting across channels: a contribution also reported in another channel (a central
 * SOE's designated-assistance funds, `dsg-…`; an east-west industrial project, `ew-…`) stores
 * that record's channel and id in `alsoReportedAs`. This subgraph cannot read other channels'
 * tables: before the write's transaction it asks that channel, through its graph, whether the
 * record exists and counts (lib/references.ts; rule `reference-exists`). Every total is given twice,
 * `total` (everything in this channel) and `totalExcludingReportedElsewhere` (leaving out
 * such contributions); a sum across channels adds the latter, so the help is counted once, in
 * the channel it references.
 *
 * Group roll-up: each record carries `helperKind`, `groupId` (top of the helper's parent chain)
 * and `groupKind`, written from the registry when the record is written. Chosen over asking
 * the registry for parents at read time because the SASAC ranking and the read rule "SASAC reads
 * every central-SOE record" then stay ONE SQL statement over up to a million rows, with no
 * cross-subgraph fan-out per helper, and group structure changes rarely. The cost — a parent
 * changed in the registry is not seen until `refreshHelperGroup(helperId)` (administrators)
 * rewrites the helper's records and those of the organisations below it.
 *
 * SASAC view (`sasacRanking`): central-SOE groups ranked by DISBURSED money in the year (money
 * that has left the company: pledges are promises, verification lags), subsidiaries rolled up;
 * pledge fulfilment = Σ disbursed ÷ Σ pledged over the contributions carrying a pledge, numeric
 * rounded half away from zero to 4 places. ACFIC view (`acficView`): private enterprises'
 * contributions and the compact campaign by ownership and province.
 *
 * Access (access.ts): published records are public. Unpublished records and notes are read by
 * the helper's or its group's editors, coordinators whose scope covers the place, SASAC for
 * central-SOE records, administrators; every list and total counts what the caller may read.
 * Writes: the helper's or group's editors, coordinators in scope (who record individuals'
 * donations), administrators; one audited transaction each, registry facts fetched before it
 * opens (on PGlite a lookup queued behind the open transaction would wait forever).
 *
 * Demo data (seed.ts): no public list of compacts exists, so all of it is generated and marked
 * demo, sized by `DEMO_SIZES[scope.scale]` (campaign scale: ~110,000 enterprises, 127,100
 * compacts, ~200,000 contributions, 100 central groups over 246 counties; `national`: ~1,000,000
 * contributions). Measure the load with `npx tsx bench/enterprises-seed.ts [demo|national]`.
 */
export const enterprisesSubgraph = channelSubgraph<Loaders>(enterprises, import.meta.url, {
  resolvers: [resolvers, fix],
  createLoaders,
  seed,
  streams: { contributions: contributionsStream },
  imports: [
    { kind: contributionImport as ImportEntry['kind'], auditLog },
    { kind: compactImport as ImportEntry['kind'], auditLog },
  ],
});
