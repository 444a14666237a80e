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
  /** The place asked (a canonical code); null: the whole country. */
  within: string | null;
  /** The places whose figures are added: `within`, or every province for the whole country. */
  places: readonly string[];
  year: number;
  includeDemo: boolean;
}

/** Amounts in fen by stage. */
export type Stages = Partial<Record<MoneyStage, bigint>>;

/** What one channel answered: its stages (whole and demo part), and what it reports elsewhere. */
export interface Read {
  whole: Stages;
  demo: Stages | null;
  elsewhere?: Stages;
  elsewhereDemo?: Stages | null;
}

export interface MoneySource {
  channel: LockChannel;
  subgraph: string;
  query: string;
  /** Variables of the query for a place and year. */
  variables(args: MoneyArgs): Record<string, unknown>;
  read(data: unknown): Read;
}

export const fen = (amount: string | null | undefined) => (amount == null ? 0n : toFen(amount));
export const sum = (amounts: (string | null | undefined)[]) => amounts.reduce((a, b) => a + fen(b), 0n);

const add = (a: Stages, b: Stages): Stages => {
  const out: Stages = { ...a };
  for (const stage of MONEY_STAGES) if (b[stage] !== undefined) out[stage] = (out[stage] ?? 0n) + b[stage]!;
  return out;
};
const addParts = (parts: (Stages | null | undefined)[]): Stages | null => (parts.some((p) => !p) ? null : parts.reduce<Stages>((a, b) => add(a, b!), {}));

/** Several places' reads as one: each part added stage by stage (a demo part null when any is). */
function addReads(reads: Read[]): Read {
  const elsewhere = reads.some((r) => r.elsewhere);
  return {
    whole: reads.reduce<Stages>((a, r) => add(a, r.whole), {}),
    demo: addParts(reads.map((r) => r.demo)),
    ...(elsewhere
      ? { elsewhere: reads.reduce<Stages>((a, r) => add(a, r.elsewhere ?? {}), {}), elsewhereDemo: addParts(reads.map((r) => r.elsewhereDemo)) }
      : {}),
  };
}

/**
 * A channel's money from its summary field on `Region` (`selection`: the field as `s`, e.g.
 * `s: militarySummary(year: $year, includeDescendants: true, includeDemo: $demo) { … }`), one
 * entity call for every place asked, their reads (`readPlace`) added.
 */
export function regionSummary<T>(selection: string, readPlace: (summary: T | null) => Read): Pick<MoneySource, 'query' | 'variables' | 'read'> {
  return {
    query: `query($r: [_Any!]!, $year: Int, $demo: Boolean) { _entities(representations: $r) { ... on Region { ${selection} } } }`,
    variables: (args) => ({ r: args.places.map((code) => ({ __typename: 'Region', code })), year: args.year, demo: args.includeDemo }),
    read: (data) => addReads((data as { _entities: ({ s: T | null } | null)[] })._entities.map((e) => readPlace(e?.s ?? null))),
  };
}

export function minus(a: Stages, b: Stages): Stages {
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

/** A place's (or the country's) money in a year, by channel and across channels counted once: one call per channel, all at once. */
export async function moneyAcross(
  peers: PeerExecutors | undefined,
  sources: readonly MoneySource[],
  args: MoneyArgs,
  identity: Identity,
  scope?: RequestScope,
): Promise<MoneyTotals> {
  if (!peers) throw channelUnavailable('registry', 'assistanceTotals');
  const reads = await Promise.all(
    sources.map(async (source) =>
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
    byChannel: sources.map((source, i) => ({
      channel: source.channel,
      stages: figures(reads[i].whole, demoOf(reads[i].demo)),
      reportedElsewhere: reads[i].elsewhere ? figures(reads[i].elsewhere!, demoOf(reads[i].elsewhereDemo)) : [],
    })),
    total: figures(total, args.includeDemo ? totalDemo : null),
  };
}
