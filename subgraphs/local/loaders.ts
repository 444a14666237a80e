import DataLoader from 'dataloader';
import { counts } from '../../lib/corrections.js';
import { and, asc, inArray, sql, type SQL } from 'drizzle-orm';
import {
  idYearCacheKey,
  idYearDemoCacheKey,
  inKeyOrder,
  rowsOf,
  splitByIdYear,
  splitByIdYearDemo,
  type IdYearDemoKey,
  type IdYearKey,
} from '../../lib/batch.js';
import { yearBounds } from '../../lib/calendar.js';
import type { Db } from '../../lib/db.js';
import { demoCacheKey, type DemoFilter } from '../../lib/demo.js';
import type { Connection } from '../../lib/pagination.js';
import { distribute, idListCondition, keyTable, periodCondition, placeListCondition, regionFieldCacheKey, type RegionFieldKey } from '../../lib/scope.js';
import type { SubgraphContext } from '../../lib/subgraph.js';
import { createGovernanceLoaders } from './governance-loaders.js';
import {
  cadresTable as cadres,
  householdPairingsTable as pairings,
  householdsTable as households,
  householdStatusesTable as statuses,
  pairingNormsTable as norms,
  poorVillagesTable as poorVillages,
  teamMembersTable as members,
  teamSendersTable as senders,
  workTeamsTable as teams,
  type CadreLevel,
  type HouseholdStatus,
  type MemberRole,
  type PovertyCause,
} from './tables.js';

/** A work team as served, with the ids of its sending organisations (read in the same statement). */
export interface TeamRow {
  id: string;
  villageCode: string;
  since: string;
  until: string | null;
  demo: boolean;
  source: string;
  version: number;
  senderIds: string[];
}

export interface MemberRow {
  id: string;
  teamId: string;
  personName: string;
  role: MemberRole;
  since: string;
  until: string | null;
  /** The designated channel's posting of the same person, when given. */
  designatedCadreId: string | null;
  demo: boolean;
}

export interface CadreRow {
  id: string;
  personName: string;
  level: CadreLevel;
  organizationId: string;
  countyCode: string;
  demo: boolean;
  /** Read by id; a list's rows leave it out (the field reads it by id then). */
  version?: number;
}

/** A household as served in a year: its status that year, and the year asked (for `helpers`). */
export interface HouseholdRow {
  id: string;
  villageCode: string;
  countyCode: string;
  size: number;
  mainCause: PovertyCause;
  demo: boolean;
  status: HouseholdStatus;
  year: number;
}

export interface PairingRow {
  id: string;
  cadreId: string;
  householdId: string;
  since: string;
  until: string | null;
  demo: boolean;
  /** Read by id; a list's rows leave it out (the field reads it by id then). */
  version?: number;
}

export interface NormRow {
  countyCode: string;
  level: CadreLevel;
  minimum: number;
  demo: boolean;
}

export interface ShortfallRow {
  cadre: CadreRow;
  households: number;
  minimum: number;
}

export interface HouseholdFiguresRow {
  count: number;
  people: number;
  byCause: { cause: PovertyCause; count: number; people: number }[];
  byStatus: { status: HouseholdStatus; count: number; people: number }[];
}

export interface CoverageFigures {
  poorVillages: number;
  withFirstSecretary: number;
  withWorkTeam: number;
  withoutFirstSecretary: string[];
  withoutWorkTeam: string[];
  households: number;
  householdsWithHelper: number;
  withoutHelper: string[];
}

/**
 * A place's key for the aggregates of this subgraph: its code ('' for the whole country), a
 * year, and the records wanted. Every place of the batch travels in ONE JSON table and a row is
 * inside a place when its code starts with the place's.
 */
export interface PlaceYearKey {
  code: string;
  year: number;
  demo: DemoFilter;
}
export const placeYearCacheKey = (k: PlaceYearKey) => `${k.code}|${k.year}|${demoCacheKey(k.demo)}`;

