import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YONGSHOU_PLAN } from '../subgraphs/local/seed.js';
import { localSubgraph } from '../subgraphs/local/subgraph.js';
import {
  ADMIN,
  callsTo,
  coordinator,
  countStatements,
  fixtureSeedScope,
  DRIVER,
  rowsOf,
  runDemoSteps,
  startFixtureHub,
  startHub,
  tearDown,
  type Hub,
  type TestDatabase,
} from './harness.js';

/**
 * The county's own precision work (`local`) through the gateway, on the quick start's demo of
 * 永寿县 (610426) and the sample county 淳化县 (610430; the fixture holds their villages): the
 * expected figures are computed from the database rows by SQL of the test's own.
 */
let db: TestDatabase;
let hub: Hub;
let seedMs = 0;

const YS = '610426';
const COORD_YS = coordinator(YS, { sub: 'coord-yongshou', office: 'POVERTY' });
const COORD_CH = coordinator('610430', { sub: 'coord-chunhua', office: 'POVERTY' });
const COORD_EW = coordinator(YS, { sub: 'coord-ew', office: 'EAST_WEST' });
const SENDER = 'loc-test-sender';

const { ok, refused } = callsTo(() => hub, { as: ADMIN, schema: 'local' });

/** Rows of the test's own SQL. */
async function one<T>(query: string): Promise<T[]> {
  return rowsOf<T>(await db.database.db.execute(sql.raw(query)));
}

beforeAll(async () => {
  ({ db, hub } = await startFixtureHub({
    organizations: [{ id: SENDER, name: '陕西省测试厅', kind: 'LOCAL_PARTY_STATE_ORGAN', homeRegionCode: '61', demo: false, source: 'test' }],
  }));
  const scope = fixtureSeedScope(db.database, localSubgraph);
  const t = performance.now();
  await runDemoSteps(localSubgraph, scope);
  seedMs = performance.now() - t;
  console.log(`local demo step: ${Math.round(seedMs)} ms on ${DRIVER}`);
}, 120_000);

afterAll(() => tearDown(db, hub));

const COVERAGE = `query($code: ID!, $year: Int!) { region(code: $code) { localCoverage(year: $year) {
  poorVillages withFirstSecretary withWorkTeam villagesWithoutFirstSecretary { code } villagesWithoutWorkTeam { code name }
  households householdsWithHelper householdsWithoutHelper { id status } } } }`;

/** The measure from the rows, independently of the subgraph's statement. */
async function expectedCoverage(prefix: string, year: number) {
  const [v] = await one<{ villages: number; fs: number; team: number }>(`select count(*)::int as villages,
    count(*) filter (where exists (select 1 from local.work_teams t join local.team_members m on m.team_id = t.id where t.village_code = pv.code
      and m.role = 'FIRST_SECRETARY' and m.since <= '${year}-12-31' and (m.until is null or m.until >= '${year}-01-01')))::int as fs,
    count(*) filter (where exists (select 1 from local.work_teams t where t.village_code = pv.code and t.since <= '${year}-12-31' and (t.until is null or t.until >= '${year}-01-01')))::int as team
    from local.poor_villages pv where pv.code like '${prefix}%' and pv.since_year <= ${year}`);
  const households = await one<{ id: string; helped: boolean }>(`select h.id, exists (select 1 from local.household_pairings p where p.household_id = h.id
      and p.since <= '${year}-12-31' and (p.until is null or p.until >= '${year}-01-01')) as helped
    from local.households h where h.village_code like '${prefix}%' and exists (select 1 from local.household_statuses s where s.household_id = h.id and s.year <= ${year}) order by h.id`);
  return {
    ...v,
    households: households.length,
    helped: households.filter((h) => h.helped).length,
    unhelped: households.filter((h) => !h.helped).map((h) => h.id),
  };
}

