import { and, inArray, sql } from 'drizzle-orm';
import { defineChannel } from '../../lib/channel.js';
import { counts } from '../../lib/corrections.js';
import { badInput } from '../../lib/errors.js';
import { sum } from '../../lib/totals-across.js';
import type { DesignatedArrangement } from './types.generated.js';
import { auditLog, cadresTable as c, pairingsTable as p, reportsTable as r } from './tables.js';

/** Designated-unit assistance (定点帮扶): units paired with counties, the cadres they post, their annual reports. */
export const designated = defineChannel({
  subgraph: 'designated',
  channel: 'DESIGNATED',
  name: 'designated',
  auditLog,
  kinds: [
    {
      entity: 'DesignatedAssistance',
      what: 'designated pairing',
      prefix: 'dsg-p-',
      table: p,
      id: p.id,
      key: 'text',
      voidedAt: p.voidedAt,
      referable: true,
      assistance: {},
    },
    {
      entity: 'DesignatedCadre',
      what: 'cadre posting',
      prefix: 'dsg-c-',
      table: c,
      id: c.id,
      key: 'text',
      voidedAt: c.voidedAt,
      // A posting helps the place it is posted to.
      assistance: { helped: 'postedCode' },
    },
    {
      entity: 'DesignatedReport',
      what: 'designated report',
      prefix: 'dsg-r-',
      table: r,
      id: r.id,
      key: 'text',
      voidedAt: r.voidedAt,
      under: { table: p, on: sql`${p.id} = ${r.pairingId}`, voidedAt: p.voidedAt },
      referable: true,
    },
  ],
  // A pairing of one of the arrangements asked (default: DESIGNATED only) covers the county it is given to.
  coverage: {
    sources: [
      {
        table: p,
        code: p.helpedCode,
        since: p.since,
        until: p.until,
        demo: p.demo,
        where: (_: unknown, args: { arrangements?: readonly DesignatedArrangement[] | null }) => {
          const arrangements = args.arrangements ?? ['DESIGNATED'];
          if (!arrangements.length) throw badInput('arrangements', 'required', 'name at least one arrangement');
          return and(inArray(p.arrangement, arrangements), counts(p.voidedAt));
        },
      },
    ],
    containing: false,
    says: 'have no pairing of the given arrangements valid at any time in `year`.',
    arguments: ['"Arrangements that count as coverage; default: DESIGNATED only."', 'arrangements: [DesignatedArrangement!] = [DESIGNATED]'],
    gapsType: 'DesignatedCoverageGaps',
  },
  list: { field: 'designatedAssistance', kinds: ['DesignatedAssistance'] },
  // DISBURSED: the funds the units invested directly (直接投入) in their APPROVED annual reports;
  // funds brought in from others (引进) are left out, being others' money.
  money: {
    query: `query($year: Int!, $within: ID, $demo: Boolean) {
      designatedPlanAgainstActual(year: $year, groupBy: PROVINCE, within: $within, includeDemo: $demo) {
        actual { fundsInvested } demo { actual { fundsInvested } } } }`,
    variables: (args) => ({ year: args.year, within: args.within, demo: args.includeDemo }),
    read: (data) => {
      type Row = { actual: { fundsInvested: string }; demo: { actual: { fundsInvested: string } } | null };
      const rows = (data as { designatedPlanAgainstActual: Row[] }).designatedPlanAgainstActual;
      const whole = { DISBURSED: sum(rows.map((row) => row.actual.fundsInvested)) };
      return { whole, demo: { DISBURSED: sum(rows.map((row) => row.demo?.actual.fundsInvested)) } };
    },
  },
});