const placeTable = (keys: readonly PlaceYearKey[]) =>
  keyTable(
    keys.map((k, i) => ({ grp: i, code: k.code, yr: k.year, dm: k.demo === 'all' ? null : k.demo === 'demo' })),
    'grp int, code text, yr int, dm boolean',
  );

/** A row's code inside the key's place ('' holds everything). */
const insideKey = (code: SQL) => sql`left(${code}, length(k.code)) = k.code`;

/**
 * {@link insideKey} for a table keeping its county's code beside its own (households, poor
 * villages, cadres), in a form the planner can hash or look up by the county index: when every
 * key of the batch is a county or below, an equality on the county code (one county: an index
 * scan of its rows; the 832 counties: one hash join, not a comparison of every pair); when every
 * key has the same length above the county, an equality on the county code's prefix. A batch
 * mixing lengths above the county keeps the general prefix test.
 */
function insideKeyByCounty(keys: readonly PlaceYearKey[], county: SQL, code: SQL): SQL {
  const lengths = new Set(keys.map((k) => k.code.length));
  // Counties alone: the equality is the whole test (and the planner estimates it well).
  // The codes again as constants: the planner then sees how many rows they hold (the key table is
  // a function to it), and reads one county's rows by index rather than scanning every county's.
  if (keys.every((k) => k.code.length === 6))
    return sql`${county} in (${sql.join(
      [...new Set(keys.map((k) => k.code))].map((c) => sql`${c}`),
      sql`, `,
    )}) and ${county} = k.code`;
  if (keys.every((k) => k.code.length >= 6)) return sql`${county} = left(k.code, 6) and ${insideKey(code)}`;
  if (lengths.size === 1) return sql`left(${county}, ${sql.raw(String(keys[0].code.length))}) = k.code`;
  return insideKey(code);
}
/** The row's demo flag as the key wants it. */
const keyDemo = (demo: SQL) => sql`(k.dm is null or ${demo} = k.dm)`;
/** A period valid at some time in the key's year. */
const inKeyYear = (since: SQL, until: SQL) => sql`(${since} <= make_date(k.yr, 12, 31) and (${until} is null or ${until} >= make_date(k.yr, 1, 1)))`;

/** A household's status in the key's year: its latest change up to it (none: not filed yet). */
const STATUS_IN_YEAR = sql`(select s.status from ${statuses} s where s.household_id = h.id and s.year <= k.yr order by s.year desc limit 1)`;

const TEAM_COLUMNS = {
  id: teams.id,
  villageCode: teams.villageCode,
  since: teams.since,
  until: teams.until,
  demo: teams.demo,
  source: teams.source,
  version: teams.version,
  senderIds: sql<string[]>`array(select ${senders.organizationId} from ${senders} where ${senders.teamId} = ${teams.id} order by ${senders.organizationId})`,
};

const byIdOrder = [asc(teams.villageCode), asc(teams.since), asc(teams.id)];

/** Household figures of a batch of places in one statement (grouping sets: totals, by cause, by status). */
async function householdFigures(db: Db, keys: readonly PlaceYearKey[]): Promise<HouseholdFiguresRow[]> {
  const rows = rowsOf<{ grp: number; cause: PovertyCause | null; status: HouseholdStatus | null; gc: number; gs: number; n: number; people: number }>(
    await db.execute(sql`with k as (select * from ${placeTable(keys)}),
      h as (
        select k.grp, h.size, h.main_cause, ${STATUS_IN_YEAR} as status
        from k join ${households} h on ${insideKeyByCounty(keys, sql`h.county_code`, sql`h.village_code`)} and ${keyDemo(sql`h.demo`)} and h.voided_at is null
      )
      select grp, main_cause as cause, status, grouping(main_cause) as gc, grouping(status) as gs, count(*)::int as n, coalesce(sum(size), 0)::bigint as people
      from h where status is not null
      group by grouping sets ((grp), (grp, main_cause), (grp, status))`),
  );
  const out = keys.map((): HouseholdFiguresRow => ({ count: 0, people: 0, byCause: [], byStatus: [] }));
  for (const r of rows) {
    const f = out[Number(r.grp)];
    const figure = { count: Number(r.n), people: Number(r.people) };
    if (Number(r.gc) === 1 && Number(r.gs) === 1) Object.assign(f, figure);
    else if (Number(r.gc) === 0) f.byCause.push({ cause: r.cause!, ...figure });
    else f.byStatus.push({ status: r.status!, ...figure });
  }
  for (const f of out) {
    f.byCause.sort((a, b) => a.cause.localeCompare(b.cause));
    f.byStatus.sort((a, b) => a.status.localeCompare(b.status));
  }
  return out;
}