describe('the demo of 永寿县', () => {
  it('loads at the published figures, quickly', async () => {
    const [f] = await one<{ villages: number; households: number; people: number; cadres: number; senders: number; teams: number }>(`select
      (select count(*)::int from local.poor_villages where county_code = '${YS}') as villages,
      (select count(*)::int from local.households where county_code = '${YS}') as households,
      (select sum(size)::int from local.households where county_code = '${YS}') as people,
      (select count(*)::int from local.cadres where county_code = '${YS}') as cadres,
      (select count(distinct s.organization_id)::int from local.team_senders s join local.work_teams t on t.id = s.team_id
        where t.village_code like '${YS}%' and s.organization_id not in (select organization_id from local.cadres where level = 'COUNTY_LEADER')) as senders,
      (select count(*)::int from local.work_teams where village_code like '${YS}%') as teams`);
    expect(f).toMatchObject({ villages: 102, households: 13_634, people: 50_854, cadres: 6_130, teams: 306 });
    expect(seedMs).toBeLessThan(60_000);
    // Every generated name is marked, every household number says it is demo.
    const [marks] = await one<{ unmarked: number; ids: number }>(`select
      (select count(*)::int from local.team_members where person_name not like '演示·%') + (select count(*)::int from local.cadres where person_name not like '演示·%') as unmarked,
      (select count(*)::int from local.households where id not like 'DEMO-%') as ids`);
    expect(marks).toEqual({ unmarked: 0, ids: 0 });
    const data = await ok(`{ region(code: "${YS}") { workTeams(year: 2018, includeDescendants: true) { senders { name } } } }`);
    const names = new Set<string>(data.region.workTeams.flatMap((t: { senders: { name: string }[] }) => t.senders.map((s) => s.name)));
    expect([...names].filter((n) => /驻村第/.test(n)).length).toBe(26);
    expect([...names].every((n) => n.startsWith('演示·'))).toBe(true);
  });

  it("answers the county's coverage as the rows say: a first secretary in every poor village, all but a few households helped", async () => {
    for (const year of [2016, 2018, 2020]) {
      const expected = await expectedCoverage(YS, year);
      const c = (await ok(COVERAGE, { code: YS, year })).region.localCoverage;
      expect(c).toMatchObject({
        poorVillages: expected.villages,
        withFirstSecretary: expected.fs,
        withWorkTeam: expected.team,
        households: expected.households,
        householdsWithHelper: expected.helped,
      });
      expect(c.householdsWithoutHelper.map((h: { id: string }) => h.id)).toEqual(expected.unhelped);
    }
    const c2018 = (await ok(COVERAGE, { code: YS, year: 2018 })).region.localCoverage;
    expect(c2018.poorVillages).toBe(102);
    expect(c2018.withFirstSecretary).toBe(102);
    expect(c2018.households).toBe(13_634);
    expect(c2018.householdsWithoutHelper.length).toBe(YONGSHOU_PLAN.unhelped);
  });

  it('rolls the measure up to the prefecture and the country, and names the villages not covered', async () => {
    const county = (code: string) => ok(COVERAGE, { code, year: 2020 }).then((d) => d.region.localCoverage);
    const [ys, ch, xy] = await Promise.all([county(YS), county('610430'), county('6104')]);
    const national = (await ok(`{ nationalLocalCoverage(year: 2020) { poorVillages withWorkTeam households householdsWithHelper } }`)).nationalLocalCoverage;
    for (const f of ['poorVillages', 'withWorkTeam', 'households', 'householdsWithHelper']) expect(xy[f]).toBe(ys[f] + ch[f]);
    expect(national).toEqual({
      poorVillages: xy.poorVillages,
      withWorkTeam: xy.withWorkTeam,
      households: xy.households,
      householdsWithHelper: xy.householdsWithHelper,
    });
    const expected = await expectedCoverage('610430', 2020);
    expect(ch.villagesWithoutWorkTeam.length).toBe(expected.villages - expected.team);
    expect(ch.villagesWithoutWorkTeam.length).toBeGreaterThan(0);
    expect(ch.villagesWithoutWorkTeam.every((v: { name: string }) => v.name.length > 0)).toBe(true);
    expect(ch.villagesWithoutFirstSecretary.length).toBe(expected.villages - expected.fs);
  });

  it('lists exactly the cadres below their level’s minimum under the county’s 532', async () => {
    const shortfall = (
      await ok(`{ region(code: "${YS}") { pairingNorms { level minimum } pairingShortfall(year: 2018) { cadre { id level personName } households minimum } } }`)
    ).region;
    expect(shortfall.pairingNorms).toEqual([
      { level: 'COUNTY_LEADER', minimum: 5 },
      { level: 'DEPARTMENT_LEADER', minimum: 3 },
      { level: 'ORDINARY', minimum: 2 },
    ]);
    const expected = await one<{ id: string; n: number; minimum: number }>(`select c.id, m.minimum,
        (select count(distinct p.household_id)::int from local.household_pairings p where p.cadre_id = c.id and p.since <= '2018-12-31' and (p.until is null or p.until >= '2018-01-01')) as n
      from local.cadres c join local.pairing_norms m on m.county_code = c.county_code and m.level = c.level where c.county_code = '${YS}'`);
    const below = expected.filter((r) => r.n < r.minimum);
    expect(shortfall.pairingShortfall.map((s: { cadre: { id: string } }) => s.cadre.id).sort()).toEqual(below.map((r) => r.id).sort());
    const short = YONGSHOU_PLAN.short;
    expect(below.length).toBe(short.COUNTY_LEADER + short.DEPARTMENT_LEADER + short.ORDINARY);
    for (const s of shortfall.pairingShortfall) expect(s.households).toBeLessThan(s.minimum);
  });
});

