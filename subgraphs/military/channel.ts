import { defineChannel } from '../../lib/channel.js';
import { counts } from '../../lib/corrections.js';
import { fen, regionSummary } from '../../lib/totals-across.js';
import { assistanceTable as a, auditLog, leadingGroupMembershipsTable as m, projectsTable as p, unitProfilesTable as u } from './tables.js';

/** Military assistance (军队帮扶): units helping places, their projects, their seats on leading groups. */
export const military = defineChannel({
  subgraph: 'military',
  channel: 'MILITARY',
  name: 'military',
  auditLog,
  kinds: [
    {
      entity: 'MilitaryAssistance',
      what: 'military assistance record',
      prefix: 'mil-a-',
      table: a,
      id: a.id,
      key: 'text',
      voidedAt: a.voidedAt,
      assistance: {},
    },
    { entity: 'MilitaryProject', what: 'military project', prefix: 'mil-p-', table: p, id: p.id, key: 'text', voidedAt: p.voidedAt },
    { entity: 'LeadingGroupMembership', what: 'leading-group seat', prefix: 'mil-lg-', table: m, id: m.id, key: 'text', voidedAt: m.voidedAt },
    // Any other id is a unit's, naming its profile.
    { entity: 'MilitaryUnitProfile', what: 'unit profile', prefix: '', table: u, id: u.unitId, key: 'text', voidedAt: u.voidedAt },
  ],
  // Help on the county or on a township or village inside it.
  coverage: {
    sources: [{ table: a, code: a.helpedCode, since: a.since, until: a.until, demo: a.demo, where: () => counts(a.voidedAt) }],
    containing: false,
    says: 'no military assistance record covers at any time in `year`. A record on the county or on a township or village inside it covers the county.',
  },
  list: { field: 'militaryAssistance', kinds: ['MilitaryAssistance'] },
  // DISBURSED: the funds of the projects.
  money: regionSummary<{ totals: { funds: string }; demo: { totals: { funds: string } } | null }>(
    's: militarySummary(year: $year, includeDescendants: true, includeDemo: $demo) { totals { funds } demo { totals { funds } } }',
    (s) => {
      if (!s) throw new Error('military answered no summary');
      return { whole: { DISBURSED: fen(s.totals.funds) }, demo: s.demo ? { DISBURSED: fen(s.demo.totals.funds) } : null };
    },
  ),
});