/**
 * The `h` part of {@link coverage}: each filed household of a key with whether a cadre helped it
 * in the key's year. A wide batch (more than 50 places, or a province or the country) of one year
 * and one demo filter (the usual: a list of places asked the same question) reads the households
 * helped that year once, grouped, and joins them by hash: at national scale (millions of
 * households) an index lookup per household is the slow part. A narrow batch (a county: some
 * thousands of households) or one mixing years or filters looks each household's pairings up.
 */
function helpedHouseholds(keys: readonly PlaceYearKey[]): SQL {
  const filed = sql`h.voided_at is null and exists (select 1 from ${statuses} s where s.household_id = h.id and s.year <= k.yr)`;
  const inside = sql`${insideKeyByCounty(keys, sql`h.county_code`, sql`h.village_code`)} and ${keyDemo(sql`h.demo`)}`;
  const [first] = keys;
  const wide = keys.length > 50 || keys.some((k) => k.code.length < 4);
  if (wide && keys.every((k) => k.year === first.year && k.demo === first.demo)) {
    const { start, end } = yearBounds(first.year);
    return sql`p as (
        select p.household_id from ${pairings} p join ${cadres} c on c.id = p.cadre_id and c.voided_at is null
        where p.voided_at is null and p.since <= ${end} and (p.until is null or p.until >= ${start})${first.demo === 'all' ? sql`` : sql` and p.demo = ${first.demo === 'demo'}`}
        group by p.household_id
      ),
      h as (
        select k.grp, h.id, p.household_id is not null as helped
        from k join ${households} h on ${inside}
        left join p on p.household_id = h.id
        where ${filed}
      )`;
  }
  return sql`h as (
        select k.grp, h.id, x.helped is not null as helped
        from k join ${households} h on ${inside}
        -- A join, not an EXISTS in the select list: the rollup reads the flag twice, the lookup runs once.
        left join lateral (select true as helped from ${pairings} p join ${cadres} c on c.id = p.cadre_id and c.voided_at is null
          where p.household_id = h.id and p.voided_at is null and ${inKeyYear(sql`p.since`, sql`p.until`)} and ${keyDemo(sql`p.demo`)} limit 1) x on true
        where ${filed}
      )`;
}

/**
 * The county's measure for a batch of places in ONE statement: each poor village listed by the
 * key's year (listed villages stay in the measure after they exit: help goes on) with whether a team and a first secretary served there at some time in it, each
 * filed household with whether a cadre helped it, rolled up per key (the uncovered ones as
 * ordered arrays).
 */