describe('households are personal data', () => {
  const HOUSEHOLDS = `query($code: ID!) { region(code: $code) { households(year: 2018) { count people byCause { cause count } byStatus { status count } }
    localCoverage(year: 2018) { households householdsWithoutHelper { id } } } }`;
  const LIST = `query($code: ID!, $after: String) { region(code: $code) { poorHouseholds(year: 2018, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id size mainCause status history { year status } village { code } helpers { id level } } } } } }`;

  it('anonymous callers get counts and no household', async () => {
    const data = await ok(HOUSEHOLDS, { code: YS }, null);
    expect(data.region.households.count).toBe(13_634);
    expect(data.region.households.people).toBe(50_854);
    expect(data.region.households.byCause.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(13_634);
    expect(data.region.households.byStatus.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(13_634);
    expect(data.region.localCoverage.householdsWithoutHelper).toBeNull();
    const res = await hub.query(LIST, { code: YS });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'personal-data', field: 'poorHouseholds' });
    expect(JSON.stringify(res.data)).not.toContain('DEMO-');
  });

  it('a coordinator of another county, or of another office, is refused; the poverty office of the county reads them page by page', async () => {
    for (const as of [COORD_CH, COORD_EW]) {
      const res = await hub.query(LIST, { code: YS }, as);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'personal-data', field: 'poorHouseholds' });
    }
    // A coordinator of the county asking for the prefecture asks for more than it covers.
    const wider = await hub.query(LIST, { code: '6104' }, COORD_YS);
    expect(wider.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const first = (await ok(LIST, { code: YS }, COORD_YS)).region.poorHouseholds;
    expect(first.totalCount).toBe(13_634);
    expect(first.edges.length).toBe(100);
    expect(first.edges[0].node.id).toMatch(/^DEMO-610426-\d{6}$/);
    expect(first.edges[0].node.history[0].year).toBeLessThanOrEqual(2016);
    const second = (await ok(LIST, { code: YS, after: first.pageInfo.endCursor }, COORD_YS)).region.poorHouseholds;
    expect(second.edges[0].node.id > first.edges.at(-1).node.id).toBe(true);
    const own = (await ok(HOUSEHOLDS, { code: YS }, COORD_YS)).region.localCoverage;
    expect(own.householdsWithoutHelper.length).toBe(YONGSHOU_PLAN.unhelped);
  });
});

describe('the place picture', () => {
  it('answers all six channels for 610426 in one query through the gateway', async () => {
    const data = await ok(`{ region(code: "${YS}") {
      name
      designatedAssistance(includeAncestors: true) { id helper { name } }
      eastWestPairings(includeAncestors: true) { id helper { name } }
      militaryAssistance(includeAncestors: true, includeDescendants: true) { id helper { name } }
      partyAssistance(includeAncestors: true) { id helper { name } }
      enterpriseAssistance(includeAncestors: true) { id helper { name } }
      workTeams(year: 2018, includeDescendants: true) { id village { name } senders { name } firstSecretary(year: 2018) { personName } }
      households(year: 2018) { count people }
      pairingShortfall(year: 2018) { cadre { personName organization { name } } }
      localCoverage(year: 2018) { poorVillages withFirstSecretary householdsWithHelper }
    } }`);
    expect(data.region.name).toBe('永寿县');
    expect(data.region.workTeams.length).toBe(102);
    expect(data.region.workTeams.every((t: { firstSecretary: unknown }) => t.firstSecretary !== null)).toBe(true);
    expect(data.region.localCoverage.poorVillages).toBe(102);
  });
});

