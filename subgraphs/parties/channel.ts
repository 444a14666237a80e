import { defineChannel, type RecordKind } from '../../lib/channel.js';
import { counts } from '../../lib/corrections.js';
import { assistanceTable as a, auditLog, recommendationsTable as r, tripsTable as t } from './tables.js';

/** The three kinds of party help share one table; their audit entries are kept by id alone. */
const help = (entity: string, what: string, prefix: string): RecordKind => ({
  entity,
  what,
  prefix,
  table: a,
  id: a.id,
  key: 'text',
  voidedAt: a.voidedAt,
  auditEntity: null,
  assistance: {},
});

/** The democratic parties (民主党派): supervision of provinces, own-aid counties, intellectual assistance, and their work. */
export const parties = defineChannel({
  subgraph: 'parties',
  channel: 'DEMOCRATIC_PARTY',
  name: 'party',
  auditLog,
  kinds: [
    help('SupervisionAssignment', 'supervision assignment', 'parties-sup-'),
    help('OwnAidCounty', 'own-aid county', 'parties-own-'),
    help('IntellectualAssistance', 'intellectual assistance', 'parties-ia-'),
    { entity: 'SupervisionTrip', what: 'supervision trip', prefix: 'parties-trip-', table: t, id: t.id, key: 'text', voidedAt: t.voidedAt, auditEntity: null },
    { entity: 'Recommendation', what: 'recommendation', prefix: 'parties-rec-', table: r, id: r.id, key: 'text', voidedAt: r.voidedAt, auditEntity: null },
  ],
  // Every assignment; a party supervising a province covers every county in it.
  coverage: {
    sources: [{ table: a, code: a.helpedCode, since: a.since, until: a.until, demo: a.demo, where: () => counts(a.voidedAt) }],
    containing: true,
    says: 'no party assignment (supervision or intellectual aid) covers at any time in `year`. An assignment given to the county, to a place containing it (a party supervising a province covers its counties) or to a place inside it covers the county.',
  },
  list: { field: 'partyAssistance', kinds: ['SupervisionAssignment', 'OwnAidCounty', 'IntellectualAssistance'] },
  // The parties record no money.
});
