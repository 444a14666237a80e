/**
 * The benchmark's operations (the headline operations of docs/architecture.md), each an exact GraphQL document,
 * and the SQL floor of the national picture: one hand-written statement producing the same rows.
 */

/**
 * The national picture: every poverty county (832 listings on 831 places) with its exit year
 * and, in every channel, the helpers' names and the channel's totals:
 * - designated: the pairings landing on the county (every arrangement, every year);
 * - eastwest: the pairings helping the county, and their totals (pairings, fiscal aid disbursed);
 * - military: the help landing on the county or its villages, its record count and project funds;
 * - parties: the parties' help for the county, its prefecture and its province (supervision);
 * - enterprises: the published compacts and contributions landing on the county itself (central
 *   groups' county-level help; village compacts are the county's descendants), and their totals.
 */
export const NATIONAL_PICTURE = `query NationalPicture {
  regions(filter: { povertyCounty: true }, first: 1000) {
    totalCount
    edges { node {
      code name poverty { exitYear }
      designatedAssistance { helper { name } }
      eastWestPairings { helper { name } }
      eastWestSummary { asHelped { pairings fiscalAidDisbursed } }
      militaryAssistance(includeDescendants: true) { helper { name } }
      militarySummary { assistanceCount totals { funds } }
      partyAssistance(includeAncestors: true) { helper { name } }
      enterpriseAssistance { helper { name } }
      enterpriseSummary(includeDescendants: false) { compacts total { contributions disbursed } }
    } }
  }
}`;

/** A place's picture: one county, every channel, with the help given to the places containing it. */
export const PLACE_PICTURE = `query PlacePicture {
  region(code: "610426") {
    name poverty { exitYear } ancestors { name }
    designatedAssistance(includeAncestors: true) { helper { name } since until }
    eastWestPairings(includeAncestors: true) { helper { name } helped { name } }
    militaryAssistance(includeAncestors: true, includeDescendants: true) { helper { name } kind }
    partyAssistance(includeAncestors: true) { helper { name } }
    enterpriseAssistance(includeAncestors: true) { helper { name } }
  }
}`;

/** A helper's picture: an eastern provincial government's pairings and the places they help. */
export const HELPER_PICTURE = `query HelperPicture {
  organization(id: "gov-31") {
    name kind
    eastWestPairings { helped { name } since until }
  }
}`;

/**
 * The one-subgraph query: all poverty counties with their exit year, registry only. Sent to
 * the gateway and, with the gateway's signature, straight to the registry subgraph.
 */
export const ONE_SUBGRAPH = `query PovertyCounties {
  regions(filter: { povertyCounty: true }, first: 1000) {
    totalCount
    edges { node { code name level poverty { exitYear } } }
  }
}`;

export interface Operation {
  name: string;
  query: string;
  /** Part of the "picture" operations (the Hive Gateway comparison). */
  picture: boolean;
}

export const OPERATIONS: Operation[] = [
  { name: 'national picture', query: NATIONAL_PICTURE, picture: true },
  { name: 'place picture', query: PLACE_PICTURE, picture: true },
  { name: 'helper picture', query: HELPER_PICTURE, picture: true },
  { name: 'one subgraph', query: ONE_SUBGRAPH, picture: false },
];

/**
 * The floor: the national picture's rows from one SQL statement over every subgraph's schema
 * (what PostgreSQL alone needs; no federation, no GraphQL). Same rows as NATIONAL_PICTURE:
 * `nationalPictureRows` turns both into one shape for the equality check.
 */