describe('distributed', () => {
  it('answers the local fields from the subgraph in its own process, its registry lookups signed', async () => {
    const distributed = await startHub({ topology: 'distributed', database: db.database });
    try {
      const res = await distributed.query(
        `{ region(code: "${YS}") { name workTeams(year: 2018, includeDescendants: true) { id senders { name } } households(year: 2018) { count }
          localCoverage(year: 2018) { poorVillages householdsWithHelper householdsWithoutHelper { id } } } }`,
        undefined,
        COORD_YS,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.region.workTeams.length).toBe(102);
      expect(res.data!.region.households.count).toBe(13_634);
      expect(res.data!.region.localCoverage.householdsWithoutHelper.length).toBe(YONGSHOU_PLAN.unhelped);
    } finally {
      await distributed.stop();
    }
  });
});

describe('one statement per batch', () => {
  it("reads many villages' work teams in one statement, and their members in one more", async () => {
    const q = (fields: string) =>
      `{ regions(filter: { level: VILLAGE, within: "${YS}" }, first: 200) { edges { node { code workTeams(year: 2018) { ${fields} } } } } }`;
    const teams = await countStatements(db.database, () => hub.query(q('id senders { id } since')));
    expect(teams.result.errors).toBeUndefined();
    const withTeams = (teams.result.data!.regions.edges as { node: { workTeams: unknown[] } }[]).filter((e) => e.node.workTeams.length).length;
    expect(withTeams).toBe(102);
    expect(teams.log.filter((s) => s.includes('"local".')).length).toBe(1);
    const members = await countStatements(db.database, () => hub.query(q('id members(year: 2018) { personName role }')));
    expect(members.result.errors).toBeUndefined();
    expect(members.log.filter((s) => s.includes('"local".')).length).toBe(2);
  });

  it('answers the coverage of many places in one statement', async () => {
    const q = `{ regions(filter: { level: COUNTY, within: "6104" }, first: 50) { edges { node { code localCoverage(year: 2018) { poorVillages withWorkTeam households householdsWithHelper demo { poorVillages } } } } } }`;
    const counted = await countStatements(db.database, () => hub.query(q));
    expect(counted.result.errors).toBeUndefined();
    const nodes = counted.result.data!.regions.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.length).toBeGreaterThan(10);
    expect(nodes.find((n: { code: string }) => n.code === YS).localCoverage.poorVillages).toBe(102);
    // The whole and its demo part: one statement each.
    expect(counted.log.filter((s) => s.includes('"local".')).length).toBe(2);
  });

  it('answers coverage gaps through the shared implementation', async () => {
    const data = await ok(`{ localCoverageGaps(year: 2018, within: "6104") { candidateCount coveredCount gaps { code } demo { coveredCount } } }`);
    expect(data.localCoverageGaps.gaps.map((g: { code: string }) => g.code)).not.toContain(YS);
    expect(data.localCoverageGaps.coveredCount).toBeGreaterThanOrEqual(2);
    expect(data.localCoverageGaps.demo.coveredCount).toBe(data.localCoverageGaps.coveredCount);
  });
});

