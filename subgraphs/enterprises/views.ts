import { and, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../lib/batch.js';
import type { Db } from '../../lib/db.js';
import { demoCondition, type DemoFilter } from '../../lib/demo.js';
import type { Identity } from '../../lib/identity.js';
import { yearBounds } from '../../lib/calendar.js';
import { CENTRAL_SOE, visibleCondition } from './access.js';
import { fromFen, toFen } from '../../lib/money.js';
import type { ContributionTotals, KindTotals } from './summary.js';
import { compactsTable as compacts, contributionsTable as contributions, CONTRIBUTION_KINDS, type ContributionKind } from './tables.js';

/**
 * SASAC's and ACFIC's views, aggregated in SQL (exact numeric sums, cast to text) over the
 * records the caller may read, on the side of the demo line the view asks for (`demo`: both,
 * real records only, or demo records only for a `demo` part). Group structure is the
 * denormalised `groupId` written on each record from the registry (see tables.ts), so a roll-up
 * is a GROUP BY, not a registry call.
 */
export interface ViewArgs {
  year: number;
  kind: ContributionKind | null;
  demo: DemoFilter;
}

/** The 8 totals columns of one set of contributions (`suffix` names them, `filter` restricts). */
function totalsColumns(suffix: string, filter?: SQL): SQL {
  const f = filter ? sql` filter (where ${filter})` : sql``;
  const money = (col: string) =>
    sql
      .raw(`coalesce(sum(${col})`)
      .append(f)
      .append(sql.raw(`, 0)::text as ${col}${suffix}`));
  const count = (col: string) =>
    sql
      .raw(`coalesce(sum(${col})`)
      .append(f)
      .append(sql.raw(`, 0)::bigint as ${col}${suffix}`));
  return sql.join(
    [
      sql`(count(*)${f})::int as contributions${sql.raw(suffix)}`,
      money('pledged'),
      money('committed'),
      money('disbursed'),
      money('verified'),
      count('jobs'),
      count('trainees'),
      count('people_reached'),
    ],
    sql`, `,
  );
}

type TotalsRow = Record<string, string | number>;

function totalsOf(row: TotalsRow | undefined, suffix: string): ContributionTotals {
  const get = (col: string) => row?.[`${col}${suffix}`];
  return {
    contributions: Number(get('contributions') ?? 0),
    pledged: String(get('pledged') ?? '0.00'),
    committed: String(get('committed') ?? '0.00'),
    disbursed: String(get('disbursed') ?? '0.00'),
    verified: String(get('verified') ?? '0.00'),
    jobs: Number(get('jobs') ?? 0),
    trainees: Number(get('trainees') ?? 0),
    peopleReached: Number(get('people_reached') ?? 0),
  };
}

const notElsewhere = sql.raw('also_reported_as is null');

function contributionsInYear(view: ViewArgs, who: Identity, extra: SQL): SQL {
  const { start, end } = yearBounds(view.year);
  return and(
    extra,
    sql`${contributions.date} between ${start} and ${end}`,
    view.kind ? sql`${contributions.kind} = ${view.kind}` : undefined,
    demoCondition(contributions.demo, [view.demo]),
    visibleCondition(contributions, who),
  )!;
}

function compactsInYear(view: ViewArgs, who: Identity, extra: SQL): SQL {
  const { start, end } = yearBounds(view.year);
  return and(
    extra,
    sql`${compacts.since} <= ${end} and (${compacts.until} is null or ${compacts.until} >= ${start})`,
    demoCondition(compacts.demo, [view.demo]),
    visibleCondition(compacts, who),
  )!;
}

export interface SasacEntry {
  rank: number;
  groupId: string;
  members: number;
  total: ContributionTotals;
  totalExcludingReportedElsewhere: ContributionTotals;
  pledgeFulfilment: string | null;
  counties: number;
  villages: number;
}

/**
 * Central SOE groups ranked by disbursed money in a year, one statement. Reach (counties,
 * villages, members) counts contributions and, without a kind restriction, compacts valid in
 * the year. Fulfilment = Σ disbursed ÷ Σ pledged over contributions that carry a pledge
 * (a donation paid without a prior pledge would otherwise inflate it), numeric round to 4.
 * `first` null: every group.
 */
export async function sasacRanking(db: Db, who: Identity, view: ViewArgs, first: number | null): Promise<SasacEntry[]> {
  const soe = sql`${contributions.groupKind} = ${CENTRAL_SOE}`;
  const compactReach = view.kind
    ? sql``
    : sql`union all select group_id, helper_id, helped_code from ${compacts}
        where ${compactsInYear(view, who, sql`${compacts.groupKind} = ${CENTRAL_SOE}`)}`;
  const result = await db.execute(sql`
    with c as (
      select group_id, helper_id, helped_code, pledged, committed, disbursed, verified, jobs, trainees, people_reached, also_reported_as
      from ${contributions} where ${contributionsInYear(view, who, soe)}
    ), reach as (
      select group_id, helper_id, helped_code from c ${compactReach}
    ), money as (
      select group_id, ${totalsColumns('')}, ${totalsColumns('_once', notElsewhere)},
        coalesce(sum(disbursed), 0) as rank_by,
        case when coalesce(sum(pledged), 0) > 0
          then round(coalesce(sum(disbursed) filter (where pledged is not null), 0) / sum(pledged), 4)::text end as fulfilment
      from c group by group_id
    ), places as (
      select group_id, count(distinct helper_id)::int as members,
        count(distinct substr(helped_code, 1, 6))::int as counties,
        (count(distinct helped_code) filter (where length(helped_code) = 12))::int as villages
      from reach group by group_id
    )
    -- m.* first: a group with only compacts has no money row, and its null m.group_id must not
    -- stand in for p.group_id (of two columns of one name, a row keeps the last).
    select m.*, p.group_id, p.members, p.counties, p.villages,
      (rank() over (order by coalesce(m.rank_by, 0) desc))::int as rank
    from places p left join money m on m.group_id = p.group_id
    order by rank, p.group_id${
      first === null
        ? sql``
        : sql`
    limit ${first}`
    }`);
  return rowsOf<TotalsRow & { group_id: string; members: number; counties: number; villages: number; rank: number; fulfilment: string | null }>(result).map(
    (r) => ({
      rank: Number(r.rank),
      groupId: r.group_id,
      members: Number(r.members),
      total: totalsOf(r, ''),
      totalExcludingReportedElsewhere: totalsOf(r, '_once'),
      pledgeFulfilment: r.fulfilment ?? null,
      counties: Number(r.counties),
      villages: Number(r.villages),
    }),
  );
}

export const PRIVATE = 'PRIVATE_ENTERPRISE';

/** Private enterprises' contributions in a year, by kind: one statement. */
export async function acficKinds(db: Db, who: Identity, view: ViewArgs) {
  const result = await db.execute(sql`
    select kind, ${totalsColumns('')}, ${totalsColumns('_once', notElsewhere)}
    from ${contributions}
    where ${contributionsInYear(view, who, sql`${contributions.helperKind} = ${PRIVATE}`)}
    group by kind`);
  const rows = rowsOf<TotalsRow & { kind: ContributionKind }>(result);
  const byKind: KindTotals[] = CONTRIBUTION_KINDS.flatMap((k) => {
    const row = rows.find((r) => r.kind === k);
    return row ? [{ kind: k, total: totalsOf(row, ''), totalExcludingReportedElsewhere: totalsOf(row, '_once') }] : [];
  });
  return {
    byKind,
    total: sumTotals(byKind.map((k) => k.total)),
    totalExcludingReportedElsewhere: sumTotals(byKind.map((k) => k.totalExcludingReportedElsewhere)),
  };
}

/** Add totals of disjoint record sets (one stage at a time). */
function sumTotals(list: ContributionTotals[]): ContributionTotals {
  const money = (pick: (t: ContributionTotals) => string) => fromFen(list.reduce((a, t) => a + toFen(pick(t)), 0n));
  const count = (pick: (t: ContributionTotals) => number) => list.reduce((a, t) => a + pick(t), 0);
  return {
    contributions: count((t) => t.contributions),
    pledged: money((t) => t.pledged),
    committed: money((t) => t.committed),
    disbursed: money((t) => t.disbursed),
    verified: money((t) => t.verified),
    jobs: count((t) => t.jobs),
    trainees: count((t) => t.trainees),
    peopleReached: count((t) => t.peopleReached),
  };
}

/** Distinct private enterprises with a compact valid in the year or a contribution. */
export async function acficEnterprises(db: Db, who: Identity, view: ViewArgs): Promise<number> {
  const result = await db.execute(sql`
    select count(distinct helper_id)::int as n from (
      select helper_id from ${contributions} where ${contributionsInYear(view, who, sql`${contributions.helperKind} = ${PRIVATE}`)}
      union all
      select helper_id from ${compacts} where ${compactsInYear(view, who, sql`${compacts.helperKind} = ${PRIVATE}`)}
    ) h`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** The compact campaign (all ownerships) in a year (compacts have no kind: the view's is not used). */
export async function campaignByOwnership(db: Db, who: Identity, view: ViewArgs) {
  const result = await db.execute(sql`
    select helper_kind, count(distinct helper_id)::int as enterprises, count(distinct helped_code)::int as villages, count(*)::int as compacts
    from ${compacts} where ${compactsInYear(view, who, sql`true`)}
    group by helper_kind order by helper_kind`);
  return rowsOf<{ helper_kind: string; enterprises: number; villages: number; compacts: number }>(result).map((r) => ({
    ownership: r.helper_kind,
    enterprises: Number(r.enterprises),
    villages: Number(r.villages),
    compacts: Number(r.compacts),
  }));
}

/** Private enterprises' compacts and contributions by province of the helped place: one statement. */
export async function acficByProvince(db: Db, who: Identity, view: ViewArgs) {
  const result = await db.execute(sql`
    with c as (
      select substr(helped_code, 1, 2) as province, helper_id, pledged, committed, disbursed, verified, jobs, trainees, people_reached
      from ${contributions} where ${contributionsInYear(view, who, sql`${contributions.helperKind} = ${PRIVATE}`)}
    ), k as (
      select substr(helped_code, 1, 2) as province, helper_id, helped_code
      from ${compacts} where ${compactsInYear(view, who, sql`${compacts.helperKind} = ${PRIVATE}`)}
    ), money as (
      select province, ${totalsColumns('')} from c group by province
    ), paired as (
      select province, count(distinct helped_code)::int as villages, count(*)::int as compacts from k group by province
    ), helpers as (
      select province, count(distinct helper_id)::int as enterprises
      from (select province, helper_id from c union all select province, helper_id from k) h group by province
    )
    -- m.* first, as in the SASAC ranking: a province with only compacts has no money row.
    select m.*, h.province, h.enterprises, coalesce(p.villages, 0) as villages, coalesce(p.compacts, 0) as compacts
    from helpers h left join paired p on p.province = h.province left join money m on m.province = h.province
    order by h.province`);
  return rowsOf<TotalsRow & { province: string; enterprises: number; villages: number; compacts: number }>(result).map((r) => ({
    provinceCode: r.province,
    enterprises: Number(r.enterprises),
    villages: Number(r.villages),
    compacts: Number(r.compacts),
    total: totalsOf(r, ''),
  }));
}

/**
 * The private enterprises that disbursed most in the year (ties by id); `among`: only these
 * enterprises (the demo part of a listed top).
 */
export async function topPrivateEnterprises(db: Db, who: Identity, view: ViewArgs, first: number, among?: readonly string[]) {
  const helpers = among ? sql` and ${inArray(contributions.helperId, [...among])}` : sql``;
  const result = await db.execute(sql`
    select helper_id, ${totalsColumns('')}
    from ${contributions} where ${contributionsInYear(view, who, sql`${contributions.helperKind} = ${PRIVATE}`)}${helpers}
    group by helper_id order by coalesce(sum(disbursed), 0) desc, helper_id limit ${first}`);
  return rowsOf<TotalsRow & { helper_id: string }>(result).map((r) => ({ helperId: r.helper_id, total: totalsOf(r, '') }));
}