async function coverage(db: Db, keys: readonly PlaceYearKey[]): Promise<CoverageFigures[]> {
  const rows = rowsOf<{ grp: number; kind: 'v' | 'h'; total: number; a: number; b: number; missing_a: string[]; missing_b: string[] }>(
    await db.execute(sql`with k as (select * from ${placeTable(keys)}),
      v as (
        select k.grp, pv.code,
          exists (select 1 from ${teams} t where t.village_code = pv.code and t.voided_at is null and ${inKeyYear(sql`t.since`, sql`t.until`)} and ${keyDemo(sql`t.demo`)}) as team,
          exists (select 1 from ${teams} t join ${members} m on m.team_id = t.id
            where t.village_code = pv.code and t.voided_at is null and m.voided_at is null and m.role = 'FIRST_SECRETARY' and ${inKeyYear(sql`m.since`, sql`m.until`)} and ${keyDemo(sql`m.demo`)}) as fs
        from k join ${poorVillages} pv on ${insideKeyByCounty(keys, sql`pv.county_code`, sql`pv.code`)} and ${keyDemo(sql`pv.demo`)} and pv.since_year <= k.yr
      ),
      ${helpedHouseholds(keys)}
      select grp, 'v' as kind, count(*)::int as total, (count(*) filter (where team))::int as a, (count(*) filter (where fs))::int as b,
        coalesce(array_agg(code order by code) filter (where not team), '{}') as missing_a,
        coalesce(array_agg(code order by code) filter (where not fs), '{}') as missing_b
      from v group by grp
      union all
      select grp, 'h', count(*)::int, (count(*) filter (where helped))::int, 0,
        coalesce(array_agg(id) filter (where not helped), '{}'), '{}'::text[]
      from h group by grp`),
  );
  const out = keys.map(
    (): CoverageFigures => ({
      poorVillages: 0,
      withFirstSecretary: 0,
      withWorkTeam: 0,
      withoutFirstSecretary: [],
      withoutWorkTeam: [],
      households: 0,
      householdsWithHelper: 0,
      withoutHelper: [],
    }),
  );
  for (const r of rows) {
    const f = out[Number(r.grp)];
    if (r.kind === 'v') {
      f.poorVillages = Number(r.total);
      f.withWorkTeam = Number(r.a);
      f.withFirstSecretary = Number(r.b);
      f.withoutWorkTeam = r.missing_a;
      f.withoutFirstSecretary = r.missing_b;
    } else {
      f.households = Number(r.total);
      f.householdsWithHelper = Number(r.a);
      // Ordered here: an ordered aggregate would sort every household of the batch, not the few without a helper.
      f.withoutHelper = [...r.missing_a].sort();
    }
  }
  return out;
}

/**
 * The cadres of a batch of places below their county's norm in the key's year, in one
 * statement: each cadre's distinct households helped that year against the minimum of its level.
 */
async function shortfalls(db: Db, keys: readonly PlaceYearKey[]): Promise<ShortfallRow[][]> {
  const rows = rowsOf<{
    grp: number;
    id: string;
    person_name: string;
    level: CadreLevel;
    organization_id: string;
    county_code: string;
    demo: boolean;
    n: number;
    minimum: number;
  }>(
    await db.execute(sql`with k as (select * from ${placeTable(keys)}),
      c as (
        select k.grp, k.yr, k.dm, c.*, m.minimum from k
        join ${cadres} c on ${insideKeyByCounty(keys, sql`c.county_code`, sql`c.county_code`)} and ${keyDemo(sql`c.demo`)} and c.voided_at is null
        join ${norms} m on m.county_code = c.county_code and m.level = c.level
      )
      select c.grp, c.id, c.person_name, c.level, c.organization_id, c.county_code, c.demo, c.minimum,
        (select count(distinct p.household_id) from ${pairings} p where p.cadre_id = c.id and p.voided_at is null
          and p.since <= make_date(c.yr, 12, 31) and (p.until is null or p.until >= make_date(c.yr, 1, 1))
          and (c.dm is null or p.demo = c.dm))::int as n
      from c`),
  );
  const order = ['COUNTY_LEADER', 'DEPARTMENT_LEADER', 'ORDINARY'];
  const out = keys.map((): ShortfallRow[] => []);
  for (const r of rows) {
    if (Number(r.n) >= Number(r.minimum)) continue;
    out[Number(r.grp)].push({
      cadre: { id: r.id, personName: r.person_name, level: r.level, organizationId: r.organization_id, countyCode: r.county_code, demo: r.demo },
      households: Number(r.n),
      minimum: Number(r.minimum),
    });
  }
  for (const list of out)
    list.sort(
      (a, b) =>
        a.cadre.countyCode.localeCompare(b.cadre.countyCode) ||
        order.indexOf(a.cadre.level) - order.indexOf(b.cadre.level) ||
        a.cadre.id.localeCompare(b.cadre.id),
    );
  return out;
}