describe('writes', () => {
  const CREATE = `mutation($input: CreateWorkTeamInput!) { createWorkTeam(input: $input) { id since until village { code } senders { id name } members { id role personName since until } } }`;
  let village: string;
  beforeAll(async () => {
    const data = await ok(`{ regions(filter: { level: VILLAGE, within: "${YS}" }, first: 1) { edges { node { code } } } }`);
    village = data.regions.edges[0].node.code;
  });
  const input = (over: Record<string, unknown> = {}) => ({
    villageCode: village,
    senderIds: [SENDER],
    since: '2021-08-01',
    until: '2023-07-31',
    members: [{ personName: '测试第一书记', role: 'FIRST_SECRETARY', since: '2021-08-01', until: '2023-07-31' }],
    ...over,
  });

  it('refuses bad input naming the field, changing nothing', async () => {
    await refused(CREATE, { input: input({ villageCode: YS }) }, COORD_YS, 'BAD_USER_INPUT', 'level', 'input.villageCode');
    await refused(CREATE, { input: input({ villageCode: '610426999999' }) }, COORD_YS, 'BAD_USER_INPUT', 'exists', 'input.villageCode');
    await refused(CREATE, { input: input({ until: '2021-07-31' }) }, COORD_YS, 'BAD_USER_INPUT', 'period', 'input.until');
    await refused(CREATE, { input: input({ senderIds: [SENDER, 'no-such-org'] }) }, COORD_YS, 'NOT_FOUND', 'exists', 'input.senderIds');
    await refused(CREATE, { input: input({ senderIds: [] }) }, COORD_YS, 'BAD_USER_INPUT', 'required', 'input.senderIds');
    await refused(
      CREATE,
      { input: input({ members: [{ personName: '测试', role: 'MEMBER', since: '2021-01-01' }] }) },
      COORD_YS,
      'BAD_USER_INPUT',
      'within-period',
      'input.members.0.since',
    );
    await refused(CREATE, { input: input() }, null, 'FORBIDDEN', 'signed-in');
    await refused(CREATE, { input: input() }, COORD_CH, 'FORBIDDEN', 'poverty-office');
    await refused(CREATE, { input: input() }, COORD_EW, 'FORBIDDEN', 'poverty-office');
  });

  it('creates a team, adds and ends a member, ends the team: every step audited', async () => {
    const team = (await ok(CREATE, { input: input() }, COORD_YS)).createWorkTeam;
    expect(team).toMatchObject({ village: { code: village }, senders: [{ id: SENDER, name: '陕西省测试厅' }], since: '2021-08-01' });
    expect(team.id).toMatch(/^loc-wt-\d+$/);
    const member = (
      await ok(
        `mutation($id: ID!, $input: WorkTeamMemberInput!) { addWorkTeamMember(teamId: $id, input: $input) { id role team { id } } }`,
        { id: team.id, input: { personName: '测试队员', role: 'MEMBER', since: '2021-09-01', until: '2023-07-31' } },
        COORD_YS,
      )
    ).addWorkTeamMember;
    expect(member.team.id).toBe(team.id);
    await refused(`mutation { endWorkTeamMember(id: "${member.id}", until: "2021-08-01") { id } }`, {}, COORD_YS, 'BAD_USER_INPUT', 'period', 'until');
    const ended = (await ok(`mutation { endWorkTeamMember(id: "${member.id}", until: "2022-06-30") { until } }`, {}, COORD_YS)).endWorkTeamMember;
    expect(ended.until).toBe('2022-06-30');
    const closed = (await ok(`mutation { endWorkTeam(id: "${team.id}", until: "2022-12-31") { until members { until } } }`, {}, ADMIN)).endWorkTeam;
    expect(closed.until).toBe('2022-12-31');
    expect(closed.members.map((m: { until: string }) => m.until).sort()).toEqual(['2022-06-30', '2022-12-31']);
    const log = await one<{ action: string; actor: string; outcome: string }>(
      `select action, actor, outcome from local.audit_log where outcome = 'applied' order by id`,
    );
    expect(log.map((l) => l.action)).toEqual(['createWorkTeam', 'addWorkTeamMember', 'endWorkTeamMember', 'endWorkTeam', 'endWorkTeam']);
    expect(log[0].actor).toBe('coord-yongshou');
    // The team's entries name its village, so the county's coordinator reads them in the audit trail.
    const regions = await one<{ regions: string[] }>(`select regions from local.audit_log where action = 'createWorkTeam' and outcome = 'applied'`);
    expect(regions[0].regions).toEqual([village]);
    const refusals = await one<{ n: number }>(`select count(*)::int as n from local.audit_log where outcome = 'refused'`);
    expect(refusals[0].n).toBe(3);
    const org = (await ok(`{ organization(id: "${SENDER}") { workTeams(year: 2022) { id } } }`)).organization;
    expect(org.workTeams.map((t: { id: string }) => t.id)).toEqual([team.id]);
  });
});

