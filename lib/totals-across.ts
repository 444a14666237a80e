import { channelData, channelUnavailable } from './errors.js';
import type { Identity } from './identity.js';
import type { LockChannel } from './locks.js';
import { fromFen, toFen } from './money.js';
import type { PeerExecutors } from './subgraph.js';
import type { RequestScope } from './telemetry.js';

/**
 * Money across channels, counted once: the registry asks each channel that records money, through
 * its graph and all at once, for its own summary of a place and year (the figures its summary
 * field gives, one call per channel), reads them by stage — stages are never added together —
 * and adds the channels stage by stage. An enterprise contribution also reported in another
 * channel (`alsoReportedAs`, whose record is checked to exist when written: lib/references.ts)
 * is in the enterprises channel's own figures but left out of the sum
 * (`totalExcludingReportedElsewhere`): it is counted once, in the channel it references.
 *
 * What each channel counts, by stage:
 * - DESIGNATED: DISBURSED, the funds the units invested directly (直接投入) in their APPROVED
 *   annual reports' summaries (`designatedPlanAgainstActual`); funds brought in from others
 *   (引进) are left out, being others' money.
 * - EAST_WEST: fiscal aid PLEDGED, COMMITTED and DISBURSED, and the investment of industrial
 *   projects (made: DISBURSED), of the pairings helping the place (`eastWestSummary.asHelped`).
 * - MILITARY: DISBURSED, the funds of the projects (`militarySummary.totals.funds`).
 * - ENTERPRISE: PLEDGED, COMMITTED, DISBURSED and VERIFIED (`enterpriseSummary.total`).
 * The democratic parties record no money.
 */
export type MoneyStage = 'PLEDGED' | 'COMMITTED' | 'DISBURSED' | 'VERIFIED';
export const MONEY_STAGES: readonly MoneyStage[] = ['PLEDGED', 'COMMITTED', 'DISBURSED', 'VERIFIED'];

export interface StageMoney {
  stage: MoneyStage;
  amount: string;
  /** Of which generated (demo) records make; null when demo records were left out. */
  demo: string | null;
}

export interface ChannelMoney {
  channel: LockChannel;
  /** The channel's money by stage, the stages it records only. */
  stages: StageMoney[];
  /** Of that, what is also reported in another channel and counted there (enterprises only). */
  reportedElsewhere: StageMoney[];
}

export interface MoneyTotals {
  year: number;
  byChannel: ChannelMoney[];
  /** Across channels, stage by stage, each contribution counted once. */
  total: StageMoney[];
}

export interface MoneyArgs {
  /** A canonical code. */
  code: string;
  year: number;
  includeDemo: boolean;
}

/** Amounts in fen by stage. */
type Stages = Partial<Record<MoneyStage, bigint>>;

/** What one channel answered: its stages (whole and demo part), and what it reports elsewhere. */
interface Read {
  whole: Stages;
  demo: Stages | null;
  elsewhere?: Stages;
  elsewhereDemo?: Stages | null;
}

interface MoneySource {
  channel: LockChannel;
  subgraph: string;
  query: string;
  /** Variables of the query for a place and year. */
  variables(args: MoneyArgs): Record<string, unknown>;
  read(data: unknown): Read;
}

const fen = (amount: string | null | undefined) => (amount == null ? 0n : toFen(amount));
const sum = (amounts: (string | null | undefined)[]) => amounts.reduce((a, b) => a + fen(b), 0n);

/** A Region entity call for a channel's summary field (`…Summary(year, includeDescendants: true, includeDemo)`). */
const regionQuery = (selection: string) =>
  `query($r: [_Any!]!, $year: Int, $demo: Boolean) { _entities(representations: $r) { ... on Region { ${selection} } } }`;
const regionVariables = (args: MoneyArgs) => ({ r: [{ __typename: 'Region', code: args.code }], year: args.year, demo: args.includeDemo });
const entity = <T>(data: unknown) => (data as { _entities: (T | null)[] })._entities[0];

interface EnterpriseTotals {
  pledged: string;
  committed: string;
  disbursed: string;
  verified: string;
}
const ENTERPRISE_TOTALS = 'pledged committed disbursed verified';
const enterpriseStages = (t: EnterpriseTotals): Stages => ({
  PLEDGED: fen(t.pledged),
  COMMITTED: fen(t.committed),
  DISBURSED: fen(t.disbursed),
  VERIFIED: fen(t.verified),
});

interface EastWestTotals {
  fiscalAidPledged: string;
  fiscalAidCommitted: string;
  fiscalAidDisbursed: string;
  industrialInvestment: string;
}
const EAST_WEST_TOTALS = 'fiscalAidPledged fiscalAidCommitted fiscalAidDisbursed industrialInvestment';
const eastWestStages = (t: EastWestTotals): Stages => ({
  PLEDGED: fen(t.fiscalAidPledged),
  COMMITTED: fen(t.fiscalAidCommitted),
  DISBURSED: fen(t.fiscalAidDisbursed) + fen(t.industrialInvestment),
});