/** Household list key: a place, a year, the records wanted, and the page. */
export interface HouseholdPageKey extends PlaceYearKey {
  first: number;
  after: string | null;
}

/** One page of a place's households in a year, keyset by id; `count` counts them all (a second statement, when asked). */
export async function householdPage(db: Db, key: HouseholdPageKey): Promise<{ rows: HouseholdRow[]; count: () => Promise<number> }> {
  const where = sql`${insideKeyByCounty([key], sql`h.county_code`, sql`h.village_code`)} and ${keyDemo(sql`h.demo`)} and h.voided_at is null and exists (select 1 from ${statuses} s where s.household_id = h.id and s.year <= k.yr)`;
  const rows = rowsOf<{
    id: string;
    village_code: string;
    county_code: string;
    size: number;
    main_cause: PovertyCause;
    demo: boolean;
    status: HouseholdStatus;
  }>(
    await db.execute(sql`with k as (select * from ${placeTable([key])})
      select h.id, h.village_code, h.county_code, h.size, h.main_cause, h.demo, ${STATUS_IN_YEAR} as status
      from k join ${households} h on ${where}
      ${key.after === null ? sql`` : sql`where h.id > ${key.after}`}
      order by h.id limit ${key.first + 1}`),
  );
  return {
    rows: rows.map((r) => ({
      id: r.id,
      villageCode: r.village_code,
      countyCode: r.county_code,
      size: Number(r.size),
      mainCause: r.main_cause,
      demo: r.demo,
      status: r.status,
      year: key.year,
    })),
    count: async () =>
      Number(
        rowsOf<{ n: number }>(
          await db.execute(sql`with k as (select * from ${placeTable([key])}) select count(*)::int as n from k join ${households} h on ${where}`),
        )[0].n,
      ),
  };
}

/** Households by id in a year (their status then), one statement per batch. */
async function householdsById(db: Db, keys: readonly { id: string; year: number }[]): Promise<(HouseholdRow | null)[]> {
  const table = keyTable(
    keys.map((k, i) => ({ grp: i, id: k.id, yr: k.year })),
    'grp int, id text, yr int',
  );
  const rows = rowsOf<{
    grp: number;
    id: string;
    village_code: string;
    county_code: string;
    size: number;
    main_cause: PovertyCause;
    demo: boolean;
    status: HouseholdStatus | null;
  }>(
    await db.execute(sql`with k as (select * from ${table})
      select k.grp, h.id, h.village_code, h.county_code, h.size, h.main_cause, h.demo, ${STATUS_IN_YEAR} as status
      from k join ${households} h on h.id = k.id`),
  );
  const out: (HouseholdRow | null)[] = keys.map(() => null);
  for (const r of rows) {
    if (r.status === null) continue;
    out[Number(r.grp)] = {
      id: r.id,
      villageCode: r.village_code,
      countyCode: r.county_code,
      size: Number(r.size),
      mainCause: r.main_cause,
      demo: r.demo,
      status: r.status,
      year: keys[Number(r.grp)].year,
    };
  }
  return out;
}