describe('pairing writes', () => {
  const CADRE = `mutation($input: CadreInput!) { recordCadre(input: $input) { id level personName county { code } organization { id } } }`;
  const PAIR = `mutation($input: HouseholdPairingInput!) { pairHousehold(input: $input) { id since until cadre { id } household { id } } }`;
  const cadre = (over: Record<string, unknown> = {}) => ({ personName: '测试干部', level: 'ORDINARY', organizationId: SENDER, countyCode: YS, ...over });

  it('records a cadre and pairs it with a household of its county, refusing what breaks a rule', async () => {
    await refused(CADRE, { input: cadre({ countyCode: '6104' }) }, COORD_YS, 'FORBIDDEN', 'poverty-office');
    await refused(CADRE, { input: cadre({ countyCode: '6104' }) }, ADMIN, 'BAD_USER_INPUT', 'level', 'input.countyCode');
    await refused(CADRE, { input: cadre({ organizationId: 'no-such-org' }) }, COORD_YS, 'NOT_FOUND', 'exists', 'input.organizationId');
    const made = (await ok(CADRE, { input: cadre() }, COORD_YS)).recordCadre;
    expect(made).toMatchObject({ level: 'ORDINARY', county: { code: YS }, organization: { id: SENDER } });
    expect(made.id).toMatch(/^loc-c-\d+$/);
    const [other] = await one<{ id: string }>(`select id from local.households where county_code = '610430' order by id limit 1`);
    const pair = (over: Record<string, unknown>) => ({ cadreId: made.id, householdId: 'DEMO-610426-000001', since: '2019-01-01', ...over });
    await refused(PAIR, { input: pair({ householdId: other.id }) }, COORD_YS, 'BAD_USER_INPUT', 'same-county', 'input.householdId');
    await refused(PAIR, { input: pair({ until: '2018-12-31' }) }, COORD_YS, 'BAD_USER_INPUT', 'period', 'input.until');
    await refused(PAIR, { input: pair({ since: '2019-02-30' }) }, COORD_YS, 'BAD_USER_INPUT', 'date');
    await refused(PAIR, { input: pair({ householdId: 'DEMO-610426-999999' }) }, COORD_YS, 'NOT_FOUND', 'exists', 'input.householdId');
    await refused(PAIR, { input: pair({}) }, COORD_CH, 'FORBIDDEN', 'poverty-office');
    const paired = (await ok(PAIR, { input: pair({}) }, COORD_YS)).pairHousehold;
    expect(paired).toMatchObject({ cadre: { id: made.id }, household: { id: 'DEMO-610426-000001' }, since: '2019-01-01', until: null });
    await refused(PAIR, { input: pair({ since: '2019-06-01' }) }, COORD_YS, 'BAD_USER_INPUT', 'duplicate', 'input.since');
    const ended = (await ok(`mutation { endHouseholdPairing(id: "${paired.id}", until: "2020-06-30") { until } }`, {}, COORD_YS)).endHouseholdPairing;
    expect(ended.until).toBe('2020-06-30');
    // A cadre with one household in 2019 falls short of 532's 2 for ordinary cadres: reported, not refused.
    const short = (await ok(`{ region(code: "${YS}") { pairingShortfall(year: 2019) { cadre { id } households minimum } } }`)).region.pairingShortfall;
    expect(short.find((s: { cadre: { id: string } }) => s.cadre.id === made.id)).toEqual({ cadre: { id: made.id }, households: 1, minimum: 2 });
    const log = await one<{ action: string }>(
      `select action from local.audit_log where outcome = 'applied' and action in ('recordCadre', 'pairHousehold', 'endHouseholdPairing') order by id`,
    );
    expect(log.map((l) => l.action)).toEqual(['recordCadre', 'pairHousehold', 'endHouseholdPairing']);
  });

  it("sets a county's norm, and the shortfall follows it", async () => {
    const before = (await ok(`{ region(code: "610430") { pairingNorms { level } pairingShortfall(year: 2018) { cadre { id } } } }`)).region;
    expect(before).toEqual({ pairingNorms: [], pairingShortfall: [] });
    await refused(`mutation { setPairingNorm(countyCode: "610430", level: ORDINARY, minimum: 3) { minimum } }`, {}, COORD_YS, 'FORBIDDEN', 'poverty-office');
    await refused(
      `mutation { setPairingNorm(countyCode: "610430", level: ORDINARY, minimum: 1000) { minimum } }`,
      {},
      COORD_CH,
      'BAD_USER_INPUT',
      'range',
      'minimum',
    );
    const norm = (
      await ok(`mutation { setPairingNorm(countyCode: "610430", level: ORDINARY, minimum: 3) { county { code } level minimum demo } }`, {}, COORD_CH)
    ).setPairingNorm;
    expect(norm).toEqual({ county: { code: '610430' }, level: 'ORDINARY', minimum: 3, demo: false });
    const expected = await one<{ id: string }>(`select c.id from local.cadres c where c.county_code = '610430' and c.level = 'ORDINARY'
      and (select count(distinct p.household_id) from local.household_pairings p where p.cadre_id = c.id and p.since <= '2018-12-31' and (p.until is null or p.until >= '2018-01-01')) < 3 order by c.id`);
    const after = (await ok(`{ region(code: "610430") { pairingShortfall(year: 2018) { cadre { id level } minimum } } }`)).region.pairingShortfall;
    expect(after.map((s: { cadre: { id: string } }) => s.cadre.id)).toEqual(expected.map((e) => e.id));
    expect(after.length).toBeGreaterThan(0);
  });
});