/** The channels that record money, in `Channel` order, and how each is asked. */
export const MONEY_SOURCES: readonly MoneySource[] = [
  {
    channel: 'DESIGNATED',
    subgraph: 'designated',
    query: `query($year: Int!, $within: ID, $demo: Boolean) {
      designatedPlanAgainstActual(year: $year, groupBy: PROVINCE, within: $within, includeDemo: $demo) {
        actual { fundsInvested } demo { actual { fundsInvested } } } }`,
    variables: (args) => ({ year: args.year, within: args.code, demo: args.includeDemo }),
    read: (data) => {
      type Row = { actual: { fundsInvested: string }; demo: { actual: { fundsInvested: string } } | null };
      const rows = (data as { designatedPlanAgainstActual: Row[] }).designatedPlanAgainstActual;
      const whole = { DISBURSED: sum(rows.map((r) => r.actual.fundsInvested)) };
      return { whole, demo: { DISBURSED: sum(rows.map((r) => r.demo?.actual.fundsInvested)) } };
    },
  },
  {
    channel: 'EAST_WEST',
    subgraph: 'eastwest',
    query: regionQuery(
      `s: eastWestSummary(year: $year, includeDescendants: true, includeDemo: $demo) { asHelped { ${EAST_WEST_TOTALS} } demo { asHelped { ${EAST_WEST_TOTALS} } } }`,
    ),
    variables: regionVariables,
    read: (data) => {
      const s = entity<{ s: { asHelped: EastWestTotals; demo: { asHelped: EastWestTotals } | null } | null }>(data)?.s;
      if (!s) throw new Error('eastwest answered no summary');
      return { whole: eastWestStages(s.asHelped), demo: s.demo ? eastWestStages(s.demo.asHelped) : null };
    },
  },
  {
    channel: 'MILITARY',
    subgraph: 'military',
    query: regionQuery(`s: militarySummary(year: $year, includeDescendants: true, includeDemo: $demo) { totals { funds } demo { totals { funds } } }`),
    variables: regionVariables,
    read: (data) => {
      const s = entity<{ s: { totals: { funds: string }; demo: { totals: { funds: string } } | null } | null }>(data)?.s;
      if (!s) throw new Error('military answered no summary');
      return { whole: { DISBURSED: fen(s.totals.funds) }, demo: s.demo ? { DISBURSED: fen(s.demo.totals.funds) } : null };
    },
  },
  {
    channel: 'ENTERPRISE',
    subgraph: 'enterprises',
    query: regionQuery(
      `s: enterpriseSummary(year: $year, includeDescendants: true, includeDemo: $demo) {
        total { ${ENTERPRISE_TOTALS} } totalExcludingReportedElsewhere { ${ENTERPRISE_TOTALS} }
        demo { total { ${ENTERPRISE_TOTALS} } totalExcludingReportedElsewhere { ${ENTERPRISE_TOTALS} } } }`,
    ),
    variables: regionVariables,
    read: (data) => {
      type Part = { total: EnterpriseTotals; totalExcludingReportedElsewhere: EnterpriseTotals };
      const s = entity<{ s: (Part & { demo: Part | null }) | null }>(data)?.s;
      if (!s) throw new Error('enterprises answered no summary');
      const elsewhere = (p: Part) => minus(enterpriseStages(p.total), enterpriseStages(p.totalExcludingReportedElsewhere));
      return {
        whole: enterpriseStages(s.total),
        demo: s.demo ? enterpriseStages(s.demo.total) : null,
        elsewhere: elsewhere(s),
        elsewhereDemo: s.demo ? elsewhere(s.demo) : null,
      };
    },
  },
];

function minus(a: Stages, b: Stages): Stages {
  const out: Stages = {};
  for (const stage of MONEY_STAGES) if (a[stage] !== undefined) out[stage] = a[stage]! - (b[stage] ?? 0n);
  return out;
}

/** Stages as figures, in stage order: those `whole` has. */
function figures(whole: Stages, demo: Stages | null | undefined): StageMoney[] {
  return MONEY_STAGES.filter((stage) => whole[stage] !== undefined).map((stage) => ({
    stage,
    amount: fromFen(whole[stage]!),
    demo: demo ? fromFen(demo[stage] ?? 0n) : null,
  }));
}

/** A place's money in a year, by channel and across channels counted once: one call per channel, all at once. */
export async function moneyAcross(peers: PeerExecutors | undefined, args: MoneyArgs, identity: Identity, scope?: RequestScope): Promise<MoneyTotals> {
  if (!peers) throw channelUnavailable('registry', 'assistanceTotals');
  const reads = await Promise.all(
    MONEY_SOURCES.map(async (source) =>
      source.read(await channelData(source.subgraph, 'assistanceTotals', () => peers(source.subgraph)(source.query, source.variables(args), identity, scope))),
    ),
  );
  const total: Stages = {};
  const totalDemo: Stages = {};
  for (const r of reads)
    for (const stage of MONEY_STAGES) {
      if (r.whole[stage] === undefined) continue;
      total[stage] = (total[stage] ?? 0n) + r.whole[stage]! - (r.elsewhere?.[stage] ?? 0n);
      totalDemo[stage] = (totalDemo[stage] ?? 0n) + (r.demo?.[stage] ?? 0n) - (r.elsewhereDemo?.[stage] ?? 0n);
    }
  // Demo parts only when demo records count (a channel answers none, or zeros, otherwise).
  const demoOf = (part: Stages | null | undefined) => (args.includeDemo ? part : null);
  return {
    year: args.year,
    byChannel: MONEY_SOURCES.map((source, i) => ({
      channel: source.channel,
      stages: figures(reads[i].whole, demoOf(reads[i].demo)),
      reportedElsewhere: reads[i].elsewhere ? figures(reads[i].elsewhere!, demoOf(reads[i].elsewhereDemo)) : [],
    })),
    total: figures(total, args.includeDemo ? totalDemo : null),
  };
}
