import { sql } from 'drizzle-orm';
import { defineChannel, type RecordKind } from '../../lib/channel.js';
import { counts } from '../../lib/corrections.js';
import { fen, regionSummary, type Stages } from '../../lib/totals-across.js';
import { auditLog, fiscalAidTable, industrialProjectsTable, labourTable, meetingsTable, pairingsTable as p, produceTable, talentTable } from './tables.js';

/** A flow under its pairing: voided with it; another channel may name it as the same help. */
const flow = (
  entity: string,
  what: string,
  prefix: string,
  table: typeof meetingsTable | typeof fiscalAidTable | typeof industrialProjectsTable | typeof labourTable | typeof talentTable | typeof produceTable,
): RecordKind => ({
  entity,
  what,
  prefix,
  table,
  id: table.id,
  key: 'serial',
  voidedAt: table.voidedAt,
  under: { table: p, on: sql`${p.id} = ${table.pairingId}`, voidedAt: p.voidedAt },
  referable: true,
});

interface Totals {
  fiscalAidPledged: string;
  fiscalAidCommitted: string;
  fiscalAidDisbursed: string;
  industrialInvestment: string;
}
const TOTALS = 'fiscalAidPledged fiscalAidCommitted fiscalAidDisbursed industrialInvestment';
const stages = (t: Totals): Stages => ({
  PLEDGED: fen(t.fiscalAidPledged),
  COMMITTED: fen(t.fiscalAidCommitted),
  DISBURSED: fen(t.fiscalAidDisbursed) + fen(t.industrialInvestment),
});

/** East-west cooperation (东西部协作): pairings of eastern and western places, and what flows through them. */
export const eastwest = defineChannel({
  subgraph: 'eastwest',
  channel: 'EAST_WEST',
  name: 'eastWest',
  auditLog,
  kinds: [
    { entity: 'EastWestPairing', what: 'east-west pairing', prefix: 'ewp-', table: p, id: p.id, key: 'text', voidedAt: p.voidedAt, assistance: {} },
    flow('EastWestMeeting', 'joint meeting', 'ew-meeting-', meetingsTable),
    flow('EastWestFiscalAid', 'fiscal aid entry', 'ew-fiscal-', fiscalAidTable),
    flow('EastWestIndustrialProject', 'industrial project', 'ew-project-', industrialProjectsTable),
    flow('EastWestLabourCooperation', 'labour cooperation entry', 'ew-labour-', labourTable),
    flow('EastWestTalentExchange', 'talent exchange', 'ew-talent-', talentTable),
    flow('EastWestProducePurchase', 'produce purchase', 'ew-produce-', produceTable),
  ],
  // A pairing covers the place it helps and, with a western prefecture or province, every county in it.
  coverage: {
    sources: [{ table: p, code: p.helpedCode, since: p.since, until: p.until, demo: p.demo, where: () => counts(p.voidedAt) }],
    containing: true,
    says: 'no east-west pairing covers at any time in `year`. A pairing given to the county, to a place containing it (its prefecture or province) or to a place inside it covers the county.',
  },
  list: { field: 'eastWestPairings', kinds: ['EastWestPairing'] },
  // Fiscal aid PLEDGED, COMMITTED and DISBURSED, and the investment of industrial projects (made:
  // DISBURSED), of the pairings helping the place.
  money: regionSummary<{ asHelped: Totals; demo: { asHelped: Totals } | null }>(
    `s: eastWestSummary(year: $year, includeDescendants: true, includeDemo: $demo) { asHelped { ${TOTALS} } demo { asHelped { ${TOTALS} } } }`,
    (s) => {
      if (!s) throw new Error('eastwest answered no summary');
      return { whole: stages(s.asHelped), demo: s.demo ? stages(s.demo.asHelped) : null };
    },
  ),
});