export const NATIONAL_PICTURE_SQL = `
with c as (
  select r.code, r.name, max(d.exit_year) as exit_year
  from registry.regions r join registry.poverty_designations d on d.code = r.code
  group by r.code, r.name
),
des as (
  select p.helped_code as code, array_agg(o.name) as helpers
  from designated.pairings p join registry.organizations o on o.id = p.helper_id
  where p.helped_code in (select code from c) group by 1
),
ew as (
  select p.helped_code as code, array_agg(o.name) as helpers
  from eastwest.pairings p join registry.organizations o on o.id = p.helper_id
  where p.helped_code in (select code from c) group by 1
),
ews as (
  select c.code, count(*) as pairings,
    coalesce(sum((select sum(f.amount) from eastwest.fiscal_aid f where f.pairing_id = p.id and f.stage = 'DISBURSED')), 0) as disbursed
  from c join eastwest.pairings p on substr(p.helped_code, 1, 6) = c.code group by 1
),
mil as (
  select c.code, array_agg(o.name) as helpers, count(*) as records,
    coalesce(sum((select sum(pr.funds) from military.projects pr where pr.assistance_id = a.id)), 0) as funds
  from c join military.assistance a on substr(a.helped_code, 1, 6) = c.code
  join registry.organizations o on o.id = a.helper_id group by 1
),
par as (
  select c.code, array_agg(o.name) as helpers
  from c join parties.assistance a on a.helped_code in (c.code, left(c.code, 4), left(c.code, 2))
  join registry.organizations o on o.id = a.helper_id group by 1
),
ent as (
  -- Anonymous callers see an individual donor as 个人捐赠者 (the registry's MASKED_INDIVIDUAL).
  select x.helped_code as code, array_agg(case when o.kind = 'INDIVIDUAL' then '个人捐赠者' else o.name end) as helpers, count(*) filter (where x.compact) as compacts,
    count(*) filter (where not x.compact) as contributions, coalesce(sum(x.disbursed), 0) as disbursed
  from (
    select k.helped_code, k.helper_id, true as compact, null::numeric as disbursed
    from c join enterprises.compacts k on k.helped_code = c.code where k.published
    union all
    select x.helped_code, x.helper_id, false, x.disbursed
    from c join enterprises.contributions x on x.helped_code = c.code where x.published
  ) x join registry.organizations o on o.id = x.helper_id
  group by 1
)
select c.code, c.name, c.exit_year,
  coalesce(des.helpers, '{}') as designated, coalesce(ew.helpers, '{}') as eastwest,
  coalesce(ews.pairings, 0)::int as ew_pairings, coalesce(ews.disbursed, 0)::numeric(18,2)::text as ew_disbursed,
  coalesce(mil.helpers, '{}') as military, coalesce(mil.records, 0)::int as mil_records,
  coalesce(mil.funds, 0)::numeric(18,2)::text as mil_funds,
  coalesce(par.helpers, '{}') as parties,
  coalesce(ent.helpers, '{}') as enterprises, coalesce(ent.compacts, 0)::int as ent_compacts,
  coalesce(ent.contributions, 0)::int as ent_contributions, coalesce(ent.disbursed, 0)::numeric(18,2)::text as ent_disbursed
from c left join des using (code) left join ew using (code) left join ews using (code)
  left join mil using (code) left join par using (code) left join ent using (code)
order by c.code`;

/** One county of the national picture, in the comparable shape (helper lists sorted). */
export interface PictureRow {
  code: string;
  name: string;
  exitYear: number | null;
  designated: string[];
  eastwest: string[];
  ewPairings: number;
  ewDisbursed: string;
  military: string[];
  milRecords: number;
  milFunds: string;
  parties: string[];
  enterprises: string[];
  entCompacts: number;
  entContributions: number;
  entDisbursed: string;
}

const names = (list: { helper: { name: string } }[]) => list.map((x) => x.helper.name).sort();
const sorted = (list: string[]) => [...list].sort();

/* eslint-disable @typescript-eslint/no-explicit-any -- response JSON of NATIONAL_PICTURE */
export function pictureRowsFromGraph(data: any): PictureRow[] {
  return data.regions.edges.map(({ node: n }: any) => ({
    code: n.code,
    name: n.name,
    exitYear: n.poverty?.exitYear ?? null,
    designated: names(n.designatedAssistance),
    eastwest: names(n.eastWestPairings),
    ewPairings: n.eastWestSummary.asHelped.pairings,
    ewDisbursed: n.eastWestSummary.asHelped.fiscalAidDisbursed,
    military: names(n.militaryAssistance),
    milRecords: n.militarySummary.assistanceCount,
    milFunds: n.militarySummary.totals.funds,
    parties: names(n.partyAssistance),
    enterprises: names(n.enterpriseAssistance),
    entCompacts: n.enterpriseSummary.compacts,
    entContributions: n.enterpriseSummary.total.contributions,
    entDisbursed: n.enterpriseSummary.total.disbursed,
  }));
}

export function pictureRowsFromSql(rows: any[]): PictureRow[] {
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    exitYear: r.exit_year ?? null,
    designated: sorted(r.designated),
    eastwest: sorted(r.eastwest),
    ewPairings: Number(r.ew_pairings),
    ewDisbursed: r.ew_disbursed,
    military: sorted(r.military),
    milRecords: Number(r.mil_records),
    milFunds: r.mil_funds,
    parties: sorted(r.parties),
    enterprises: sorted(r.enterprises),
    entCompacts: Number(r.ent_compacts),
    entContributions: Number(r.ent_contributions),
    entDisbursed: r.ent_disbursed,
  }));
}
