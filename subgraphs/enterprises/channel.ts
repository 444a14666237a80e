import { defineChannel } from '../../lib/channel.js';
import type { Identity } from '../../lib/identity.js';
import { fen, minus, regionSummary, type Stages } from '../../lib/totals-across.js';
import { visibleCondition } from './access.js';
import { auditLog, compactsTable as c, contributionsTable as g } from './tables.js';

interface Totals {
  pledged: string;
  committed: string;
  disbursed: string;
  verified: string;
}
const TOTALS = 'pledged committed disbursed verified';
type Part = { total: Totals; totalExcludingReportedElsewhere: Totals };
const stages = (t: Totals): Stages => ({ PLEDGED: fen(t.pledged), COMMITTED: fen(t.committed), DISBURSED: fen(t.disbursed), VERIFIED: fen(t.verified) });

/** What the caller may read, as every total counts it. */
const visible = (t: typeof c | typeof g) => (ctx: { identity: Identity }) => visibleCondition(t, ctx.identity);

/** Enterprises (万企帮万村, central SOEs): village compacts and the contributions made under them. */
export const enterprises = defineChannel({
  subgraph: 'enterprises',
  channel: 'ENTERPRISE',
  name: 'enterprise',
  auditLog,
  // Their rows are read packed (loaders.ts): `voided` reads the whole row itself.
  kinds: [
    {
      entity: 'VillageCompact',
      what: 'village compact',
      prefix: 'ent-vc-',
      table: c,
      id: c.id,
      key: 'text',
      voidedAt: c.voidedAt,
      voidedInRow: false,
      assistance: {},
    },
    {
      entity: 'EnterpriseContribution',
      what: 'contribution',
      prefix: 'ent-ct-',
      table: g,
      id: g.id,
      key: 'text',
      voidedAt: g.voidedAt,
      voidedInRow: false,
      assistance: {},
    },
  ],
  // Compacts valid in the year and contributions dated in it, on the county or a village inside it.
  coverage: {
    sources: [
      { table: c, code: c.helpedCode, since: c.since, until: c.until, demo: c.demo, where: visible(c) },
      { table: g, code: g.helpedCode, since: g.date, until: null, demo: g.demo, where: visible(g) },
    ],
    containing: false,
    says: 'no compact or contribution the caller may read covers at any time in `year`. A record on the county or on a village inside it covers the county; a contribution covers it in the year of its date.',
  },
  list: { field: 'enterpriseAssistance', kinds: ['VillageCompact', 'EnterpriseContribution'] },
  // PLEDGED, COMMITTED, DISBURSED and VERIFIED; what is also reported in another channel
  // (`alsoReportedAs`) is counted there, not here.
  money: regionSummary<Part & { demo: Part | null }>(
    `s: enterpriseSummary(year: $year, includeDescendants: true, includeDemo: $demo) {
      total { ${TOTALS} } totalExcludingReportedElsewhere { ${TOTALS} }
      demo { total { ${TOTALS} } totalExcludingReportedElsewhere { ${TOTALS} } } }`,
    (s) => {
      if (!s) throw new Error('enterprises answered no summary');
      const elsewhere = (p: Part) => minus(stages(p.total), stages(p.totalExcludingReportedElsewhere));
      return {
        whole: stages(s.total),
        demo: s.demo ? stages(s.demo.total) : null,
        elsewhere: elsewhere(s),
        elsewhereDemo: s.demo ? elsewhere(s.demo) : null,
      };
    },
  ),
});