export function createLoaders(db: Db) {
  return {
    ...createGovernanceLoaders(db),
    /** Region.workTeams: ONE statement per batch of places (senders included). */
    regionTeams: new DataLoader<RegionFieldKey, TeamRow[], string>(
      async (keys) => {
        const rows = (await db
          .select(TEAM_COLUMNS)
          .from(teams)
          .where(placeListCondition(teams.villageCode, teams, keys))
          .orderBy(...byIdOrder)) as TeamRow[];
        return distribute(
          keys,
          rows,
          (r) => r.villageCode,
          (r) => r,
        );
      },
      { cacheKeyFn: regionFieldCacheKey },
    ),
    /** Organization.workTeams: one statement per batch of organisations. */
    organizationTeams: new DataLoader<IdYearDemoKey, TeamRow[], string>(
      async (keys) => {
        const rows = (await db
          .select({ ...TEAM_COLUMNS, senderId: senders.organizationId })
          .from(teams)
          .innerJoin(senders, sql`${senders.teamId} = ${teams.id}`)
          .where(idListCondition(senders.organizationId, teams, keys))
          .orderBy(...byIdOrder)) as (TeamRow & { senderId: string })[];
        return splitByIdYearDemo(keys, rows, (r) => r.senderId);
      },
      { cacheKeyFn: idYearDemoCacheKey },
    ),
    teamById: new DataLoader<string, TeamRow | null>(async (ids) => {
      const rows = (await db
        .select(TEAM_COLUMNS)
        .from(teams)
        .where(inArray(teams.id, [...ids]))) as TeamRow[];
      return inKeyOrder(ids, rows, (r) => r.id);
    }),
    /** WorkTeam.members: one statement per batch of teams. */
    members: new DataLoader<IdYearKey, MemberRow[], string>(
      async (keys) => {
        const rows = await db
          .select({
            id: members.id,
            teamId: members.teamId,
            personName: members.personName,
            role: members.role,
            since: members.since,
            until: members.until,
            designatedCadreId: members.designatedCadreId,
            demo: members.demo,
          })
          .from(members)
          .where(
            and(inArray(members.teamId, [...new Set(keys.map((k) => k.id))]), counts(members.voidedAt), periodCondition(members.since, members.until, keys)),
          )
          .orderBy(asc(members.since), asc(members.id));
        return splitByIdYear(keys, rows, (r) => r.teamId);
      },
      { cacheKeyFn: idYearCacheKey },
    ),
    memberById: new DataLoader<string, MemberRow | null>(async (ids) => {
      const rows = await db
        .select({
          id: members.id,
          teamId: members.teamId,
          personName: members.personName,
          role: members.role,
          since: members.since,
          until: members.until,
          designatedCadreId: members.designatedCadreId,
          demo: members.demo,
        })
        .from(members)
        .where(inArray(members.id, [...ids]));
      return inKeyOrder(ids, rows, (r) => r.id);
    }),
    /** DesignatedCadre.workTeamRoles: the members naming each posting, one statement per batch. */
    membersByPosting: new DataLoader<string, MemberRow[]>(async (ids) => {
      const rows = await db
        .select({
          id: members.id,
          teamId: members.teamId,
          personName: members.personName,
          role: members.role,
          since: members.since,
          until: members.until,
          designatedCadreId: members.designatedCadreId,
          demo: members.demo,
        })
        .from(members)
        .where(and(inArray(members.designatedCadreId, [...ids]), counts(members.voidedAt)))
        .orderBy(asc(members.since), asc(members.id));
      return ids.map((id) => rows.filter((r) => r.designatedCadreId === id));
    }),
    /** Region.poorVillage: one statement per batch of villages. */
    poorVillage: new DataLoader<IdYearKey, boolean, string>(
      async (keys) => {
        const rows = await db
          .select()
          .from(poorVillages)
          .where(inArray(poorVillages.code, [...new Set(keys.map((k) => k.id))]));
        const byCode = new Map(rows.map((r) => [r.code, r]));
        return keys.map((k) => {
          const v = byCode.get(k.id);
          return !!v && (k.year === null || v.sinceYear <= k.year);
        });
      },
      { cacheKeyFn: idYearCacheKey },
    ),
    householdFigures: new DataLoader<PlaceYearKey, HouseholdFiguresRow, string>((keys) => householdFigures(db, keys), { cacheKeyFn: placeYearCacheKey }),
    coverage: new DataLoader<PlaceYearKey, CoverageFigures, string>((keys) => coverage(db, keys), { cacheKeyFn: placeYearCacheKey }),
    shortfall: new DataLoader<PlaceYearKey, ShortfallRow[], string>((keys) => shortfalls(db, keys), { cacheKeyFn: placeYearCacheKey }),
    household: new DataLoader<{ id: string; year: number }, HouseholdRow | null, string>((keys) => householdsById(db, keys), {
      cacheKeyFn: (k) => `${k.id}|${k.year}`,
    }),
    /** Household statuses, every change, one statement per batch. */
    history: new DataLoader<string, { year: number; status: HouseholdStatus }[]>(async (ids) => {
      const rows = await db
        .select()
        .from(statuses)
        .where(inArray(statuses.householdId, [...ids]))
        .orderBy(asc(statuses.year));
      return ids.map((id) => rows.filter((r) => r.householdId === id).map((r) => ({ year: r.year, status: r.status })));
    }),
    /** PoorHousehold.helpers: the cadres helping a batch of households in their years, one statement. */
    helpers: new DataLoader<{ id: string; year: number }, CadreRow[], string>(
      async (keys) => {
        const years = keys.map((k) => k.year);
        const rows = await db
          .select({
            householdId: pairings.householdId,
            since: pairings.since,
            until: pairings.until,
            id: cadres.id,
            personName: cadres.personName,
            level: cadres.level,
            organizationId: cadres.organizationId,
            countyCode: cadres.countyCode,
            demo: cadres.demo,
          })
          .from(pairings)
          .innerJoin(cadres, sql`${cadres.id} = ${pairings.cadreId}`)
          .where(
            and(
              inArray(pairings.householdId, [...new Set(keys.map((k) => k.id))]),
              counts(pairings.voidedAt),
              counts(cadres.voidedAt),
              sql`${pairings.since} <= ${yearBounds(Math.max(...years)).end}`,
              sql`(${pairings.until} is null or ${pairings.until} >= ${yearBounds(Math.min(...years)).start})`,
            ),
          )
          .orderBy(asc(cadres.id));
        return splitByIdYear(keys, rows, (r) => r.householdId).map((list) =>
          list.map(({ id, personName, level, organizationId, countyCode, demo }) => ({ id, personName, level, organizationId, countyCode, demo })),
        );
      },
      { cacheKeyFn: (k) => `${k.id}|${k.year}` },
    ),
    cadreById: new DataLoader<string, CadreRow | null>(async (ids) => {
      const rows = await db
        .select({
          id: cadres.id,
          personName: cadres.personName,
          level: cadres.level,
          organizationId: cadres.organizationId,
          countyCode: cadres.countyCode,
          demo: cadres.demo,
          version: cadres.version,
        })
        .from(cadres)
        .where(inArray(cadres.id, [...ids]));
      return inKeyOrder(ids, rows, (r) => r.id);
    }),
    pairingById: new DataLoader<string, PairingRow | null>(async (ids) => {
      const rows = await db
        .select({
          id: pairings.id,
          cadreId: pairings.cadreId,
          householdId: pairings.householdId,
          since: pairings.since,
          until: pairings.until,
          demo: pairings.demo,
          version: pairings.version,
        })
        .from(pairings)
        .where(inArray(pairings.id, [...ids]));
      return inKeyOrder(ids, rows, (r) => r.id);
    }),
    /** Region.pairingNorms: one statement per batch of counties. */
    norms: new DataLoader<string, NormRow[]>(async (codes) => {
      const rows = await db
        .select({ countyCode: norms.countyCode, level: norms.level, minimum: norms.minimum, demo: norms.demo })
        .from(norms)
        .where(inArray(norms.countyCode, [...codes]))
        .orderBy(asc(norms.countyCode), asc(norms.level));
      return codes.map((c) => rows.filter((r) => r.countyCode === c));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
/** What every resolver of this subgraph receives as its context. */
export type Context = SubgraphContext<Loaders>;

export type TeamPage = Connection<TeamRow>;
export type HouseholdPage = Connection<HouseholdRow>;