describe('household writes', () => {
  const FILE = `mutation($input: FileHouseholdInput!) { fileHousehold(input: $input) { id size mainCause status village { code } history { year status } } }`;
  const STATUS = `mutation($id: ID!, $year: Int!, $status: HouseholdStatus!) { setHouseholdStatus(id: $id, year: $year, status: $status) { id status history { year status } } }`;

  it('files a household under its county number and moves its status forward, audited; refuses an identity number or a bad village', async () => {
    const village = (await ok(`{ regions(filter: { level: VILLAGE, within: "${YS}" }, first: 1) { edges { node { code } } } }`)).regions.edges[0].node.code;
    const input = (over: Record<string, unknown> = {}) => ({
      id: 'YS-2016-0001',
      villageCode: village,
      size: 4,
      mainCause: 'ILLNESS',
      year: 2016,
      status: 'NEWLY_IDENTIFIED',
      ...over,
    });
    await refused(FILE, { input: input({ id: '610426198001010016' }) }, COORD_YS, 'BAD_USER_INPUT', 'household-number', 'input.id');
    await refused(FILE, { input: input({ id: 'DEMO-610426-777777' }) }, COORD_YS, 'BAD_USER_INPUT', 'household-number', 'input.id');
    await refused(FILE, { input: input({ villageCode: YS }) }, COORD_YS, 'BAD_USER_INPUT', 'level', 'input.villageCode');
    await refused(FILE, { input: input({ size: 0 }) }, COORD_YS, 'BAD_USER_INPUT', 'range', 'input.size');
    await refused(FILE, { input: input({ status: 'EXITED' }) }, COORD_YS, 'BAD_USER_INPUT', 'status', 'input.status');
    await refused(FILE, { input: input() }, COORD_CH, 'FORBIDDEN', 'poverty-office');
    await refused(FILE, { input: input() }, null, 'FORBIDDEN', 'signed-in');
    const filed = (await ok(FILE, { input: input() }, COORD_YS)).fileHousehold;
    expect(filed).toMatchObject({
      id: 'YS-2016-0001',
      status: 'NEWLY_IDENTIFIED',
      village: { code: village },
      history: [{ year: 2016, status: 'NEWLY_IDENTIFIED' }],
    });
    await refused(FILE, { input: input() }, COORD_YS, 'BAD_USER_INPUT', 'duplicate', 'input.id');
    await refused(STATUS, { id: filed.id, year: 2016, status: 'EXITED' }, COORD_YS, 'BAD_USER_INPUT', 'status-forward', 'year');
    await refused(STATUS, { id: filed.id, year: 2017, status: 'RETURNED' }, COORD_YS, 'BAD_USER_INPUT', 'status', 'status');
    await refused(STATUS, { id: filed.id, year: 2017, status: 'EXITED' }, COORD_CH, 'FORBIDDEN', 'poverty-office');
    const exited = (await ok(STATUS, { id: filed.id, year: 2018, status: 'EXITED' }, COORD_YS)).setHouseholdStatus;
    expect(exited).toMatchObject({
      status: 'EXITED',
      history: [
        { year: 2016, status: 'NEWLY_IDENTIFIED' },
        { year: 2018, status: 'EXITED' },
      ],
    });
    const counts = (await ok(`{ region(code: "${village}") { y2017: households(year: 2017) { byStatus { status count } } } }`, {}, null)).region;
    expect(counts.y2017.byStatus.find((s: { status: string }) => s.status === 'NEWLY_IDENTIFIED')?.count).toBeGreaterThanOrEqual(1);
    const log = await one<{ action: string }>(`select action from local.audit_log where entity = 'PoorHousehold' and outcome = 'applied' order by id`);
    expect(log.map((l) => l.action)).toEqual(['fileHousehold', 'setHouseholdStatus']);
  });
});
